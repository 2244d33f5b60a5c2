package dev.sdpmcp.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docker-compose.yml publishes nothing beyond this machine: every port it maps is bound to 127.0.0.1. */
class ComposePortsTest {

    /** Each entry of every {@code ports:} list, as written (the file uses the short "host:container" form). */
    static List<String> publishedPorts(List<String> lines) {
        List<String> ports = new ArrayList<>();
        int listIndent = -1;
        for (String line : lines) {
            String text = line.replaceAll("\\s+#.*$", "");
            if (text.isBlank() || text.trim().startsWith("#")) {
                continue;
            }
            int indent = text.length() - text.stripLeading().length();
            if (listIndent >= 0 && indent > listIndent) {
                ports.add(text.trim().replaceFirst("^-\\s*", "").replaceAll("^[\"']|[\"']$", ""));
                continue;
            }
            listIndent = text.trim().equals("ports:") ? indent : -1;
        }
        return ports;
    }

    @Test
    void everyPublishedPortIsBoundToLoopback() throws Exception {
        List<String> ports = publishedPorts(Files.readAllLines(Path.of("docker-compose.yml")));
        assertFalse(ports.isEmpty(), "the parser found the ports lists");
        for (String port : ports) {
            assertTrue(port.matches("127\\.0\\.0\\.1:\\d+:\\d+"), "published beyond this machine: " + port);
        }
    }

    @Test
    void theParserSeesAnUnboundPort() {
        List<String> ports = publishedPorts(List.of("services:", "  db:", "    ports:", "      - \"5433:5432\"",
                "      - 127.0.0.1:1:1", "    volumes:", "      - x:/y"));
        assertTrue(ports.equals(List.of("5433:5432", "127.0.0.1:1:1")), ports.toString());
    }
}
