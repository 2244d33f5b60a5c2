package dev.sdpmcp.tokens;

import dev.sdpmcp.credentials.ClientCredentials;
import dev.sdpmcp.zoho.DataCenter;
import dev.sdpmcp.zoho.ZohoEndpoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Each user's ServiceDesk Plus access token, from memory when fresh; otherwise one thread per user asks
 * {@link TokenLedger} (which serializes across servers with a row lock). Turns every failure into a message the user
 * can act on.
 */
@ApplicationScoped
public class TokenService {

    private static final Logger LOG = Logger.getLogger(TokenService.class.getName());
    private static final Duration SECRET_CACHE = Duration.ofSeconds(30);
    /**
     * How long "no authorization stored" and "another secret" are believed without the database. Short: an
     * authorization made on another server is seen here after at most this long (on this server at once).
     */
    static final Duration NEGATIVE_CACHE = Duration.ofSeconds(3);
    private static final int MAX_UNKNOWN = 10_000;
    /** How long a token is served from memory before the database is asked again (another server may have revoked it). */
    private static final Duration TOKEN_CACHE = Duration.ofSeconds(60);

    @Inject
    TokenLedger ledger;

    @Inject
    AuthorizationGuide guide;

    @Inject
    ZohoEndpoints endpoints;

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** A token in memory, usable until it is due for renewal or its memory time is up. */
    private record Cached(TokenLedger.Issued issued, Instant until) {
        String fresh(String rejected) {
            return Instant.now().isBefore(until) && !issued.accessToken().equals(rejected) ? issued.accessToken() : null;
        }
    }
    private final KeyedLocks locks = new KeyedLocks();
    /** Stored secret hashes, of users with a row: as many as rows. */
    private final Map<String, CachedSecret> secrets = new ConcurrentHashMap<>();
    /** Client ids found with no row, briefly: random ids cost one database read each per NEGATIVE_CACHE, not each request. */
    private final Map<String, Instant> unknown = new ConcurrentHashMap<>();

    private record CachedSecret(SecretHash hash, Instant loadedAt) {
    }

    /** The outcome of checking the secret a request carries against the one the user authorized with. */
    public enum SecretCheck {
        /** Matches the stored secret. */
        MATCH,
        /** No authorization stored for this client id: nothing to compare with. */
        UNKNOWN,
        /** A stored authorization exists and the secret differs: refuse, and use nothing stored. */
        MISMATCH,
        /** The store cannot be read now. */
        UNAVAILABLE
    }

    /** The user's access token for ServiceDesk Plus. */
    public String accessToken(ClientCredentials caller, String baseUrl) throws TokenException {
        Cached cached = cache.get(caller.clientId());
        String token = cached == null ? null : cached.fresh(null);
        return token != null ? token : refreshed(caller, baseUrl, null);
    }

    /** ServiceDesk Plus refused {@code rejected} (HTTP 401): get another one, once. */
    public String replaceRejected(ClientCredentials caller, String baseUrl, String rejected) throws TokenException {
        cache.remove(caller.clientId(), cache.get(caller.clientId()));
        return refreshed(caller, baseUrl, rejected);
    }

    private String refreshed(ClientCredentials caller, String baseUrl, String rejected) throws TokenException {
        adoptOfferedRefreshToken(caller, baseUrl);
        try (KeyedLocks.Held held = locks.lock(caller.clientId())) {
            Cached cached = cache.get(caller.clientId());
            String token = cached == null ? null : cached.fresh(rejected);
            if (token != null) {
                return token; // another thread refreshed while this one waited
            }
            return issue(caller, baseUrl, ledger.currentOrRefresh(caller.clientId(), rejected));
        }
    }

    private String issue(ClientCredentials caller, String baseUrl, TokenLedger.Outcome outcome) throws TokenException {
        if (outcome.problem() != null) {
            cache.remove(caller.clientId());
            TokenProblem problem = outcome.problem();
            throw new TokenException(problem.kind(), guide.explain(problem, caller, baseUrl), problem.until());
        }
        TokenLedger.Issued issued = outcome.issued();
        Instant memoryEnds = Instant.now().plus(TOKEN_CACHE);
        cache.put(caller.clientId(), new Cached(issued, issued.refreshAt().isBefore(memoryEnds) ? issued.refreshAt() : memoryEnds));
        return issued.accessToken();
    }

    /** The header X-SDP-Refresh-Token: adopted when this server holds no usable authorization for the user. */
    void adoptOfferedRefreshToken(ClientCredentials caller, String baseUrl) throws TokenException {
        Optional<String> offered = caller.refreshToken();
        if (offered.isEmpty()) {
            return;
        }
        TokenLedger.Status status = ledger.status(caller.clientId());
        if (status.authorized()) {
            return;
        }
        try (KeyedLocks.Held held = locks.lock(caller.clientId())) {
            if (!ledger.status(caller.clientId()).authorized()) {
                issue(caller, baseUrl, ledger.adopt(caller, offered.get()));
                forgetSecret(caller.clientId());
                LOG.info(() -> "Stored the refresh token offered by " + caller.maskedClientId());
            }
        }
    }

