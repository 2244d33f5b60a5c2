package dev.sdpmcp.sandbox;

import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stateful Zoho Accounts server (self-client flow), faithful to Zoho Accounts' documented self-client OAuth flow: single-use grant
 * codes that expire after 3 minutes, 1-hour access tokens, at most 10 access tokens per refresh token in a rolling
 * 10 minutes (then "Access Denied" until the window has passed), errors as HTTP 200 with an "error" field, at most
 * 20 refresh tokens per client, revocation. Its clock and limits can be changed through {@link ZohoSimulatorControl}.
 */
@ApplicationScoped
public class ZohoSimulator {

    public static final String API_DOMAIN = "https://www.zohoapis.com";
    static final String THROTTLE_DESCRIPTION = "You have made too many requests continuously. Please try again after some time.";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The tunable behaviour; tests change it, the sandbox uses Zoho's real numbers. */
    public static final class Limits {
        public volatile Duration accessTokenLifetime = Duration.ofHours(1);
        public volatile Duration grantCodeLifetime = Duration.ofMinutes(3);
        public volatile Duration window = Duration.ofMinutes(10);
        public volatile int tokensPerWindow = 10;
        public volatile int refreshTokensPerClient = 20;
        public volatile int throttleStatus = 400;
        public volatile Duration latency = Duration.ZERO;
        public volatile boolean down;
        /** Answer each refresh with a new refresh token and retire the old one (Zoho may; a client must keep up). */
        public volatile boolean rotateRefreshTokens;
    }

    /** What a token answer carries: either tokens or Zoho's error. */
    public record Answer(int status, Map<String, Object> body) {
    }

    /** An issued access token, as ServiceDesk Plus checks it. */
    public record AccessToken(String token, String clientId, String scope, Instant expiresAt, String refreshToken) {
        public boolean expired(Instant now) {
            return !now.isBefore(expiresAt);
        }
    }

    private record GrantCode(String clientId, String scope, Instant expiresAt) {
    }

    private static final class RefreshToken {
        final String token;
        final String clientId;
        final String scope;
        final Deque<Instant> issued = new ArrayDeque<>();
        Instant blockedUntil;

        RefreshToken(String token, String clientId, String scope) {
            this.token = token;
            this.clientId = clientId;
            this.scope = scope;
        }
    }

