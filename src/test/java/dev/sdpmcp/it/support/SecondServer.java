package dev.sdpmcp.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Another Open Liberty server process next to the one Arquillian manages, for what only several processes show
 * (servers sharing a database, a graceful stop). It runs from the test Liberty install with the test server's
 * configuration and the built WARs (sdp-mcp.war in dropins; the sandbox WAR from target, as the test server's
 * configDropins/defaults/sandbox-war.xml names it), in {@code wlp/usr/servers/<name>}, started and stopped with
 * {@code bin/server} as an operator would.
 *
 * <p>Its environment is the test JVM's {@code SDP_*} variables (the failsafe execution's settings, so the same
 * encryption key and token policy) with: its own HTTP port on 127.0.0.1, no HTTPS, its own data directory, the test
 * run's PostgreSQL (it.db.*), then whatever the test passes (an empty value removes a variable). Its logs go to
 * {@code it.logs.dir/<name>} (or its server directory), never into the managed server's.
 *
 * <p>Always use it in try-with-resources: {@link #close()} stops it, and kills it if it does not stop; a JVM
 * shutdown hook kills it too if the test JVM ends first.
 */
public final class SecondServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final int port;
    private final Path wlp;
    private final Path dir;
    private final Path logs;
    private final Map<String, String> env;
    private final Thread killOnExit;
    private volatile boolean running;

    private SecondServer(String name, int port, Path wlp, Map<String, String> env) {
        this.name = name;
        this.port = port;
        this.wlp = wlp;
        this.dir = wlp.resolve("usr/servers").resolve(name);
        // Under it.logs.dir, where the log scan for secrets (LogSecretsIT) reads every server's logs.
        String logsDir = System.getProperty("it.logs.dir");
        this.logs = logsDir == null ? dir.resolve("logs") : Path.of(logsDir).resolve(name);
        this.env = new HashMap<>(env);
        this.env.put("LOG_DIR", logs.toString());
        this.killOnExit = new Thread(this::kill, "kill " + name);
    }

    /** Creates server {@code name} afresh, starts it on {@code port} and returns once /health/ready answers 200. */
    public static SecondServer start(String name, int port, Map<String, String> env) {
        return start(name, port, env, true);
    }

    /** As {@link #start(String, int, Map)}, with or without the sandbox WAR (the simulators) deployed. */
    public static SecondServer start(String name, int port, Map<String, String> env, boolean sandboxWar) {
        SecondServer server = launch(name, port, env, sandboxWar);
        try {
            server.awaitReady();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Starts a server whose application must refuse to start, and returns once Liberty has logged the application's
     * failure (CWWKZ0002E, or CWWKZ0012I "was not started"): the server never answered /health/ready with 200 meanwhile.
     */
    public static SecondServer startRefused(String name, int port, Map<String, String> env) {
        SecondServer server = launch(name, port, env, true);
        try {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!server.logText().contains("CWWKZ0002E") && !server.logText().contains("CWWKZ0012I")) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the application of " + name + " neither started nor failed in " + START_TIMEOUT);
                }
                if (server.readyStatus() == 200) {
                    throw new AssertionError("server " + name + " became ready; log: " + server.log());
                }
                sleep(500);
            }
            if (server.readyStatus() == 200) {
                throw new AssertionError("server " + name + " is ready after its application failed; log: " + server.log());
            }
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static SecondServer launch(String name, int port, Map<String, String> env, boolean sandboxWar) {
        Path template = Path.of(System.getProperty("it.server.dir", "target/liberty/wlp/usr/servers/sdp-test"));
        Path wlp = template.getParent().getParent().getParent();
        Map<String, String> environment = environment(name, port, wlp, env);
        SecondServer server = new SecondServer(name, port, wlp, environment);
        server.create(template, sandboxWar);
        Runtime.getRuntime().addShutdownHook(server.killOnExit);
        try {
            server.running = true;
            server.command(START_TIMEOUT, "start", name, "--clean");
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The status of GET /health/ready, or 0 without an answer. */
    private int readyStatus() {
        try {
            return Http.send("GET", uri("/health/ready"), Map.of(), null).statusCode();
        } catch (IllegalStateException e) {
            return 0;
        }
    }

    /** Settings for a server that uses another server's simulators (Zoho and ServiceDesk Plus), so both see one sandbox. */
    public static Map<String, String> sharingSandboxOf(URI other) {
        String root = other.toString().replaceAll("/$", "");
        return Map.of("SDP_ACCOUNTS_URL", root + "/sandbox/zoho", "SDP_BASE_URL", root + "/sandbox/sdp");
    }

    private static Map<String, String> environment(String name, int port, Path wlp, Map<String, String> given) {
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((key, value) -> {
            if (key.startsWith("SDP_") && !key.startsWith("SDP_HTTPS_") && !key.startsWith("SDP_KEYSTORE_")) {
                env.put(key, value);
            }
        });
        env.put("SDP_HTTP_PORT", Integer.toString(port));
        env.put("SDP_HTTP_HOST", "127.0.0.1");
        env.put("SDP_DATA_DIR", wlp.resolve("usr/servers").resolve(name).resolve("data").toString());
        env.put("SDP_DB_HOST", System.getProperty("it.db.host", "127.0.0.1"));
        env.put("SDP_DB_PORT", System.getProperty("it.db.port", "5432"));
        env.put("SDP_DB_NAME", System.getProperty("it.db.name", "sdp_mcp_it"));
        env.put("SDP_DB_USER", System.getProperty("it.db.user", "postgres"));
        env.put("SDP_DB_PASSWORD", System.getProperty("it.db.password", ""));
        given.forEach((key, value) -> {
            if (value == null || value.isEmpty()) {
                env.remove(key);
            } else {
                env.put(key, value);
            }
        });
        return env;
    }

    /** A fresh server directory: the test server's configuration files (with or without the sandbox WAR), the WAR in dropins. */
    private void create(Path template, boolean sandboxWar) {
        try {
            stopLeftover();
            deleteTree(dir);
            deleteTree(logs);
            Files.createDirectories(dir.resolve("dropins"));
            // not the other server's deployments and state
            copyTree(template, dir, relative -> relative.getNameCount() > 1 && List.of("apps", "dropins", "logs", "workarea",
                    "resources", "data", "tranlog", "temp").contains(relative.getName(0).toString()));
            Path war = Path.of(System.getProperty("it.war", "target/sdp-mcp.war"));
            Files.copy(war, dir.resolve("dropins").resolve("sdp-mcp.war"), StandardCopyOption.REPLACE_EXISTING);
            if (!sandboxWar) {
                // as a production server: without the configuration that deploys the simulators
                Files.delete(dir.resolve("configDropins/defaults/sandbox-war.xml"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server of this name left running by an earlier, aborted run would hold the port. */
    private void stopLeftover() {
        pid().flatMap(ProcessHandle::of).ifPresent(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        });
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public URI uri(String path) {
        return base().resolve(path);
    }

    public int port() {
        return port;
    }

    /** Liberty's messages.log of this server. */
    public Path log() {
        return logs.resolve("messages.log");
    }

    public String logText() {
        try {
            return Files.exists(log()) ? Files.readString(log(), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's process, while it runs. */
    public Optional<ProcessHandle> process() {
        return pid().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    }

    private Optional<Long> pid() {
        Path file = wlp.resolve("usr/servers/.pid").resolve(name + ".pid");
        try {
            return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A graceful stop ({@code server stop}: Liberty quiesces, then stops the application); how long it took. */
    public Duration stop() {
        long started = System.nanoTime();
        if (running) {
            Optional<ProcessHandle> process = process();
            command(Duration.ofSeconds(90), "stop", name, "--timeout=80s");
            process.ifPresent(p -> p.onExit().orTimeout(30, TimeUnit.SECONDS).join());
            running = false;
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Ends the process at once (SIGKILL), as a crash or an OOM killer would. */
    public void kill() {
        process().ifPresent(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        });
        running = false;
    }

    public boolean isRunning() {
        return process().isPresent();
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (RuntimeException e) {
            // fall through to kill
        } finally {
            kill();
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException ignored) {
                // the JVM is exiting: the hook runs anyway
            }
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> ready = Http.send("GET", uri("/health/ready"), Map.of(), null);
                if (ready.statusCode() == 200) {
                    return;
                }
                last = ready.statusCode() + " " + ready.body();
            } catch (IllegalStateException e) {
                last = e.getMessage();
            }
            sleep(500);
        }
        throw new IllegalStateException("server " + name + " not ready after " + START_TIMEOUT + " (" + last + "); log: " + log());
    }

    private void command(Duration timeout, String... arguments) {
        String script = wlp.resolve("bin/server").toString();
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of(script), Stream.of(arguments)).toList())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server-command.log").toFile()));
        builder.environment().keySet().removeIf(key -> key.startsWith("SDP_") || key.equals("LOG_DIR"));
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("server " + String.join(" ", arguments) + " did not finish in " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("server " + String.join(" ", arguments) + " exited with " + process.exitValue()
                        + ": " + Files.readString(dir.resolve("server-command.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Copies the files under {@code from} to the same places under {@code to}, but those {@code skip} names (by relative path). */
    public static void copyTree(Path from, Path to, Predicate<Path> skip) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path relative = from.relativize(file);
                if (!skip.test(relative)) {
                    Files.createDirectories(to.resolve(relative.toString()).getParent());
                    Files.copy(file, to.resolve(relative.toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