    /** What authorizing did. */
    public record Authorized(String scopes) {
    }

    /** Exchanges a self-client grant code and stores the user's tokens. */
    public Authorized authorize(ClientCredentials caller, String baseUrl, String code, Optional<DataCenter> dataCenter)
            throws TokenException {
        Optional<DataCenter> serverDc = endpoints.dataCenter();
        if (dataCenter.isPresent() && serverDc.isPresent() && dataCenter.get() != serverDc.get()) {
            throw new TokenException(TokenProblem.Kind.REFUSED, "This server's ServiceDesk Plus is in the "
                    + serverDc.get() + " data center, so its grant codes come from " + serverDc.get().consoleUrl()
                    + ", not " + dataCenter.get().consoleUrl() + ". Generate the code there.", null);
        }
        try (KeyedLocks.Held held = locks.lock(caller.clientId())) {
            issue(caller, baseUrl, ledger.authorize(caller, code, dataCenter.or(() -> serverDc)));
            forgetSecret(caller.clientId());
            return new Authorized(ledger.status(caller.clientId()).scopes());
        }
    }

    /** Forgets what this server holds in memory for a client (after an administrator changed its authorization). */
    public void forget(String clientId) {
        cache.remove(clientId);
        forgetSecret(clientId);
    }

    /** Revokes at Zoho and forgets the user's tokens here. */
    public TokenLedger.Revoked revoke(ClientCredentials caller) {
        try (KeyedLocks.Held held = locks.lock(caller.clientId())) {
            cache.remove(caller.clientId());
            forgetSecret(caller.clientId());
            return ledger.revoke(caller.clientId());
        }
    }

    public TokenLedger.Status status(ClientCredentials caller, String baseUrl) {
        try {
            adoptOfferedRefreshToken(caller, baseUrl);
        } catch (TokenException e) {
            // reported through the status: not authorized, with the reason in the answer's next steps
            LOG.fine(() -> "offered refresh token not adopted for " + caller.maskedClientId() + ": " + e.reason());
        }
        TokenLedger.Status status = ledger.status(caller.clientId());
        // what is stored for a client id is its owner's business: another secret learns nothing of it
        boolean stored = status.authorized() || status.needsReauth();
        return stored && checkSecret(caller) != SecretCheck.MATCH ? TokenLedger.Status.NOTHING : status;
    }

    /**
     * Checks the secret of a request. A match is taken from memory for a while; "nothing stored" and a mismatch only
     * for {@link #NEGATIVE_CACHE}, so an authorization made on another server meanwhile is seen soon.
     */
    public SecretCheck checkSecret(ClientCredentials caller) {
        Instant now = Instant.now();
        Instant unknownAt = unknown.get(caller.clientId());
        if (unknownAt != null && now.isBefore(unknownAt.plus(NEGATIVE_CACHE))) {
            return SecretCheck.UNKNOWN;
        }
        CachedSecret cached = secrets.get(caller.clientId());
        if (cached != null) {
            boolean matches = cached.hash().matches(caller.clientSecret());
            if (matches && now.isBefore(cached.loadedAt().plus(SECRET_CACHE))) {
                return SecretCheck.MATCH;
            }
            if (!matches && now.isBefore(cached.loadedAt().plus(NEGATIVE_CACHE))) {
                return SecretCheck.MISMATCH;
            }
        }
        Optional<SecretHash> stored;
        try {
            stored = ledger.secretHash(caller.clientId());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot read stored authorizations: " + e);
            return SecretCheck.UNAVAILABLE;
        }
        if (stored.isEmpty()) {
            secrets.remove(caller.clientId());
            rememberUnknown(caller.clientId(), now);
            return SecretCheck.UNKNOWN;
        }
        unknown.remove(caller.clientId());
        secrets.put(caller.clientId(), new CachedSecret(stored.get(), now));
        return stored.get().matches(caller.clientSecret()) ? SecretCheck.MATCH : SecretCheck.MISMATCH;
    }

    private void rememberUnknown(String clientId, Instant now) {
        if (unknown.size() >= MAX_UNKNOWN) {
            unknown.values().removeIf(at -> !now.isBefore(at.plus(NEGATIVE_CACHE)));
            if (unknown.size() >= MAX_UNKNOWN) {
                return; // a flood of new ids: they are read from the database until the entries expire
            }
        }
        unknown.put(clientId, now);
    }

    /** This server changed the client's authorization: nothing remembered about it may stand. */
    private void forgetSecret(String clientId) {
        secrets.remove(clientId);
        unknown.remove(clientId);
    }
}
