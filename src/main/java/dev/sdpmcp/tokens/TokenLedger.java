package dev.sdpmcp.tokens;

import dev.sdpmcp.credentials.ClientCredentials;
import dev.sdpmcp.metrics.Circuits;
import dev.sdpmcp.metrics.Meters;
import dev.sdpmcp.zoho.DataCenter;
import dev.sdpmcp.zoho.ZohoAccounts;
import dev.sdpmcp.zoho.ZohoAnswer;
import dev.sdpmcp.zoho.ZohoEndpoints;
import dev.sdpmcp.zoho.ZohoUnavailable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Every change to a user's tokens, each in its own transaction under a row lock on the user's oauth_tokens row: one
 * token request at a time per user across all threads and all servers sharing the database. The budget is the
 * token-request rows of oauth_token_events in the rolling window, written before the request is sent, so a crash
 * mid-request still counts it.
 */
@ApplicationScoped
public class TokenLedger {

    private static final String SECRET = "client_secret";
    private static final String REFRESH = "refresh_token";
    private static final String ACCESS = "access_token";

    @Inject
    EntityManager em;

    @Inject
    KeyRing keys;

    @Inject
    ZohoAccounts zoho;

    @Inject
    ZohoEndpoints endpoints;

    @Inject
    TokenPolicy policy;

    @Inject
    Circuits circuits;

    @Inject
    Meters metrics;

    /** A usable access token and when to stop using it. */
    record Issued(String accessToken, Instant expiresAt, Instant refreshAt) {
        @Override
        public String toString() {
            return "Issued[expiresAt=" + expiresAt + "]";
        }
    }

    /** Either an access token or why there is none. */
    record Outcome(Issued issued, TokenProblem problem) {
        static Outcome of(Issued issued) {
            return new Outcome(issued, null);
        }

        static Outcome of(TokenProblem problem) {
            return new Outcome(null, problem);
        }
    }

    /**
     * The user's access token: the stored one while it is fresh (and is not {@code rejected}, a token ServiceDesk
     * Plus has just refused), otherwise a new one from Zoho.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Outcome currentOrRefresh(String clientId, String rejected) {
        OAuthToken row = em.find(OAuthToken.class, clientId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            return Outcome.of(TokenProblem.of(TokenProblem.Kind.NOT_AUTHORIZED, null));
        }
        if (row.needsReauth) {
            return Outcome.of(TokenProblem.of(TokenProblem.Kind.NEEDS_REAUTH, row.lastError));
        }
        // Values written with a rotated-out key are re-encrypted with the current one whenever the row is used.
        String secret = plain(row.clientSecretEncrypted, SECRET, row, true);
        String refreshToken = plain(row.refreshTokenEncrypted, REFRESH, row, false);
        Instant now = Instant.now();
        Issued current = current(clientId, rejected, now);
        if (current != null) {
            return Outcome.of(current);
        }
        TokenProblem paused = paused(row, now);
        if (paused != null) {
            return Outcome.of(paused);
        }
        TokenEvent event = spend(clientId, SecretHash.fingerprint(clientId, secret), "refresh", now);
        if (event == null) {
            return Outcome.of(budgetExhausted(clientId, SecretHash.fingerprint(clientId, secret), now));
        }
        ZohoAnswer answer;
        try {
            answer = answered(zoho.refresh(clientId, secret, refreshToken));
        } catch (CircuitBreakerOpenException e) {
            return Outcome.of(notSent(event, e, now));
        } catch (ZohoUnavailable | TimeoutException e) {
            return Outcome.of(failed(row, event, e, now));
        }
        if (answer instanceof ZohoAnswer.Tokens tokens) {
            // A rotated refresh token is stored (in this transaction) before anything can use it.
            tokens.refreshToken().ifPresent(refresh -> row.refreshTokenEncrypted = keys.encrypt(refresh, REFRESH, clientId));
            row.lastRefreshedAt = at(now);
            row.refreshCount++;
            markHealthy(row, now);
            settle(event, "ok");
            return Outcome.of(storeAccessToken(clientId, tokens, now));
        }
        if (answer instanceof ZohoAnswer.Throttled throttled) {
            return Outcome.of(throttled(row, event, throttled, now));
        }
        return Outcome.of(refusedForGood(row, event, (ZohoAnswer.Refused) answer, now));
    }

    /** The stored access token while it is good for a while yet and not the one ServiceDesk Plus just rejected; else null. */
    private Issued current(String clientId, String rejected, Instant now) {
        AccessTokenRecord stored = em.find(AccessTokenRecord.class, clientId);
        if (stored == null) {
            return null;
        }
        KeyRing.Plain access = keys.decrypt(stored.accessTokenEncrypted, ACCESS, clientId);
        Issued issued = issued(access.value(), stored);
        if (access.value().equals(rejected) || !now.isBefore(issued.refreshAt())) {
            return null;
        }
        if (access.stale()) {
            stored.accessTokenEncrypted = keys.encrypt(access.value(), ACCESS, clientId);
        }
        return issued;
    }