    /** Counters per client: what reached this server. */
    public static final class Stats {
        public final AtomicInteger tokenRequests = new AtomicInteger();
        public final AtomicInteger codeExchanges = new AtomicInteger();
        public final AtomicInteger refreshes = new AtomicInteger();
        public final AtomicInteger throttled = new AtomicInteger();
        public final AtomicInteger revocations = new AtomicInteger();
        /** Revocations whose token came in the URL, where access logs keep it (ours send it in the form body). */
        public final AtomicInteger revocationsInUrl = new AtomicInteger();

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("token_requests", tokenRequests.get());
            map.put("code_exchanges", codeExchanges.get());
            map.put("refreshes", refreshes.get());
            map.put("throttled", throttled.get());
            map.put("revocations", revocations.get());
            map.put("revocations_in_url", revocationsInUrl.get());
            return map;
        }
    }

    private final Limits limits = new Limits();
    private volatile Duration clockOffset = Duration.ZERO;
    private final Map<String, String> clientSecrets = new ConcurrentHashMap<>();
    private final Map<String, GrantCode> grantCodes = new ConcurrentHashMap<>();
    private final Map<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, List<String>> refreshTokensByClient = new ConcurrentHashMap<>();
    private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Stats> stats = new ConcurrentHashMap<>();

    public Limits limits() {
        return limits;
    }

    public Instant now() {
        return Instant.now().plus(clockOffset);
    }

    public void advanceClock(Duration by) {
        clockOffset = clockOffset.plus(by);
    }

    public Stats stats(String clientId) {
        return stats.computeIfAbsent(clientId, id -> new Stats());
    }

    /** The self-client console: registers the client on first use and issues a single-use grant code. */
    public synchronized Optional<String> issueGrantCode(String clientId, String clientSecret, String scope, Duration lifetime) {
        String known = clientSecrets.putIfAbsent(clientId, clientSecret);
        if (known != null && !known.equals(clientSecret)) {
            return Optional.empty();
        }
        String code = "1000." + hex(16) + "." + hex(16);
        grantCodes.put(code, new GrantCode(clientId, scope, now().plus(lifetime == null ? limits.grantCodeLifetime : lifetime)));
        return Optional.of(code);
    }

    /** POST /oauth/v2/token. */
    public synchronized Answer token(Map<String, String> params) {
        String clientId = params.getOrDefault("client_id", "");
        stats(clientId).tokenRequests.incrementAndGet();
        String grantType = params.getOrDefault("grant_type", "");
        return switch (grantType) {
            case "authorization_code" -> exchangeCode(clientId, params.get("client_secret"), params.get("code"));
            case "refresh_token" -> refresh(clientId, params.get("client_secret"), params.get("refresh_token"));
            default -> error("unsupported_grant_type");
        };
    }

    private Answer exchangeCode(String clientId, String secret, String code) {
        stats(clientId).codeExchanges.incrementAndGet();
        Answer clientProblem = checkClient(clientId, secret);
        if (clientProblem != null) {
            return clientProblem;
        }
        GrantCode grant = code == null ? null : grantCodes.remove(code);
        if (grant == null || !grant.clientId.equals(clientId) || !now().isBefore(grant.expiresAt)) {
            return error("invalid_code");
        }
        RefreshToken refresh = new RefreshToken("1000." + hex(16) + "." + hex(16), clientId, grant.scope);
        refreshTokens.put(refresh.token, refresh);
        List<String> owned = refreshTokensByClient.computeIfAbsent(clientId, id -> new ArrayList<>());
        owned.add(refresh.token);
        while (owned.size() > limits.refreshTokensPerClient) {
            // "If you create the 21st token, the first token generated will be removed."
            revokeRefreshToken(owned.remove(0));
        }
        AccessToken access = issueAccessToken(refresh);
        Map<String, Object> body = tokenBody(access);
        body.put("refresh_token", refresh.token);
        return new Answer(200, body);
    }

    private Answer refresh(String clientId, String secret, String refreshTokenValue) {
        stats(clientId).refreshes.incrementAndGet();
        Answer clientProblem = checkClient(clientId, secret);
        if (clientProblem != null) {
            return clientProblem;
        }
        RefreshToken refresh = refreshTokenValue == null ? null : refreshTokens.get(refreshTokenValue);
        if (refresh == null || !refresh.clientId.equals(clientId)) {
            return error("invalid_code");
        }
        Instant now = now();
        if (refresh.blockedUntil != null && now.isBefore(refresh.blockedUntil)) {
            return throttled(clientId);
        }
        while (!refresh.issued.isEmpty() && !refresh.issued.peekFirst().isAfter(now.minus(limits.window))) {
            refresh.issued.removeFirst();
        }
        if (refresh.issued.size() >= limits.tokensPerWindow) {
            // "the access token creation will be blocked for the rest of the ten minutes"
            refresh.blockedUntil = refresh.issued.peekFirst().plus(limits.window);
            return throttled(clientId);
        }
        if (!limits.rotateRefreshTokens) {
            return new Answer(200, tokenBody(issueAccessToken(refresh)));
        }
        RefreshToken next = new RefreshToken("1000." + hex(16) + "." + hex(16), clientId, refresh.scope);
        next.issued.addAll(refresh.issued);
        refreshTokens.remove(refresh.token);
        refreshTokens.put(next.token, next);
        List<String> owned = refreshTokensByClient.get(clientId);
        owned.set(owned.indexOf(refresh.token), next.token);
        Map<String, Object> body = tokenBody(issueAccessToken(next));
        body.put("refresh_token", next.token);
        return new Answer(200, body);
    }

    private Answer checkClient(String clientId, String secret) {
        String known = clientSecrets.get(clientId);
        if (known == null) {
            return error("invalid_client");
        }
        if (!known.equals(secret)) {
            return error("invalid_client_secret");
        }
        return null;
    }

    private AccessToken issueAccessToken(RefreshToken refresh) {
        refresh.issued.addLast(now());
        AccessToken access = new AccessToken("1000." + hex(16) + "." + hex(16), refresh.clientId, refresh.scope,
                now().plus(limits.accessTokenLifetime), refresh.token);
        accessTokens.put(access.token, access);
        return access;
    }

    private Map<String, Object> tokenBody(AccessToken access) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", access.token);
        body.put("scope", access.scope);
        body.put("api_domain", API_DOMAIN);
        body.put("token_type", "Bearer");
        body.put("expires_in", limits.accessTokenLifetime.toSeconds());
        return body;
    }

    private Answer throttled(String clientId) {
        stats(clientId).throttled.incrementAndGet();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error_description", THROTTLE_DESCRIPTION);
        body.put("error", "Access Denied");
        body.put("status", "failure");
        return new Answer(limits.throttleStatus, body);
    }

    /** Blocks token creation for a client's refresh tokens for one window, as Zoho does after a burst. */
    public synchronized void throttleNow(String clientId) {
        Instant until = now().plus(limits.window);
        refreshTokens.values().stream().filter(r -> r.clientId.equals(clientId)).forEach(r -> r.blockedUntil = until);
    }

    /** POST /oauth/v2/token/revoke: a refresh token (with its access tokens) or an access token. */
    public synchronized boolean revoke(String token) {
        return revoke(token, false);
    }

    public synchronized boolean revoke(String token, boolean inUrl) {
        if (token == null) {
            return false;
        }
        if (refreshTokens.containsKey(token)) {
            RefreshToken refresh = refreshTokens.get(token);
            stats(refresh.clientId).revocations.incrementAndGet();
            if (inUrl) {
                stats(refresh.clientId).revocationsInUrl.incrementAndGet();
            }
            revokeRefreshToken(token);
            return true;
        }
        AccessToken access = accessTokens.remove(token);
        if (access != null) {
            stats(access.clientId).revocations.incrementAndGet();
            return true;
        }
        return false;
    }

    private void revokeRefreshToken(String token) {
        RefreshToken refresh = refreshTokens.remove(token);
        if (refresh != null) {
            accessTokens.values().removeIf(a -> a.refreshToken.equals(token));
            List<String> owned = refreshTokensByClient.get(refresh.clientId);
            if (owned != null) {
                owned.remove(token);
            }
        }
    }

    /** For the ServiceDesk Plus simulator: the access token, if Zoho issued it and has not revoked it. */
    public Optional<AccessToken> accessToken(String token) {
        return Optional.ofNullable(token == null ? null : accessTokens.get(token));
    }

    /** Ends every access token of a client now (as if an hour had passed for them). */
    public synchronized void expireAccessTokens(String clientId) {
        Instant now = now();
        accessTokens.replaceAll((token, access) -> access.clientId.equals(clientId)
                ? new AccessToken(access.token, access.clientId, access.scope, now, access.refreshToken) : access);
    }

    /** Every token value issued to a client and still known (refresh and access), for tests that hunt for leaks. */
    public synchronized List<String> tokensOf(String clientId) {
        List<String> tokens = new ArrayList<>(refreshTokensByClient.getOrDefault(clientId, List.of()));
        accessTokens.values().stream().filter(a -> a.clientId.equals(clientId)).forEach(a -> tokens.add(a.token));
        return tokens;
    }

    public int refreshTokenCount(String clientId) {
        return refreshTokensByClient.getOrDefault(clientId, List.of()).size();
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static Answer error(String error) {
        return new Answer(200, Map.of("error", error));
    }
}
