package dev.sdpmcp.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of the test's own (initdb into target/, trust authentication, 127.0.0.1 only), for tests that
 * stop and start the database: they must never touch the shared one. Port: -Dit.private.db.port (5499); binaries:
 * the newest /usr/lib/postgresql/&lt;version&gt;/bin, or -Dit.private.db.bin. Run as root, the cluster runs as the
 * postgres user (PostgreSQL refuses root).
 */
public final class PrivatePostgres implements AutoCloseable {

    public static final String DATABASE = "sdp_mcp_private";

    private final Path data;
    private final int port;
    private final Path bin;

    private PrivatePostgres(Path data, int port, Path bin) {
        this.data = data;
        this.port = port;
        this.bin = bin;
    }

    /** A fresh cluster under target/{@code name}, started, with an empty database {@link #DATABASE}. */
    public static PrivatePostgres create(String name) {
        PrivatePostgres pg = new PrivatePostgres(Path.of("target", name).toAbsolutePath(),
                Integer.getInteger("it.private.db.port", 5499), binaries());
        pg.initialize();
        pg.start();
        try (Connection db = pg.connect("postgres")) {
            db.createStatement().execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            pg.close();
            throw new IllegalStateException("the private PostgreSQL cluster does not answer", e);
        }
        return pg;
    }

    private static Path binaries() {
        String configured = System.getProperty("it.private.db.bin");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String[] versions = new File("/usr/lib/postgresql").list();
        if (versions == null || versions.length == 0) {
            throw new IllegalStateException("No PostgreSQL binaries in /usr/lib/postgresql: set -Dit.private.db.bin to the directory of initdb and pg_ctl");
        }
        Arrays.sort(versions, (a, b) -> Integer.compare(Integer.parseInt(a.replaceAll("\\D", "0")), Integer.parseInt(b.replaceAll("\\D", "0"))));
        return Path.of("/usr/lib/postgresql", versions[versions.length - 1], "bin");
    }

    public int port() {
        return port;
    }

    /** The settings a server needs to use this cluster. */
    public Map<String, String> serverSettings() {
        return Map.of("SDP_DB_HOST", "127.0.0.1", "SDP_DB_PORT", Integer.toString(port), "SDP_DB_NAME", DATABASE,
                "SDP_DB_USER", "postgres", "SDP_DB_PASSWORD", "");
    }

    public Connection connect() throws SQLException {
        return connect(DATABASE);
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
    }

    private void initialize() {
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run(false, "pg_ctl", "-D", data.toString(), "stop", "-m", "immediate"); // left running by an aborted run
            }
            SecondServer.deleteTree(data);
            Files.createDirectories(data);
            if (asRoot()) {
                command(List.of("chown", "postgres", data.toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(true, "initdb", "-D", data.toString(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync");
    }

    /** Starts the cluster and returns once it accepts connections. */
    public void start() {
        run(true, "pg_ctl", "-D", data.toString(), "-l", data.resolve("server.log").toString(), "-w", "-t", "60", "start",
                "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + data + " -c fsync=off");
    }

    /** Stops it the way an operator would ({@code pg_ctl stop -m fast}: sessions are ended, then the server stops). */
    public void stop() {
        run(true, "pg_ctl", "-D", data.toString(), "-w", "-t", "60", "stop", "-m", "fast");
    }

    @Override
    public void close() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            run(false, "pg_ctl", "-D", data.toString(), "-w", "-t", "60", "stop", "-m", "immediate");
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void run(boolean mustSucceed, String program, String... arguments) {
        List<String> line = new ArrayList<>();
        if (asRoot()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.add(bin.resolve(program).toString());
        line.addAll(List.of(arguments));
        String output = command(line);
        if (mustSucceed && output != null) {
            throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
        }
    }

    /** Runs a command; null if it succeeded, else its output. */
    private static String command(List<String> line) {
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "timed out";
            }
            return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