    /** Zoho refused the refresh token itself: the user must authorize again, and the access token goes. */
    private TokenProblem refusedForGood(OAuthToken row, TokenEvent event, ZohoAnswer.Refused refused, Instant now) {
        row.needsReauth = true;
        row.lastError = "Zoho refused the stored authorization (" + refused.error() + ")";
        row.updatedAt = at(now);
        settle(event, "refused");
        event.detail = refused.error();
        AccessTokenRecord old = em.find(AccessTokenRecord.class, row.clientId);
        if (old != null) {
            em.remove(old);
        }
        return TokenProblem.of(TokenProblem.Kind.NEEDS_REAUTH, row.lastError);
    }

    /** First authorization, or a new one: exchanges a self-client grant code. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Outcome authorize(ClientCredentials caller, String code, Optional<DataCenter> dataCenter) {
        return obtain(caller, "authorize", dataCenter,
                () -> zoho.exchangeCode(caller.clientId(), caller.clientSecret(), code), Optional.empty());
    }

    /** Stores a refresh token the user already holds (header X-SDP-Refresh-Token), once Zoho has accepted it. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Outcome adopt(ClientCredentials caller, String refreshToken) {
        return obtain(caller, "adopt_refresh_token", endpoints.dataCenter(),
                () -> zoho.refresh(caller.clientId(), caller.clientSecret(), refreshToken), Optional.of(refreshToken));
    }

    private Outcome obtain(ClientCredentials caller, String eventName, Optional<DataCenter> dataCenter,
            java.util.function.Supplier<ZohoAnswer> call, Optional<String> knownRefreshToken) {
        String clientId = caller.clientId();
        OAuthToken row = em.find(OAuthToken.class, clientId, LockModeType.PESSIMISTIC_WRITE);
        Instant now = Instant.now();
        // Another secret than the stored one may be the owner's, regenerated in the Zoho console, and a client id with
        // no row may be anyone's: only Zoho can tell. Until it accepts, the stored row is neither used nor changed.
        boolean verified = row != null && row.secretHash().matches(caller.clientSecret());
        // Zoho's throttle holds for every grant: no request for this user until its window has passed. (A pause after
        // failures does not stop an authorization: the user may be fixing what failed.)
        if (verified && row.throttledUntil != null && now.isBefore(row.throttledUntil.toInstant())) {
            return Outcome.of(paused(row, now));
        }
        Attempt attempt = verified ? ownersAttempt(caller, eventName, now) : unverifiedAttempt(caller, eventName, now);
        if (attempt.refused() != null) {
            return Outcome.of(attempt.refused());
        }
        TokenEvent event = attempt.event();
        ZohoAnswer answer;
        try {
            answer = answered(call.get());
        } catch (CircuitBreakerOpenException e) {
            return Outcome.of(notSent(event, e, now));
        } catch (ZohoUnavailable | TimeoutException e) {
            settle(event, "unavailable");
            event.detail = describe(e);
            return Outcome.of(new TokenProblem(TokenProblem.Kind.UNAVAILABLE, describe(e), now.plus(Duration.ofMinutes(1))));
        }
        if (!(answer instanceof ZohoAnswer.Tokens tokens)) {
            return Outcome.of(grantRefused(row, verified, event, answer, now));
        }
        event.event = eventName; // Zoho accepted the secret: the owner's request, in the owner's budget from now on
        Optional<String> refresh = tokens.refreshToken().or(() -> knownRefreshToken);
        if (refresh.isEmpty()) {
            settle(event, "refused");
            event.detail = "no refresh token";
            return Outcome.of(TokenProblem.of(TokenProblem.Kind.REFUSED, "no_refresh_token"));
        }
        storeGrant(row, caller, refresh.get(), tokens.scope(), dataCenter, now);
        settle(event, "ok");
        return Outcome.of(storeAccessToken(clientId, tokens, now));
    }

    /** The audit event of a grant request about to be sent, or why it may not be sent. */
    private record Attempt(TokenEvent event, TokenProblem refused) {
    }

