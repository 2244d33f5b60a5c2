package dev.sdpmcp.it.embedded;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.RunsOnEmbeddedRestart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs last: every secret, grant code and token the whole test run used (see Secrets) is searched for in every file
 * the servers wrote to their log directories, FFDC incident reports included. Not one may appear.
 */
@RunsOnEmbeddedRestart
class LogSecretsIT {

    @Test
    void noSecretOrTokenAppearsInAnyServerLog() throws IOException {
        Set<String> secrets = new HashSet<>();
        try (Stream<Path> files = Files.list(Path.of(System.getenv("IT_SECRETS_DIR")))) {
            for (Path file : files.toList()) {
                secrets.addAll(Files.readAllLines(file));
            }
        }
        secrets.removeIf(s -> s.length() < 8);
        assertTrue(secrets.size() > 50, "the run recorded its secrets: " + secrets.size());
        List<Path> logs;
        try (Stream<Path> walk = Files.walk(Path.of(System.getProperty("it.logs.dir")))) {
            logs = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(logs.size() >= 3, "the server logs of the run: " + logs);
        List<String> leaks = new ArrayList<>();
        for (Path log : logs) {
            String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
            for (String secret : secrets) {
                if (text.contains(secret)) {
                    leaks.add(log.getFileName() + " contains " + secret.substring(0, 6) + "…");
                }
            }
        }
        assertFalse(!leaks.isEmpty(), "secrets in logs: " + leaks);
    }
}
