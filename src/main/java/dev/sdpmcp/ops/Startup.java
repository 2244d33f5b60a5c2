package dev.sdpmcp.ops;

import dev.sdpmcp.config.Settings;
import dev.sdpmcp.persistence.Database;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * At start-up: migrate the schema (retrying in the background while the database is unreachable) and print the
 * banner operators know from the seed guide.
 */
@ApplicationScoped
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class.getName());
    private static final long MIGRATION_RETRY_SECONDS = 30;

    @Inject
    Settings settings;

    @Inject
    Database database;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile ScheduledFuture<?> migrationRetry;

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        boolean connected = database.migrate();
        LOG.info(banner(connected));
        if (!connected) {
            migrationRetry = scheduler.scheduleWithFixedDelay(this::retryMigration, MIGRATION_RETRY_SECONDS,
                    MIGRATION_RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void retryMigration() {
        if (database.migrate()) {
            LOG.info("Database: Connected (" + database.description() + ")");
            migrationRetry.cancel(false);
        }
    }

    String banner(boolean connected) {
        String host = settings.httpHost();
        String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + settings.httpPort();
        String database = this.database.description() + " — " + (connected ? "Connected"
                : "NOT connected (" + this.database.lastError() + "); retrying every " + MIGRATION_RETRY_SECONDS + " s");
        return String.join(System.lineSeparator(),
                "Service Desk Plus MCP Server Ready (Self Client Auth)",
                "Endpoint: " + base + "/sse",
                "Endpoint (Streamable HTTP): " + base + "/mcp",
                "Instance: " + settings.instanceName().orElse("(not set: SDP_INSTANCE_NAME)"),
                "Auth: Self Client (OAuth) — each user sends X-SDP-Client-Id and X-SDP-Client-Secret",
                "Database: " + database,
                "Version: " + ServerInfo.NAME + " " + ServerInfo.version());
    }
}