    /** The owner (the stored secret) asks: the attempt spends the user's own refresh budget. */
    private Attempt ownersAttempt(ClientCredentials caller, String eventName, Instant now) {
        String fingerprint = SecretHash.fingerprint(caller.clientId(), caller.clientSecret());
        TokenEvent event = spend(caller.clientId(), fingerprint, eventName, now);
        return event == null ? new Attempt(null, budgetExhausted(caller.clientId(), fingerprint, now)) : new Attempt(event, null);
    }

    /**
     * Anyone else asks (a new client id, or another secret): the attempt spends a budget of its own, per client id and
     * offered secret under a cap for all such attempts, so that someone who merely knows a client id cannot keep its
     * owner from authorizing.
     */
    private Attempt unverifiedAttempt(ClientCredentials caller, String eventName, Instant now) {
        String fingerprint = SecretHash.fingerprint(caller.clientId(), caller.clientSecret());
        TokenProblem refused = unverifiedRefused(caller.clientId(), fingerprint, now);
        if (refused != null) {
            return new Attempt(null, refused);
        }
        TokenEvent event = new TokenEvent(caller.clientId(), eventName + TokenEvent.UNVERIFIED, "sent", null, at(now));
        event.secretFingerprint = fingerprint;
        em.persist(event);
        em.flush();
        return new Attempt(event, null);
    }

    /** Zoho answered a grant request with a throttle or a refusal. */
    private TokenProblem grantRefused(OAuthToken row, boolean verified, TokenEvent event, ZohoAnswer answer, Instant now) {
        if (answer instanceof ZohoAnswer.Throttled throttled) {
            if (verified) {
                return throttled(row, event, throttled, now); // the owner's refreshes pause too: Zoho said so
            }
            settle(event, "throttled");
            return new TokenProblem(TokenProblem.Kind.THROTTLED, "Zoho refused a new token (too many requests)",
                    now.plus(policy.window()));
        }
        ZohoAnswer.Refused refused = (ZohoAnswer.Refused) answer;
        settle(event, "refused");
        event.detail = refused.error();
        boolean otherSecret = row != null && !verified;
        return TokenProblem.of(otherSecret ? TokenProblem.Kind.SECRET_MISMATCH : TokenProblem.Kind.REFUSED, refused.error());
    }

    /** Stores (or replaces) the user's authorization once Zoho has granted it. */
    private void storeGrant(OAuthToken row, ClientCredentials caller, String refreshToken, String scopes,
            Optional<DataCenter> dataCenter, Instant now) {
        boolean created = row == null;
        if (created) {
            row = new OAuthToken();
            row.clientId = caller.clientId();
            row.createdAt = at(now);
            row.refreshCount = 0;
        } else {
            revokeReplaced(row, refreshToken);
        }
        SecretHash hash = SecretHash.of(caller.clientSecret());
        row.clientSecretHash = hash.hash();
        row.clientSecretSalt = hash.salt();
        row.clientSecretEncrypted = keys.encrypt(caller.clientSecret(), SECRET, caller.clientId());
        row.refreshTokenEncrypted = keys.encrypt(refreshToken, REFRESH, caller.clientId());
        row.scopes = scopes;
        row.dataCenter = dataCenter.map(Enum::name).orElse(null);
        row.accountsUrl = endpoints.accountsUrl();
        row.lastRefreshedAt = at(now);
        markHealthy(row, now);
        if (created) {
            em.persist(row);
            em.flush(); // the access token row refers to it
        }
    }

    /** A new authorization replaces the old refresh token: revoke the old one (Zoho keeps at most 20 per client). */
    private void revokeReplaced(OAuthToken row, String newRefreshToken) {
        try {
            String old = keys.decrypt(row.refreshTokenEncrypted, REFRESH, row.clientId).value();
            if (!old.equals(newRefreshToken)) {
                zoho.revoke(old);
            }
        } catch (RuntimeException e) {
            // best effort: an old token that cannot be revoked now ages out of Zoho's 20-token limit
        }
    }

