package dev.sdpmcp.ops;

import dev.sdpmcp.config.Settings;
import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.persistence.Database;
import dev.sdpmcp.sdp.SdpAddress;
import dev.sdpmcp.tokens.KeyRing;
import dev.sdpmcp.tokens.KeyRotation;
import dev.sdpmcp.tokens.TokenLedger;
import dev.sdpmcp.tools.ServerInfo;
import dev.sdpmcp.usage.UsageLog;
import dev.sdpmcp.zoho.ZohoEndpoints;
import jakarta.annotation.PreDestroy;
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
    /** The first sweep waits for start-up to settle; later ones catch values a server not yet rotated wrote. */
    static final long KEY_SWEEP_DELAY_SECONDS = 30;
    static final long KEY_SWEEP_INTERVAL_SECONDS = 600;

    @Inject
    Settings settings;

    @Inject
    Database database;

    @Inject
    KeyRing keys;

    @Inject
    ZohoEndpoints zoho;

    @Inject
    SdpAddress sdp;

    @Inject
    UsageLog usage;

    @Inject
    TokenLedger tokens;

    @Inject
    KeyRotation rotation;

    @Inject
    SandboxProbe sandboxProbe;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile ScheduledFuture<?> migrationRetry;
    private volatile ScheduledFuture<?> usagePurge;
    private volatile ScheduledFuture<?> keySweep;

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        try {
            // Configuration errors stop the application here, with the reason, instead of at the first user's call.
            settings.sandbox();
            keys.currentKeyId();
            zoho.accountsUrl();
            settings.toolsets();
            sdp.apiUrl();
        } catch (RuntimeException e) {
            LOG.severe("sdp-mcp cannot start: " + rootMessage(e));
            throw e;
        }
        boolean connected = database.migrate();
        LOG.info(banner(connected));
        sandboxProbe.start();
        usagePurge = scheduler.scheduleAtFixedRate(this::purgeUsage, 1, TimeUnit.DAYS.toMinutes(1), TimeUnit.MINUTES);
        keySweep = scheduler.scheduleWithFixedDelay(this::reencrypt, KEY_SWEEP_DELAY_SECONDS, KEY_SWEEP_INTERVAL_SECONDS,
                TimeUnit.SECONDS);
        if (!connected) {
            migrationRetry = scheduler.scheduleWithFixedDelay(this::retryMigration, MIGRATION_RETRY_SECONDS,
                    MIGRATION_RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The scheduler outlives the application (a redeploy, a stop): its tasks must not run on without it. */
    @PreDestroy
    void stop() {
        for (ScheduledFuture<?> task : new ScheduledFuture<?>[] {usagePurge, migrationRetry, keySweep}) {
            if (task != null) {
                task.cancel(false);
            }
        }
    }

    /**
     * Once a day: usage rows older than SDP_USAGE_RETENTION_DAYS go, and token audit rows older than
     * SDP_TOKEN_EVENTS_RETENTION_DAYS (attempts nobody could verify after a day).
     */
    void purgeUsage() {
        try {
            int purged = usage.purgeExpired();
            if (purged > 0) {
                LOG.info(() -> "Purged " + purged + " usage rows older than " + usage.retentionDays() + " days");
            }
            int events = tokens.purgeExpiredEvents();
            if (events > 0) {
                LOG.info(() -> "Purged " + events + " token audit rows older than " + tokens.eventRetentionDays() + " days");
            }
        } catch (RuntimeException e) {
            LOG.warning("Daily purge failed, will retry tomorrow: " + e);
        }
    }

    /** Values an older key made are re-encrypted with the current one (a no-op query when there are none). */
    void reencrypt() {
        if (!database.isMigrated()) {
            return;
        }
        try {
            rotation.reencryptAll();
        } catch (RuntimeException e) {
            LOG.warning("Re-encrypting with the current key failed, will retry in " + KEY_SWEEP_INTERVAL_SECONDS + " s: " + rootMessage(e));
        }
    }

    private void retryMigration() {
        if (database.migrate()) {
            LOG.info("Database: Connected (" + database.description() + ")");
            migrationRetry.cancel(false);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** Only Liberty has an admin center (off unless an operator adds it, docs/deployment.md); the WAR elsewhere has /admin alone. */
    private String adminCenter() {
        if (System.getProperty("wlp.install.dir") == null) {
            return "";
        }
        return "; Liberty's admin center and JMX REST connector are off unless configured (docs/deployment.md), "
                + "and then only for the group liberty-admin";
    }

    String banner(boolean connected) {
        String host = settings.httpHost().contains(":") ? "[" + settings.httpHost() + "]" : settings.httpHost();
        String base = "http://" + host + ":" + settings.httpPort();
        String database = this.database.description() + " — " + (connected ? "Connected"
                : "NOT connected (" + this.database.lastError() + "); retrying every " + MIGRATION_RETRY_SECONDS + " s");
        return String.join(System.lineSeparator(),
                "Service Desk Plus MCP Server Ready (Self Client Auth)",
                "Endpoint: " + base + "/sse",
                "Endpoint (Streamable HTTP): " + base + "/mcp",
                "Instance: " + settings.instanceName().orElse("(not set: SDP_INSTANCE_NAME)"),
                "Auth: Self Client (OAuth) — each user sends X-SDP-Client-Id and X-SDP-Client-Secret",
                "ServiceDesk Plus: " + (settings.sandbox() ? "SANDBOX — a built-in simulator with sample data at " + sdp.apiUrl()
                        + " (set SDP_BASE_URL and SDP_INSTANCE_NAME to use your own)" : sdp.apiUrl()),
                "Tools: " + (settings.readOnly() ? "read-only" : "read and write") + ", "
                        + (settings.toolsets().isEmpty() ? "all groups"
                                : "groups " + String.join(", ", settings.toolsets().stream().map(Toolset::id).toList())),
                "Zoho accounts: " + zoho.accountsUrl() + zoho.dataCenter().map(dc -> " (data center " + dc + ")").orElse(""),
                "Encryption: " + keys.generatedKeyFile().map(file -> "WARNING: no SDP_ENCRYPTION_KEY, using a key "
                        + "generated in " + file + " (fine to try it out; set SDP_ENCRYPTION_KEY before real use)")
                        .orElse("AES-256-GCM, key " + keys.currentKeyId() + " from SDP_ENCRYPTION_KEY"),
                "Database: " + database,
                "Administration: " + base + "/admin for users in the group sdp-admin" + adminCenter(),
                "Version: " + ServerInfo.NAME + " " + ServerInfo.version());
    }
}
