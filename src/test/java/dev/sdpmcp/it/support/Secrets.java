package dev.sdpmcp.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;

/**
 * Every secret and token the tests use, written to IT_SECRETS_DIR, so that {@code LogSecretsIT} can prove that none of
 * them ever reached a server log. Works in the test JVM and inside the server (both see the variable).
 */
public final class Secrets {

    private static final Path FILE = Path.of(System.getenv().getOrDefault("IT_SECRETS_DIR", "target/it-secrets"),
            "secrets-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID() + ".txt");

    private Secrets() {
    }

    public static synchronized void remember(String... values) {
        remember(List.of(values));
    }

    public static synchronized void remember(List<String> values) {
        try {
            Files.createDirectories(FILE.getParent());
            Files.write(FILE, values.stream().filter(v -> v != null && v.length() >= 8).toList(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
