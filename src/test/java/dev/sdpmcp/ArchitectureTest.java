package dev.sdpmcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What may use what among the top-level packages of the server (docs/architecture.md): no cycle, and the clients of
 * ServiceDesk Plus and Zoho know nothing of MCP. Read from the sources, so a new dependency fails here at once.
 */
class ArchitectureTest {

    static final Path SOURCES = Path.of("src", "main", "java", "dev", "sdpmcp");
    static final Path SIMULATOR_ROOT = Path.of("src", "sandbox", "java");
    /** What mvn liberty:run compiles the simulators from (the POM's liberty-run-compile). */
    static final Path SIMULATOR_APPLICATION = SIMULATOR_ROOT.resolve("dev/sdpmcp/sandbox/SandboxApplication.java");
    static final Pattern USE = Pattern.compile("\\bdev\\.sdpmcp\\.([a-z]+)\\.");

    /** Top-level package → the top-level packages its sources name. */
    static Map<String, Set<String>> uses() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (Path file : javaFiles(SOURCES)) {
            String from = SOURCES.relativize(file).getName(0).toString();
            if (from.endsWith(".java")) {
                continue;
            }
            Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
            Matcher use = USE.matcher(Files.readString(file));
            while (use.find()) {
                if (!use.group(1).equals(from)) {
                    to.add(use.group(1));
                }
            }
        }
        return uses;
    }

    @Test
    void noCycleAmongTopLevelPackages() throws IOException {
        Map<String, Set<String>> uses = uses();
        for (String start : uses.keySet()) {
            List<String> cycle = cycleFrom(start, start, uses, new ArrayList<>(List.of(start)), new HashSet<>());
            assertTrue(cycle == null, "a cycle: " + cycle);
        }
    }

    private static List<String> cycleFrom(String start, String at, Map<String, Set<String>> uses, List<String> path,
            Set<String> seen) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(next);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = cycleFrom(start, next, uses, path, seen);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }

    @Test
    void theClientsKnowNothingOfMcp() throws IOException {
        Map<String, Set<String>> uses = uses();
        Set<String> mcp = Set.of("tools", "transport", "session", "ops", "admin");
        for (String client : List.of("sdp", "zoho")) {
            Set<String> wrong = new TreeSet<>(uses.getOrDefault(client, Set.of()));
            wrong.retainAll(mcp);
            assertEquals(Set.of(), wrong, client + " must not use the MCP side");
        }
        assertEquals(Set.of("config", "http"), uses.get("zoho"), "the Zoho client needs only the settings and HTTP");
        // the token service serves /oauth too (the public address of a request is a session matter), never a tool
        assertTrue(uses.get("tokens").stream().noneMatch(Set.of("tools", "transport", "ops", "admin")::contains), "tokens");
    }

    @Test
    void onlySettingsReadsConfiguration() throws IOException {
        for (Path file : javaFiles(SOURCES)) {
            String text = Files.readString(file);
            boolean reads = text.contains("@ConfigProperty") || text.contains("ConfigProvider.getConfig");
            assertTrue(!reads || file.endsWith(Path.of("config", "Settings.java")), file + " reads configuration itself");
        }
    }

    /**
     * The simulators share target/classes with the server (two WARs made from one output): neither may name the
     * other, or the production WAR, which leaves the simulators out, would fail at run time instead of at build time.
     */
    @Test
    void theServerAndTheSimulatorsNameNothingOfEachOther() throws IOException {
        for (Path file : javaFiles(SOURCES)) {
            assertTrue(!Files.readString(file).contains("dev.sdpmcp.sandbox"), file + " names the simulators");
        }
        for (Path file : javaFiles(SIMULATOR_ROOT)) {
            Matcher use = USE.matcher(Files.readString(file));
            while (use.find()) {
                assertEquals("sandbox", use.group(1), file + " names the server");
            }
        }
    }

    /**
     * mvn liberty:run runs no build phase and compiles once: the simulators are compiled from their application class
     * and what it reaches on their source path. A simulator class nothing reaches would be missing there only.
     */
    @Test
    void libertyRunReachesEverySimulatorClass(@TempDir Path out) throws IOException {
        assertTrue(Files.readString(Path.of("pom.xml")).contains("${project.basedir}/" + SIMULATOR_APPLICATION),
                "the POM's liberty-run-compile compiles from " + SIMULATOR_APPLICATION);
        String classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("classes")).collect(Collectors.joining(File.pathSeparator));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", out.toString(), "-classpath", classPath, "-sourcepath",
                SIMULATOR_ROOT.toString(), "-implicit:class", "-proc:none", SIMULATOR_APPLICATION.toString());
        assertEquals(0, status, "javac");
        Set<String> missed = topLevelTypes(SIMULATOR_ROOT, ".java");
        missed.removeAll(topLevelTypes(out, ".class"));
        assertEquals(Set.of(), missed, "simulator classes mvn liberty:run would not compile: reach them from SandboxApplication");
    }

    private static Set<String> topLevelTypes(Path root, String suffix) throws IOException {
        Set<String> types = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.map(root::relativize).map(Path::toString).filter(name -> name.endsWith(suffix) && !name.contains("$"))
                    .forEach(name -> types.add(name.substring(0, name.length() - suffix.length())));
        }
        return types;
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }
}