    /** What revocation did: whether Zoho confirmed it, and why not. */
    public record Revoked(boolean hadTokens, boolean revokedAtZoho, String zohoProblem) {
    }

    /** Revokes the refresh token at Zoho and deletes the user's rows (the audit log keeps the event). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Revoked revoke(String clientId) {
        OAuthToken row = em.find(OAuthToken.class, clientId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            return new Revoked(false, false, null);
        }
        Instant now = Instant.now();
        boolean revoked = false;
        String problem = null;
        try {
            revoked = zoho.revoke(keys.decrypt(row.refreshTokenEncrypted, REFRESH, clientId).value());
        } catch (ZohoUnavailable | CircuitBreakerOpenException | TimeoutException e) {
            problem = describe(e);
        }
        AccessTokenRecord access = em.find(AccessTokenRecord.class, clientId);
        if (access != null) {
            em.remove(access);
        }
        em.remove(row);
        em.persist(new TokenEvent(clientId, "revoke", revoked ? "ok" : "local_only", problem, at(now)));
        return new Revoked(true, revoked, problem);
    }

    // --- key rotation (KeyRotation runs it)

    /**
     * Re-encrypts with the current key whatever of one user's values an older key made, under the same row lock as
     * every other change to them: a refresh on any server either finished before (its values are read here) or waits
     * and reads these. The access token row is only ever written under this lock too.
     *
     * @return how many rows (0 to 2) changed
     * @throws IllegalStateException when a value decrypts with no configured key (nothing is changed then)
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int reencrypt(String clientId) {
        OAuthToken row = em.find(OAuthToken.class, clientId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            return 0; // revoked meanwhile
        }
        int changed = 0;
        String secret = reencrypted(row.clientSecretEncrypted, SECRET, clientId);
        String refresh = reencrypted(row.refreshTokenEncrypted, REFRESH, clientId);
        if (secret != null || refresh != null) {
            row.clientSecretEncrypted = secret != null ? secret : row.clientSecretEncrypted;
            row.refreshTokenEncrypted = refresh != null ? refresh : row.refreshTokenEncrypted;
            changed++;
        }
        AccessTokenRecord access = em.find(AccessTokenRecord.class, clientId);
        String accessToken = access == null ? null : reencrypted(access.accessTokenEncrypted, ACCESS, clientId);
        if (accessToken != null) {
            access.accessTokenEncrypted = accessToken;
            changed++;
        }
        return changed;
    }

    private String reencrypted(String stored, String purpose, String clientId) {
        KeyRing.Plain plain = keys.decrypt(stored, purpose, clientId);
        return plain.stale() ? keys.encrypt(plain.value(), purpose, clientId) : null;
    }

    /**
     * Up to {@code limit} users after {@code after} (in client id order) with a value not made by the current key:
     * keyset paging, so a row that cannot be re-encrypted is passed once, not met again in every batch.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> staleClientIds(String after, int limit) {
        String current = KeyRing.FORMAT + ":" + keys.currentKeyId() + ":%";
        return em.createQuery("select t.clientId from OAuthToken t where t.clientId > :after and ("
                        + "t.clientSecretEncrypted not like :current or t.refreshTokenEncrypted not like :current or exists ("
                        + "select a.clientId from AccessTokenRecord a where a.clientId = t.clientId "
                        + "and a.accessTokenEncrypted not like :current)) order by t.clientId", String.class)
                .setParameter("after", after)
                .setParameter("current", current)
                .setMaxResults(limit)
                .getResultList();
    }

    /** Rows by the key ids of their values: [key id of the secret, of the refresh token (null for access rows), count]. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Object[]> keyIdGroups() {
        String secret = keyId("client_secret_encrypted");
        String refresh = keyId("refresh_token_encrypted");
        String access = keyId("access_token_encrypted");
        List<Object[]> groups = new java.util.ArrayList<>();
        for (Object[] group : rows(em.createNativeQuery("SELECT " + secret + ", " + refresh + ", COUNT(*) FROM oauth_tokens "
                + "GROUP BY " + secret + ", " + refresh).getResultList())) {
            groups.add(group);
        }
        for (Object[] group : rows(em.createNativeQuery("SELECT " + access + ", COUNT(*) FROM oauth_access_tokens GROUP BY "
                + access).getResultList())) {
            groups.add(new Object[] {group[0], null, group[1]});
        }
        return groups;
    }

    private static String keyId(String column) {
        return "SUBSTRING(" + column + " FROM " + KeyRing.KEY_ID_POSITION + " FOR " + KeyRing.KEY_ID_LENGTH + ")";
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(List<?> result) {
        return (List<Object[]>) result;
    }

    /** One user as an administrator sees it: never a secret or token. */
    public record Account(String clientId, Status status) {
    }

