package dev.sdpmcp.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.RunsOnPostgresql;
import java.io.IOException;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The production WAR (and so the Docker image) carries nothing of the simulators, which hand out grant codes for any
 * client id; they are the sandbox WAR's alone, and that one needs none of the MCP server's classes.
 */
@RunsOnPostgresql
class WarContentsIT {

    static List<String> entries(String property) throws IOException {
        try (ZipFile war = new ZipFile(System.getProperty(property))) {
            return war.stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void theProductionWarHasNoSimulator() throws IOException {
        List<String> simulator = entries("it.war").stream()
                .filter(name -> name.contains("dev/sdpmcp/sandbox") || name.endsWith("sdp-seed.json")).toList();
        assertEquals(List.of(), simulator, "simulator entries in sdp-mcp.war");
    }

    @Test
    void theSandboxWarHasTheSimulatorsAndNothingOfTheServer() throws IOException {
        List<String> entries = entries("it.sandbox.war");
        assertTrue(entries.contains("WEB-INF/classes/dev/sdpmcp/sandbox/SandboxApplication.class"), entries.toString());
        assertTrue(entries.contains("WEB-INF/classes/sandbox/sdp-seed.json"), entries.toString());
        List<String> server = entries.stream()
                .filter(name -> name.startsWith("WEB-INF/classes/") && name.endsWith(".class")
                        && !name.startsWith("WEB-INF/classes/dev/sdpmcp/sandbox/")).toList();
        assertEquals(List.of(), server, "classes of the MCP server in sdp-sandbox.war");
    }
}
