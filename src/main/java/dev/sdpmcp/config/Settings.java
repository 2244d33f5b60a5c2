package dev.sdpmcp.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every operator setting, read through MicroProfile Config under the environment variable names the seed guide
 * uses (an environment variable, a system property or microprofile-config.properties can set each).
 */
@ApplicationScoped
public class Settings {

    @Inject
    @ConfigProperty(name = "SDP_HTTP_PORT", defaultValue = "3456")
    int httpPort;

    @Inject
    @ConfigProperty(name = "SDP_HTTP_HOST", defaultValue = "0.0.0.0")
    String httpHost;

    @Inject
    @ConfigProperty(name = "SDP_HTTPS_PORT", defaultValue = "9443")
    int httpsPort;

    /** Only whether it is set matters here (server.xml opens the keystore with it). */
    @Inject
    @ConfigProperty(name = "SDP_KEYSTORE_PASSWORD")
    Optional<String> keystorePassword;

    // Lists are read as one string and split here: Payara's MicroProfile Config cannot inject Optional<List<String>>.
    @Inject
    @ConfigProperty(name = "SDP_ALLOWED_ORIGINS")
    Optional<String> allowedOrigins;

    @Inject
    @ConfigProperty(name = "SDP_MAX_REQUEST_BYTES")
    Optional<Integer> maxRequestBytes;

    // ServiceDesk Plus's own default limit for one attachment is 10 MB (docs/sdp-api-fidelity.md §18, unconfirmed).
    @Inject
    @ConfigProperty(name = "SDP_MAX_ATTACHMENT_BYTES", defaultValue = "10485760")
    int maxAttachmentBytes;

    // About 12,000 tokens: well below Claude Code's 25,000-token limit for one tool result.
    @Inject
    @ConfigProperty(name = "SDP_MAX_RESULT_BYTES", defaultValue = "48000")
    int maxResultBytes;

    @Inject
    @ConfigProperty(name = "SDP_SSE_KEEPALIVE_SECONDS", defaultValue = "15")
    int keepAliveSeconds;

