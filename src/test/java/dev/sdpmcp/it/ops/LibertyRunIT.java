package dev.sdpmcp.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.ModernMcp;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.SecondServer;
import dev.sdpmcp.it.support.TestUsers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's first command on a fresh checkout: {@code mvn liberty:run}, with nothing configured, builds and starts
 * the server and its sandbox (the simulators, which liberty:run compiles and deploys though it runs no build phase),
 * and a newcomer can authorize and work tickets on it. Run on a copy of the sources, so it builds from nothing.
 */
@RunsOnPostgresql
class LibertyRunIT {

    static final Path CHECKOUT = Path.of("target", "liberty-run-check");
    static final Duration START = Duration.ofMinutes(5);

    @Test
    void mvnLibertyRunServesTheServerAndItsSandbox() throws Exception {
        int port = Integer.parseInt(System.getenv("SDP_HTTP_PORT")) + 34;
        URI server = URI.create("http://127.0.0.1:" + port);
        freshCheckout();
        Process run = libertyRun(port);
        try {
            awaitReady(server, run);
            JsonNode status = ModernMcp.body(Http.send("GET", server.resolve("/sandbox/_sim/status"), Map.of(), null));
            assertTrue(status.path("sandbox").asBoolean(), status.toString());

            TestUsers user = TestUsers.authorized(server);
            JsonNode listed = ModernMcp.call(server, user.headers(), "list_requests", Map.of());
            assertFalse(listed.path("isError").asBoolean(), listed.toString());
            assertTrue(listed.path("structuredContent").path("requests").size() > 0, "the sandbox's sample tickets: " + listed);

            String log = Files.readString(CHECKOUT.resolve("run.log"));
            assertTrue(log.contains("Service Desk Plus MCP Server Ready"), log);
            assertFalse(log.contains(SandboxWarMissingIT.WARNING), log);
        } finally {
            stop(run);
        }
    }

    /** The files a checkout holds that liberty:run reads, with no build output. */
    private static void freshCheckout() throws IOException {
        SecondServer.deleteTree(CHECKOUT);
        Files.createDirectories(CHECKOUT);
        Files.copy(Path.of("pom.xml"), CHECKOUT.resolve("pom.xml"));
        for (String part : List.of("server-config", "src/main", "src/sandbox")) {
            SecondServer.copyTree(Path.of(part), CHECKOUT.resolve(part), relative -> false);
        }
    }

    /** The README's command that starts the server: the first line of its set-up, without the comment. */
    static List<String> readmeCommand() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("it.readme")));
        Matcher setUp = Pattern.compile("## Set-up on a fresh machine.*?```bash\\n([^\\n#]+)", Pattern.DOTALL).matcher(readme);
        assertTrue(setUp.find(), "the README's set-up starts with a command");
        List<String> command = List.of(setUp.group(1).trim().split("\\s+"));
        assertEquals(List.of("mvn", "liberty:run"), command, "the README's first command");
        return command;
    }

    /** The README's command as a newcomer runs it: none of the test servers' settings, only a free port. */
    private static Process libertyRun(int port) throws IOException {
        List<String> command = new ArrayList<>(readmeCommand());
        command.set(0, Path.of(System.getProperty("it.maven.home"), "bin", "mvn").toString());
        command.addAll(1, List.of("-B", "-Dmaven.repo.local=" + System.getProperty("it.maven.repo")));
        ProcessBuilder builder = new ProcessBuilder(command).directory(CHECKOUT.toFile()).redirectErrorStream(true)
                .redirectOutput(CHECKOUT.resolve("run.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("SDP_") || name.startsWith("IT_") || name.equals("LOG_DIR"));
        env.put("SDP_HTTP_PORT", Integer.toString(port));
        return builder.start();
    }

    private static void awaitReady(URI server, Process run) throws Exception {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(run.isAlive(), () -> "mvn liberty:run ended: " + tail());
            try {
                HttpResponse<String> ready = Http.send("GET", server.resolve("/health/ready"), Map.of(), null);
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("not ready within " + START + ": " + tail());
    }

    private static String tail() {
        try {
            List<String> lines = Files.readAllLines(CHECKOUT.resolve("run.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Stops Liberty (a child of Maven) the way Ctrl+C would, then Maven. */
    private static void stop(Process run) throws InterruptedException {
        List<ProcessHandle> all = Stream.concat(run.descendants(), Stream.of(run.toHandle())).toList();
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : all) {
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception stuck) {
                process.destroyForcibly();
            }
        }
    }
}
