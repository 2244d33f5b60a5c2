package dev.sdpmcp.tokens;

import dev.sdpmcp.credentials.ClientCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
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
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, CachedSecret> secrets = new ConcurrentHashMap<>();

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
        ReentrantLock lock = locks.computeIfAbsent(caller.clientId(), id -> new ReentrantLock());
        lock.lock();
        try {
            Cached cached = cache.get(caller.clientId());
            String token = cached == null ? null : cached.fresh(rejected);
            if (token != null) {
                return token; // another thread refreshed while this one waited
            }
            return issue(caller, baseUrl, ledger.currentOrRefresh(caller.clientId(), rejected));
        } finally {
            lock.unlock();
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
        ReentrantLock lock = locks.computeIfAbsent(caller.clientId(), id -> new ReentrantLock());
        lock.lock();
        try {
            if (!ledger.status(caller.clientId()).authorized()) {
                issue(caller, baseUrl, ledger.adopt(caller, offered.get()));
                secrets.remove(caller.clientId());
                LOG.info(() -> "Stored the refresh token offered by " + caller.maskedClientId());
            }
        } finally {
            lock.unlock();
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
        ReentrantLock lock = locks.computeIfAbsent(caller.clientId(), id -> new ReentrantLock());
        lock.lock();
        try {
            issue(caller, baseUrl, ledger.authorize(caller, code, dataCenter.or(() -> serverDc)));
            secrets.remove(caller.clientId());
            return new Authorized(ledger.status(caller.clientId()).scopes());
        } finally {
            lock.unlock();
        }
    }

    /** Forgets what this server holds in memory for a client (after an administrator changed its authorization). */
    public void forget(String clientId) {
        cache.remove(clientId);
        secrets.remove(clientId);
    }

    /** Revokes at Zoho and forgets the user's tokens here. */
    public TokenLedger.Revoked revoke(ClientCredentials caller) {
        ReentrantLock lock = locks.computeIfAbsent(caller.clientId(), id -> new ReentrantLock());
        lock.lock();
        try {
            cache.remove(caller.clientId());
            secrets.remove(caller.clientId());
            return ledger.revoke(caller.clientId());
        } finally {
            lock.unlock();
        }
    }

    public TokenLedger.Status status(ClientCredentials caller, String baseUrl) {
        try {
            adoptOfferedRefreshToken(caller, baseUrl);
        } catch (TokenException e) {
            // reported through the status: not authorized, with the reason in the answer's next steps
            LOG.fine(() -> "offered refresh token not adopted for " + caller.maskedClientId() + ": " + e.reason());
        }
        return ledger.status(caller.clientId());
    }

    /**
     * Checks the secret of a request. Cached briefly; a mismatch is confirmed against the database before it
     * counts, so a re-authorization made on another server is seen at once.
     */
    public SecretCheck checkSecret(ClientCredentials caller) {
        CachedSecret cached = secrets.get(caller.clientId());
        boolean fresh = cached != null && Instant.now().isBefore(cached.loadedAt().plus(SECRET_CACHE));
        // Only a match is taken from memory: "nothing stored" is read again each time, else an authorization made on
        // another server meanwhile would let any secret through to the tokens it stored.
        if (fresh && cached.hash().matches(caller.clientSecret())) {
            return SecretCheck.MATCH;
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
            return SecretCheck.UNKNOWN;
        }
        secrets.put(caller.clientId(), new CachedSecret(stored.get(), Instant.now()));
        return stored.get().matches(caller.clientSecret()) ? SecretCheck.MATCH : SecretCheck.MISMATCH;
    }
}