    @Inject
    @ConfigProperty(name = "SDP_SESSION_IDLE_TIMEOUT_SECONDS", defaultValue = "1800")
    int sessionIdleTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "SDP_SSE_MAX_BACKLOG_BYTES", defaultValue = "1048576")
    int maxStreamBacklogBytes;

    @Inject
    @ConfigProperty(name = "SDP_INSTANCE_NAME")
    Optional<String> instanceName;

    @Inject
    @ConfigProperty(name = "SDP_BASE_URL")
    Optional<String> baseUrl;

    /** SDP_SANDBOX=true: the simulators may run although PostgreSQL is configured (see {@link #sandbox()}). */
    @Inject
    @ConfigProperty(name = "SDP_SANDBOX", defaultValue = "false")
    boolean sandboxAsked;

    @Inject
    @ConfigProperty(name = "SDP_DB_HOST")
    Optional<String> dbHost;

    @Inject
    @ConfigProperty(name = "SDP_DB_PORT", defaultValue = "5433")
    int dbPort;

    @Inject
    @ConfigProperty(name = "SDP_DB_NAME", defaultValue = "sdp_mcp")
    String dbName;

    @Inject
    @ConfigProperty(name = "SDP_DB_USER", defaultValue = "sdpmcpservice")
    String dbUser;

    @Inject
    @ConfigProperty(name = "SDP_DATA_DIR")
    Optional<String> dataDir;

    @Inject
    @ConfigProperty(name = "SDP_READ_ONLY", defaultValue = "false")
    boolean readOnly;

    @Inject
    @ConfigProperty(name = "SDP_CONFIRM_DESTRUCTIVE", defaultValue = "true")
    boolean confirmDestructive;

    @Inject
    @ConfigProperty(name = "SDP_TOOLSETS")
    Optional<String> toolsets;

    @Inject
    @ConfigProperty(name = "SDP_MAX_SESSIONS_PER_USER", defaultValue = "20")
    int maxSessionsPerUser;

    @Inject
    @ConfigProperty(name = "SDP_MAX_SESSIONS", defaultValue = "1000")
    int maxSessions;

    @Inject
    @ConfigProperty(name = "SDP_REQUIRE_TLS", defaultValue = "false")
    boolean requireTls;

    @Inject
    @ConfigProperty(name = "SDP_TRUSTED_PROXIES")
    Optional<String> trustedProxies;

    @Inject
    @ConfigProperty(name = "SDP_LOOKUP_CACHE_SECONDS", defaultValue = "900")
    long lookupCacheSeconds;

    @Inject
    @ConfigProperty(name = "SDP_USAGE_RETENTION_DAYS", defaultValue = "90")
    int usageRetentionDays;

    @Inject
    @ConfigProperty(name = "SDP_ACCOUNTS_URL")
    Optional<String> accountsUrl;

    @Inject
    @ConfigProperty(name = "SDP_DATA_CENTER")
    Optional<String> dataCenter;

    @Inject
    @ConfigProperty(name = "SDP_TOKEN_BUDGET", defaultValue = "10")
    int tokenBudget;

    @Inject
    @ConfigProperty(name = "SDP_TOKEN_WINDOW_SECONDS", defaultValue = "600")
    long tokenWindowSeconds;

    @Inject
    @ConfigProperty(name = "SDP_TOKEN_REFRESH_MARGIN_SECONDS", defaultValue = "300")
    long tokenRefreshMarginSeconds;

    @Inject
    @ConfigProperty(name = "SDP_TOKEN_CIRCUIT_FAILURES", defaultValue = "3")
    int tokenCircuitFailures;

    @Inject
    @ConfigProperty(name = "SDP_TOKEN_CIRCUIT_DELAY_SECONDS", defaultValue = "300")
    long tokenCircuitDelaySeconds;

    @Inject
    @ConfigProperty(name = "SDP_ZOHO_CIRCUIT_DELAY_SECONDS", defaultValue = "60")
    long zohoCircuitDelaySeconds;

    @Inject
    @ConfigProperty(name = "SDP_UNVERIFIED_TOKEN_REQUESTS", defaultValue = "200")
    int unverifiedTokenRequests;

    @Inject
    @ConfigProperty(name = "SDP_TOKEN_EVENTS_RETENTION_DAYS", defaultValue = "90")
    int tokenEventsRetentionDays;

    @Inject
    @ConfigProperty(name = "SDP_ENCRYPTION_KEY")
    Optional<String> encryptionKey;

    @Inject
    @ConfigProperty(name = "SDP_ENCRYPTION_KEY_PREVIOUS")
    Optional<String> previousEncryptionKey;

    /** The key in a file instead (a Docker or Kubernetes secret), e.g. /run/secrets/sdp_encryption_key. */
    @Inject
    @ConfigProperty(name = "SDP_ENCRYPTION_KEY_FILE")
    Optional<String> encryptionKeyFile;

    /** Where a generated key lives: apart from the embedded database it protects (server.xml sets the default). */
    @Inject
    @ConfigProperty(name = "SDP_KEY_DIR")
    Optional<String> keyDir;

    /** The groups of ServiceDesk Plus tools a server or a user can enable; the auth tools are always on. */

    public int httpPort() {
        return httpPort;
    }

    public String httpHost() {
        return httpHost;
    }

    /** The HTTPS port, which Liberty opens (with its admin center) only once a keystore password is set. */
    public Optional<Integer> httpsPort() {
        return keystorePassword.filter(password -> !password.isBlank()).map(password -> httpsPort);
    }

    public List<String> allowedOrigins() {
        return commaSeparated(allowedOrigins).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Open MCP sessions (both transports) one client id may hold at once. */
    public int maxSessionsPerUser() {
        return requireRange("SDP_MAX_SESSIONS_PER_USER", maxSessionsPerUser, 1, 10_000);
    }

    /** Open MCP sessions this server holds at once, for everyone. */
    public int maxSessions() {
        return requireRange("SDP_MAX_SESSIONS", maxSessions, 1, 1_000_000);
    }

    /** SDP_REQUIRE_TLS=true: credentials are refused unless they arrive over HTTPS (loopback excepted). */
    public boolean requireTls() {
        return requireTls;
    }

    /** Proxies (literal IP addresses) whose X-Forwarded-Proto is believed for SDP_REQUIRE_TLS. */
    public java.util.Set<String> trustedProxies() {
        return commaSeparated(trustedProxies).stream().map(String::trim).filter(s -> !s.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The most a tool result may carry (its text and structured content together, as UTF-8). */
    public int maxResultBytes() {
        return requireRange("SDP_MAX_RESULT_BYTES", maxResultBytes, 4000, 400_000);
    }

    /** The largest file an attachment tool sends to or reads from ServiceDesk Plus (decoded bytes). */
    public int maxAttachmentBytes() {
        return requireRange("SDP_MAX_ATTACHMENT_BYTES", maxAttachmentBytes, 1024, 256 * 1024 * 1024);
    }

    /**
     * The largest request body; unset, 1 MiB or, when larger, what the largest attachment needs: its base64 (a third
     * larger than the file) and room for the rest of the call.
     */
    public int maxRequestBytes() {
        if (maxRequestBytes.isPresent()) {
            return requireRange("SDP_MAX_REQUEST_BYTES", maxRequestBytes.get(), 1024, 64 * 1024 * 1024);
        }
        return (int) Math.max(1024 * 1024, (maxAttachmentBytes() + 2L) / 3 * 4 + 64 * 1024);
    }

    /** SSE comment keep-alives; Node-based clients drop a stream that stays silent for 300 s. */
    public Duration keepAliveInterval() {
        return Duration.ofSeconds(requireRange("SDP_SSE_KEEPALIVE_SECONDS", keepAliveSeconds, 1, 240));
    }

    public Duration sessionIdleTimeout() {
        return Duration.ofSeconds(requireRange("SDP_SESSION_IDLE_TIMEOUT_SECONDS", sessionIdleTimeoutSeconds, 5, 7 * 24 * 3600));
    }

    /** What may wait for one stream's client to read before the stream is dropped. */
    public int maxStreamBacklogBytes() {
        return requireRange("SDP_SSE_MAX_BACKLOG_BYTES", maxStreamBacklogBytes, 16 * 1024, 256 * 1024 * 1024);
    }

    public Optional<String> instanceName() {
        return instanceName.map(String::trim).filter(s -> !s.isEmpty());
    }

    /** SDP_CONFIRM_DESTRUCTIVE=false runs what cannot be undone without asking the user first (automation). */
    public boolean confirmDestructive() {
        return confirmDestructive;
    }

    /** SDP_READ_ONLY=true: only tools that read are offered, to every user. */
    public boolean readOnly() {
        return readOnly;
    }

    /** SDP_TOOLSETS: the tool groups offered (empty: all). Unknown names stop the start-up. */
    public java.util.Set<Toolset> toolsets() {
        java.util.Set<Toolset> groups = java.util.EnumSet.noneOf(Toolset.class);
        for (String name : commaSeparated(toolsets)) {
            if (!name.isBlank()) {
                groups.add(Toolset.of(name, "SDP_TOOLSETS"));
            }
        }
        return groups;
    }

    /** The ServiceDesk Plus to use; empty means the built-in sandbox. */
    public Optional<String> baseUrl() {
        return baseUrl.map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.replaceAll("/+$", ""));
    }

    /**
     * Sandbox mode: no SDP_BASE_URL, so the server simulates ServiceDesk Plus and Zoho itself.
     *
     * @throws IllegalStateException with what to set, when PostgreSQL is configured without SDP_BASE_URL and without
     *                               SDP_SANDBOX=true (a production deployment that forgot its ServiceDesk Plus)
     */
    public boolean sandbox() {
        return sandbox(baseUrl().isPresent(), usesPostgres(), sandboxAsked);
    }

    /**
     * The decision: a server with a ServiceDesk Plus is never a sandbox; one with the embedded database and none is
     * (what {@code mvn liberty:run} gives a newcomer); one with PostgreSQL and none is a deployment that forgot
     * SDP_BASE_URL, and a simulator handing out grant codes for any client id must not stand in for it silently.
     */
    static boolean sandbox(boolean baseUrlSet, boolean postgres, boolean sandboxAsked) {
        if (baseUrlSet) {
            return false;
        }
        if (postgres && !sandboxAsked) {
            throw new IllegalStateException("SDP_BASE_URL is not set, but PostgreSQL is (SDP_DB_HOST): this looks like a "
                    + "production deployment, so the server will not run as the sandbox (a simulator that hands out "
                    + "grant codes for any client id). Set SDP_BASE_URL (and SDP_INSTANCE_NAME) to your ServiceDesk "
                    + "Plus, or set SDP_SANDBOX=true if a sandbox on PostgreSQL is what you want.");
        }
        return true;
    }

    /** How this server reaches itself (its sandbox simulators). */
    public String selfUrl() {
        String host = httpHost();
        if (host.equals("0.0.0.0") || host.equals("*") || host.equals("::")) {
            host = "127.0.0.1";
        }
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + httpPort();
    }

    /** PostgreSQL is used exactly when SDP_DB_HOST is set; otherwise the embedded database. */
    public boolean usesPostgres() {
        return dbHost.map(String::trim).filter(s -> !s.isEmpty()).isPresent();
    }

    public String databaseDescription() {
        if (usesPostgres()) {
            return "PostgreSQL " + dbUser + "@" + dbHost.get().trim() + ":" + dbPort + "/" + dbName;
        }
        return "embedded (H2 file in " + dataDir.orElse("<server output>/data") + ")";
    }

    /** SDP_LOOKUP_CACHE_SECONDS: how long the instance's lists and fields are kept. */
    public Duration lookupCacheTtl() {
        return Duration.ofSeconds(lookupCacheSeconds);
    }

    public int usageRetentionDays() {
        return usageRetentionDays;
    }

    /** SDP_ACCOUNTS_URL: a Zoho accounts server other than the data center's (tests, proxies). */
    public Optional<String> accountsUrl() {
        return accountsUrl;
    }

    /** SDP_DATA_CENTER: the Zoho data center, when the ServiceDesk Plus address does not say it. */
    public Optional<String> dataCenter() {
        return dataCenter;
    }

    /** Zoho's limit of token requests per refresh token and window (10 per 10 minutes). */
    public int tokenBudget() {
        return tokenBudget;
    }

    public Duration tokenWindow() {
        return Duration.ofSeconds(tokenWindowSeconds);
    }

    public Duration tokenRefreshMargin() {
        return Duration.ofSeconds(tokenRefreshMarginSeconds);
    }

    public int tokenCircuitFailures() {
        return tokenCircuitFailures;
    }

    public Duration tokenCircuitDelay() {
        return Duration.ofSeconds(tokenCircuitDelaySeconds);
    }

    public Duration zohoCircuitDelay() {
        return Duration.ofSeconds(zohoCircuitDelaySeconds);
    }

    public int unverifiedTokenRequests() {
        return unverifiedTokenRequests;
    }

    public int tokenEventsRetentionDays() {
        return tokenEventsRetentionDays;
    }

    /** SDP_ENCRYPTION_KEY, else the content of SDP_ENCRYPTION_KEY_FILE: never logged. */
    public Optional<String> encryptionKey() {
        return encryptionKey;
    }

    public Optional<String> previousEncryptionKey() {
        return previousEncryptionKey;
    }

    public Optional<String> encryptionKeyFile() {
        return encryptionKeyFile;
    }

    public Optional<String> dataDir() {
        return dataDir;
    }

    public Optional<String> keyDir() {
        return keyDir;
    }

    private static List<String> commaSeparated(Optional<String> value) {
        return value.map(v -> List.of(v.split(","))).orElse(List.of());
    }

    private static int requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalStateException(name + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }
}