    /** Every stored authorization, for the admin API. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.List<Account> accounts() {
        return em.createQuery("select t.clientId from OAuthToken t order by t.createdAt", String.class).getResultList()
                .stream().map(id -> new Account(id, status(id))).toList();
    }

    /** An administrator's "authorize again": the stored authorization stops working until the user re-authorizes. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean requireReauthorization(String clientId, String reason) {
        OAuthToken row = em.find(OAuthToken.class, clientId, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            return false;
        }
        row.needsReauth = true;
        row.lastError = reason;
        row.updatedAt = at(Instant.now());
        AccessTokenRecord access = em.find(AccessTokenRecord.class, clientId);
        if (access != null) {
            em.remove(access);
        }
        em.persist(new TokenEvent(clientId, "reauth_required", "ok", reason, at(Instant.now())));
        return true;
    }

    /** The salted hash of the secret the user authorized with, to check the one each request carries. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<SecretHash> secretHash(String clientId) {
        OAuthToken row = em.find(OAuthToken.class, clientId);
        return row == null ? Optional.empty() : Optional.of(row.secretHash());
    }

    /** Everything check_auth_status tells a user; never a token or a secret. */
    public record Status(boolean authorized, boolean needsReauth, OffsetDateTime createdAt, OffsetDateTime lastRefreshedAt,
            int refreshCount, String dataCenter, String scopes, String lastError, int consecutiveFailures,
            OffsetDateTime throttledUntil, OffsetDateTime circuitOpenUntil, OffsetDateTime accessTokenExpiresAt,
            int budgetUsed, Instant budgetFreesAt) {
        /** Nothing stored, as far as the caller may know. */
        static final Status NOTHING = new Status(false, false, null, null, 0, null, null, null, 0, null, null, null, 0, null);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Status status(String clientId) {
        Instant now = Instant.now();
        OAuthToken row = em.find(OAuthToken.class, clientId);
        List<OffsetDateTime> spent = spentInWindow(clientId, row == null ? "" : ownerFingerprint(row), now);
        Instant freesAt = spent.isEmpty() ? null : spent.get(0).toInstant().plus(policy.window());
        if (row == null) {
            return new Status(false, false, null, null, 0, null, null, null, 0, null, null, null, spent.size(), freesAt);
        }
        AccessTokenRecord access = em.find(AccessTokenRecord.class, clientId);
        return new Status(!row.needsReauth, row.needsReauth, row.createdAt, row.lastRefreshedAt, row.refreshCount,
                row.dataCenter, row.scopes, row.lastError, row.consecutiveFailures, row.throttledUntil,
                row.circuitOpenUntil, access == null ? null : access.expiresAt, spent.size(), freesAt);
    }

    // --- the budget

    /** Records a token request about to be sent; null when the budget for the window is spent. */
    private TokenEvent spend(String clientId, String fingerprint, String eventName, Instant now) {
        if (spentInWindow(clientId, fingerprint, now).size() >= policy.budget()) {
            return null;
        }
        TokenEvent event = new TokenEvent(clientId, eventName, "sent", null, at(now));
        em.persist(event);
        em.flush(); // visible to the next server as soon as this one commits
        return event;
    }

    /**
     * Why an attempt this server cannot verify is not sent to Zoho, or null: its client id and secret used the budget
     * of the window, or attempts like it (all client ids, all servers on this database) reached their cap.
     */
    private TokenProblem unverifiedRefused(String clientId, String fingerprint, Instant now) {
        OffsetDateTime since = at(now.minus(policy.window()));
        List<OffsetDateTime> same = em.createQuery("select e.occurredAt from TokenEvent e where e.clientId = :client "
                        + "and e.secretFingerprint = :fingerprint and e.event in :events and e.occurredAt > :since "
                        + "order by e.occurredAt", OffsetDateTime.class)
                .setParameter("client", clientId)
                .setParameter("fingerprint", fingerprint)
                .setParameter("events", TokenEvent.UNVERIFIED_REQUESTS)
                .setParameter("since", since)
                .setMaxResults(policy.budget())
                .getResultList();
        if (same.size() >= policy.budget()) {
            return new TokenProblem(TokenProblem.Kind.THROTTLED, policy.budget() + " attempts with this client id and "
                    + "secret were refused in the last " + minutes(policy.window()) + "; check the secret",
                    same.get(0).toInstant().plus(policy.window()));
        }
        List<OffsetDateTime> all = em.createQuery("select e.occurredAt from TokenEvent e where e.event in :events "
                        + "and e.occurredAt > :since order by e.occurredAt", OffsetDateTime.class)
                .setParameter("events", TokenEvent.UNVERIFIED_REQUESTS)
                .setParameter("since", since)
                .setMaxResults(policy.unverifiedCap())
                .getResultList();
        if (all.size() >= policy.unverifiedCap()) {
            metrics.tokenRequest("unverified", "capped");
            return new TokenProblem(TokenProblem.Kind.THROTTLED, "this server received " + policy.unverifiedCap()
                    + " failed authorization attempts in the last " + minutes(policy.window()) + " and pauses new ones",
                    all.get(0).toInstant().plus(policy.window()));
        }
        return null;
    }

    private static String minutes(Duration window) {
        long seconds = window.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " minutes" : seconds + " seconds";
    }

    /** Deletes audit rows past their retention; returns how many. Attempts nobody could verify go after a day. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeExpiredEvents() {
        Instant now = Instant.now();
        Instant unverified = now.minus(Duration.ofDays(1));
        Instant kept = now.minus(Duration.ofDays(policy.eventRetentionDays()));
        // never inside the budget's window, whatever the settings say
        Instant window = now.minus(policy.window());
        return em.createQuery("delete from TokenEvent e where e.occurredAt < :kept "
                        + "or (e.event in :unverified and e.occurredAt < :unverifiedBefore)")
                .setParameter("kept", at(kept.isBefore(window) ? kept : window))
                .setParameter("unverified", TokenEvent.UNVERIFIED_REQUESTS)
                .setParameter("unverifiedBefore", at(unverified.isBefore(window) ? unverified : window))
                .executeUpdate();
    }

    public int eventRetentionDays() {
        return policy.eventRetentionDays();
    }

    /**
     * The owner's token requests in the window: the verified ones, and those made before with the owner's secret while
     * nothing could verify it (a first authorization's failed attempts). {@code fingerprint}: of the owner's secret.
     */
    private List<OffsetDateTime> spentInWindow(String clientId, String fingerprint, Instant now) {
        return em.createQuery("select e.occurredAt from TokenEvent e where e.clientId = :client and e.occurredAt > :since "
                        + "and (e.event in :events or (e.event in :unverified and e.secretFingerprint = :fingerprint)) "
                        + "order by e.occurredAt", OffsetDateTime.class)
                .setParameter("client", clientId)
                .setParameter("events", TokenEvent.TOKEN_REQUESTS)
                .setParameter("unverified", TokenEvent.UNVERIFIED_REQUESTS)
                .setParameter("fingerprint", fingerprint)
                .setParameter("since", at(now.minus(policy.window())))
                .getResultList();
    }

    private TokenProblem budgetExhausted(String clientId, String fingerprint, Instant now) {
        List<OffsetDateTime> spent = spentInWindow(clientId, fingerprint, now);
        Instant until = spent.isEmpty() ? now : spent.get(0).toInstant().plus(policy.window());
        return new TokenProblem(TokenProblem.Kind.THROTTLED, "the budget of " + policy.budget() + " token requests per "
                + minutes(policy.window()) + ", shared by every server on this database, is spent", until);
    }

    // --- states of a user's row

    private String ownerFingerprint(OAuthToken row) {
        try {
            return SecretHash.fingerprint(row.clientId, keys.decrypt(row.clientSecretEncrypted, SECRET, row.clientId).value());
        } catch (RuntimeException e) {
            return ""; // a key that is gone: the status still shows, counting the verified requests only
        }
    }

    private TokenProblem paused(OAuthToken row, Instant now) {
        if (row.throttledUntil != null && now.isBefore(row.throttledUntil.toInstant())) {
            return new TokenProblem(TokenProblem.Kind.THROTTLED, "Zoho refused a new token (too many requests)",
                    row.throttledUntil.toInstant());
        }
        if (row.circuitOpenUntil != null && now.isBefore(row.circuitOpenUntil.toInstant())) {
            return new TokenProblem(TokenProblem.Kind.UNAVAILABLE, row.lastError, row.circuitOpenUntil.toInstant());
        }
        return null;
    }

    private TokenProblem throttled(OAuthToken row, TokenEvent event, ZohoAnswer.Throttled throttled, Instant now) {
        row.throttledUntil = at(now.plus(policy.window()));
        row.lastError = "Zoho: " + throttled.description();
        row.updatedAt = at(now);
        settle(event, "throttled");
        return new TokenProblem(TokenProblem.Kind.THROTTLED, "Zoho refused a new token (too many requests)",
                row.throttledUntil.toInstant());
    }

    /**
     * The instance's circuit to Zoho refused the request before anything was sent: it spends none of the user's
     * budget and is not the user's failure (else a short Zoho outage would pause users long after it ended).
     */
    private TokenProblem notSent(TokenEvent event, CircuitBreakerOpenException e, Instant now) {
        em.remove(event);
        metrics.tokenRequest(event.event, "not_sent");
        return new TokenProblem(TokenProblem.Kind.UNAVAILABLE, describe(e), now.plus(policy.zohoCircuitDelay()));
    }

    private TokenProblem failed(OAuthToken row, TokenEvent event, RuntimeException e, Instant now) {
        row.consecutiveFailures++;
        row.lastError = describe(e);
        row.updatedAt = at(now);
        settle(event, "unavailable");
        event.detail = row.lastError;
        Instant retry = now.plus(Duration.ofSeconds(30));
        if (row.consecutiveFailures >= policy.circuitFailures()) {
            row.circuitOpenUntil = at(now.plus(policy.circuitDelay()));
            retry = row.circuitOpenUntil.toInstant();
        }
        return new TokenProblem(TokenProblem.Kind.UNAVAILABLE, row.lastError, retry);
    }

    private static void markHealthy(OAuthToken row, Instant now) {
        row.needsReauth = false;
        row.lastError = null;
        row.consecutiveFailures = 0;
        row.throttledUntil = null;
        row.circuitOpenUntil = null;
        row.updatedAt = at(now);
    }

    private Issued storeAccessToken(String clientId, ZohoAnswer.Tokens tokens, Instant now) {
        AccessTokenRecord record = em.find(AccessTokenRecord.class, clientId);
        boolean created = record == null;
        if (created) {
            record = new AccessTokenRecord();
            record.clientId = clientId;
        }
        record.accessTokenEncrypted = keys.encrypt(tokens.accessToken(), ACCESS, clientId);
        record.createdAt = at(now);
        record.expiresAt = at(now.plusSeconds(tokens.expiresInSeconds()));
        if (created) {
            em.persist(record);
        }
        return issued(tokens.accessToken(), record);
    }

    private Issued issued(String token, AccessTokenRecord record) {
        Instant expires = record.expiresAt.toInstant();
        Duration lifetime = Duration.between(record.createdAt.toInstant(), expires);
        return new Issued(token, expires, expires.minus(policy.refreshMargin(lifetime)));
    }

    /** Decrypts a row's value; re-encrypts it with the current key when it was made with an older one. */
    private String plain(String stored, String purpose, OAuthToken row, boolean secret) {
        KeyRing.Plain plain = keys.decrypt(stored, purpose, row.clientId);
        if (plain.stale()) {
            String fresh = keys.encrypt(plain.value(), purpose, row.clientId);
            if (secret) {
                row.clientSecretEncrypted = fresh;
            } else {
                row.refreshTokenEncrypted = fresh;
            }
        }
        return plain.value();
    }

    /** The outcome of a token request, in the audit log and in the metrics. */
    private void settle(TokenEvent event, String outcome) {
        event.outcome = outcome;
        metrics.tokenRequest(event.event, outcome);
    }

    /** Zoho answered (whatever it said): its circuit is closed. */
    private ZohoAnswer answered(ZohoAnswer answer) {
        circuits.succeeded(Circuits.Name.ZOHO);
        return answer;
    }

    private String describe(RuntimeException e) {
        if (e instanceof CircuitBreakerOpenException) {
            circuits.refused(Circuits.Name.ZOHO);
            return "calls to Zoho are paused after repeated failures";
        }
        if (e instanceof TimeoutException) {
            return "Zoho did not answer in time";
        }
        return e.getMessage();
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
