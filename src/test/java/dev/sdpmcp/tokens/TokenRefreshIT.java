package dev.sdpmcp.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.credentials.ClientCredentials;
import dev.sdpmcp.it.support.Deployments;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.Secrets;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ZohoSim;
import dev.sdpmcp.zoho.ZohoEndpoints;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Token refresh under load, limits and faults, inside the server against the real PostgreSQL and the Zoho simulator
 * (over HTTP: SDP_ACCOUNTS_URL; its knobs too, as the simulator is a WAR of its own). Separate {@link TokenService} instances stand for separate servers: each has its own
 * memory cache and in-process locks, and they share only the database.
 */
@RunsOnPostgresql
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TokenRefreshIT {

    static final String BASE = "http://test.invalid";

    @Deployment
    static WebArchive app() {
        return Deployments.serverWith(TokenRefreshIT.class, ZohoSim.class);
    }

    @Inject
    TokenService tokens;

    @Inject
    TokenLedger ledger;

    @Inject
    AuthorizationGuide guide;

    @Inject
    ZohoEndpoints endpoints;

    @Inject
    TokenPolicy policy;

    /** The simulator of this server's sandbox WAR (the environment, not MicroProfile Config: the client JVM makes this too). */
    final ZohoSim zoho = new ZohoSim(URI.create("http://127.0.0.1:" + System.getenv("SDP_HTTP_PORT")));

    @Resource(lookup = "jdbc/sdpPostgres")
    DataSource postgres;

    @AfterEach
    void restoreZoho() {
        zoho.limits("access_token_lifetime_seconds=3600&window_seconds=600&down=false&latency_ms=0&rotate_refresh_tokens=false");
    }

    /** Another server's token service: its own cache and locks, the same database and Zoho. */
    TokenService anotherServer() {
        TokenService service = new TokenService();
        service.ledger = ledger;
        service.guide = guide;
        service.endpoints = endpoints;
        return service;
    }

    ClientCredentials authorized() throws Exception {
        TestUsers user = TestUsers.fresh();
        ClientCredentials caller = ClientCredentials.of(user.clientId(), user.clientSecret());
        String code = zoho.grantCode(user, "SDPOnDemand.requests.ALL");
        tokens.authorize(caller, BASE, code, Optional.empty());
        return caller;
    }

    /** No cached token anywhere: the access token row is gone and Zoho considers the last one expired. */
    void forgetAccessToken(ClientCredentials caller) throws Exception {
        zoho.expireAccessTokens(user(caller));
        try (Connection db = postgres.getConnection();
                PreparedStatement delete = db.prepareStatement("DELETE FROM oauth_access_tokens WHERE client_id = ?")) {
            delete.setString(1, caller.clientId());
            delete.executeUpdate();
        }
    }

    static TestUsers user(ClientCredentials caller) {
        return new TestUsers(caller.clientId(), caller.clientSecret());
    }

    int tokenRequests(ClientCredentials caller) {
        return zoho.stat(user(caller), "token_requests");
    }

    @Test
    @Order(1)
    void aHundredConcurrentCallsWithoutACachedTokenMakeExactlyOneTokenRequest() throws Exception {
        ClientCredentials caller = authorized();
        forgetAccessToken(caller);
        TokenService server = anotherServer();
        int before = tokenRequests(caller);
        ExecutorService pool = Executors.newFixedThreadPool(100);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            calls.add(pool.submit(() -> {
                start.await();
                return server.accessToken(caller, BASE);
            }));
        }
        start.countDown();
        Set<String> issued = ConcurrentHashMap.newKeySet();
        for (Future<String> call : calls) {
            issued.add(call.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(1, tokenRequests(caller) - before, "token requests that reached Zoho");
        assertEquals(1, issued.size(), "every call got the same new token");
        Secrets.remember(new ArrayList<>(issued));
    }

    @Test
    @Order(2)
    void twoServersHammeringAcrossSeveralExpiriesRefreshOncePerExpiryWithinTheBudget() throws Exception {
        zoho.limits("access_token_lifetime_seconds=3");
        ClientCredentials caller = authorized(); // its first token lives 3 s
        TokenService one = anotherServer();
        TokenService two = anotherServer();
        int before = tokenRequests(caller);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            TokenService server = i % 2 == 0 ? one : two;
            workers.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    seen.add(server.accessToken(caller, BASE));
                    Thread.sleep(20);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        int refreshes = tokenRequests(caller) - before;
        // each refresh made exactly one new token and every token made was used: one refresh per expiry
        assertEquals(seen.size() - 1, refreshes, "refreshes vs distinct tokens seen (the first came from authorizing)");
        assertTrue(refreshes >= 3 && refreshes <= 6, "10 s of 3 s tokens renewed about 0.3 s early: " + refreshes);
        // a second renewal of the same expiry would follow the first within milliseconds: a token lives 2.7 s at least
        List<Long> renewals = values("SELECT (extract(epoch FROM occurred_at) * 1000)::bigint FROM oauth_token_events "
                + "WHERE client_id = ? AND event = 'refresh' ORDER BY occurred_at", caller).stream().map(Long::valueOf).toList();
        assertEquals(refreshes, renewals.size());
        for (int i = 1; i < renewals.size(); i++) {
            long gap = renewals.get(i) - renewals.get(i - 1);
            assertTrue(gap >= 2_500, "two renewals " + gap + " ms apart: one expiry was renewed twice");
        }
        assertEquals(0, zoho.stat(user(caller), "throttled"), "Zoho never had to refuse");
        assertTrue(ledger.status(caller.clientId()).budgetUsed() <= policy.budget());
        Secrets.remember(new ArrayList<>(seen));
    }

    @Test
    @Order(3)
    void theBudgetIsHardTheEleventhRequestNeverLeavesTheServer() throws Exception {
        ClientCredentials caller = authorized(); // token request 1
        String token = tokens.accessToken(caller, BASE);
        for (int i = 2; i <= policy.budget(); i++) {
            token = tokens.replaceRejected(caller, BASE, token); // token requests 2..10
        }
        String last = token;
        TokenException stopped = assertThrows(TokenException.class, () -> tokens.replaceRejected(caller, BASE, last));
        assertEquals("throttled", stopped.reason());
        assertTrue(stopped.getMessage().contains("budget"), stopped.getMessage());
        assertEquals(policy.budget(), tokenRequests(caller), "exactly the budget reached Zoho");
        assertEquals(0, zoho.stat(user(caller), "throttled"));
        // the refusal is made by the database, so another server refuses too
        assertThrows(TokenException.class, () -> anotherServer().replaceRejected(caller, BASE, last));
        assertEquals(policy.budget(), tokenRequests(caller));
    }

    @Test
    @Order(4)
    void throttledByZohoNothingIsSentUntilTheWindowHasPassedAndTheErrorSaysWhen() throws Exception {
        zoho.limits("window_seconds=" + policy.window().toSeconds());
        ClientCredentials caller = authorized();
        zoho.throttle(user(caller));
        forgetAccessToken(caller);
        TokenService server = anotherServer();
        int before = tokenRequests(caller);
        TokenException throttled = assertThrows(TokenException.class, () -> server.accessToken(caller, BASE));
        assertEquals("throttled", throttled.reason());
        assertTrue(throttled.getMessage().matches("(?s).*before \\d\\d:\\d\\d:\\d\\d UTC \\(in \\d+ (seconds|minutes)\\).*"),
                throttled.getMessage());
        assertEquals(1, tokenRequests(caller) - before);
        for (int i = 0; i < 5; i++) {
            assertThrows(TokenException.class, () -> anotherServer().accessToken(caller, BASE));
        }
        assertEquals(1, tokenRequests(caller) - before, "no call to Zoho while the window lasts");
        Thread.sleep(throttled.retryAt().toEpochMilli() - System.currentTimeMillis() + 1500);
        Secrets.remember(server.accessToken(caller, BASE));
        assertEquals(2, tokenRequests(caller) - before, "after the window, one request");
    }

    @Test
    @Order(5)
    void whenZohoRefusesTheStoredAuthorizationTheUserIsToldToReauthorize() throws Exception {
        ClientCredentials caller = authorized();
        zoho.revoke(user(caller)); // the user removed the app in Zoho
        forgetAccessToken(caller);
        TokenException reauth = assertThrows(TokenException.class, () -> anotherServer().accessToken(caller, BASE));
        assertEquals("needs_reauth", reauth.reason());
        assertTrue(reauth.getMessage().contains("invalid_code") && reauth.getMessage().contains("authorize tool"), reauth.getMessage());
        assertTrue(ledger.status(caller.clientId()).needsReauth());
        int after = tokenRequests(caller);
        assertThrows(TokenException.class, () -> anotherServer().accessToken(caller, BASE));
        assertEquals(after, tokenRequests(caller), "no more requests once re-authorization is needed");
        // authorizing again clears it
        String code = zoho.grantCode(user(caller), "SDPOnDemand.requests.ALL");
        tokens.authorize(caller, BASE, code, Optional.empty());
        Secrets.remember(anotherServer().accessToken(caller, BASE));
    }

    @Test
    @Order(6)
    void whenZohoIsDownTheUsersRequestsArePausedAfterRepeatedFailures() throws Exception {
        ClientCredentials caller = authorized();
        forgetAccessToken(caller);
        zoho.limits("down=true");
        for (int i = 0; i < policy.circuitFailures(); i++) {
            TokenException down = assertThrows(TokenException.class, () -> anotherServer().accessToken(caller, BASE));
            assertEquals("unavailable", down.reason());
            Thread.sleep(2500); // past the Zoho client's own circuit breaker delay on the test server
        }
        int before = tokenRequests(caller);
        TokenException paused = assertThrows(TokenException.class, () -> anotherServer().accessToken(caller, BASE));
        assertTrue(paused.getMessage().contains("paused until"), paused.getMessage());
        assertEquals(before, tokenRequests(caller), "paused: nothing sent");
        assertTrue(ledger.status(caller.clientId()).circuitOpenUntil() != null);
        zoho.limits("down=false");
        Thread.sleep(2500);
    }

    int tokenEvents(ClientCredentials caller) throws Exception {
        return Integer.parseInt(values("SELECT count(*) FROM oauth_token_events WHERE client_id = ?", caller).get(0));
    }

    @Test
    @Order(7)
    void requestsTheOpenZohoCircuitRefusesSpendNoBudgetAndPauseNoOne() throws Exception {
        ClientCredentials caller = authorized();
        List<ClientCredentials> others = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            others.add(authorized());
        }
        forgetAccessToken(caller);
        for (ClientCredentials other : others) {
            forgetAccessToken(other);
        }
        zoho.limits("down=true");
        try {
            for (ClientCredentials other : others) { // failures reaching Zoho open the instance's circuit
                assertThrows(TokenException.class, () -> anotherServer().accessToken(other, BASE));
            }
            int sent = tokenRequests(caller);
            int events = tokenEvents(caller);
            for (int i = 0; i < policy.circuitFailures() + 1; i++) {
                TokenException refused = assertThrows(TokenException.class, () -> anotherServer().accessToken(caller, BASE));
                assertEquals("unavailable", refused.reason());
            }
            assertEquals(sent, tokenRequests(caller), "the open circuit sent nothing");
            assertEquals(events, tokenEvents(caller), "so nothing was spent of the user's budget");
            assertEquals(0, ledger.status(caller.clientId()).consecutiveFailures(), "nor counted as the user's failure");
            assertNull(ledger.status(caller.clientId()).circuitOpenUntil(), "the user is not paused");
        } finally {
            zoho.limits("down=false");
        }
        Thread.sleep(2500); // the instance's circuit half-opens (SDP_ZOHO_CIRCUIT_DELAY_SECONDS=2 on the test server)
        Secrets.remember(anotherServer().accessToken(caller, BASE));
    }
    @Test
    @Order(8)
    void aThrottledUserReachesZohoByNoOtherGrantUntilTheWindowHasPassed() throws Exception {
        zoho.limits("window_seconds=" + policy.window().toSeconds());
        ClientCredentials caller = authorized();
        zoho.throttle(user(caller));
        forgetAccessToken(caller);
        assertEquals("throttled", assertThrows(TokenException.class, () -> anotherServer().accessToken(caller, BASE)).reason());
        int sent = tokenRequests(caller);
        String code = zoho.grantCode(user(caller), "SDPOnDemand.requests.ALL");
        TokenException again = assertThrows(TokenException.class, () -> anotherServer().authorize(caller, BASE, code, Optional.empty()));
        assertEquals("throttled", again.reason());
        assertEquals(sent, tokenRequests(caller), "the grant code was not sent while Zoho's throttle lasts");
    }

    @Test
    @Order(9)
    void anotherSecretSpendsABudgetOfItsOwnAndLeavesTheOwnersRowAlone() throws Exception {
        ClientCredentials owner = authorized();
        ClientCredentials other = ClientCredentials.of(owner.clientId(), "f".repeat(42));
        int ownerBudget = ledger.status(owner.clientId()).budgetUsed();
        List<String> rowBefore = tokenRow(owner);
        for (int i = 0; i < policy.budget(); i++) {
            TokenException refused = assertThrows(TokenException.class,
                    () -> tokens.authorize(other, BASE, "1000.0123456789abcdef.0123456789abcdef", Optional.empty()));
            assertEquals("secret_mismatch", refused.reason());
            assertTrue(refused.getMessage().contains("nothing stored was used or changed"), refused.getMessage());
        }
        assertEquals("throttled", assertThrows(TokenException.class,
                () -> tokens.authorize(other, BASE, "1000.0123456789abcdef.0123456789abcdef", Optional.empty())).reason());
        assertEquals(ownerBudget, ledger.status(owner.clientId()).budgetUsed(), "the owner's budget is untouched");
        assertEquals(rowBefore, tokenRow(owner), "and so is the owner's row");
        forgetAccessToken(owner);
        Secrets.remember(anotherServer().accessToken(owner, BASE)); // the owner still renews tokens
    }

    @Test
    @Order(10)
    void anAuthorizationMadeOnAnotherServerIsSeenWithinTheNegativeCacheAndNothingLeaksMeanwhile() throws Exception {
        TestUsers user = TestUsers.fresh();
        ClientCredentials owner = ClientCredentials.of(user.clientId(), user.clientSecret());
        ClientCredentials other = ClientCredentials.of(user.clientId(), "f".repeat(42));
        TokenService serverB = anotherServer();
        long checked = System.nanoTime();
        assertEquals(TokenService.SecretCheck.UNKNOWN, serverB.checkSecret(other), "nobody is authorized yet");
        String code = zoho.grantCode(user, "SDPOnDemand.requests.ALL");
        tokens.authorize(owner, BASE, code, Optional.empty()); // on server A, which sees it at once
        assertEquals(TokenService.SecretCheck.MATCH, tokens.checkSecret(owner));
        assertEquals(TokenService.SecretCheck.MISMATCH, tokens.checkSecret(other));
        // B answers "nothing stored" from memory for a moment (random ids cost no database read each) ...
        TokenService.SecretCheck meanwhile = serverB.checkSecret(other);
        if (Duration.ofNanos(System.nanoTime() - checked).compareTo(TokenService.NEGATIVE_CACHE) < 0) {
            assertEquals(TokenService.SecretCheck.UNKNOWN, meanwhile, "the negative cache answered");
        }
        // ... and even then a caller with another secret learns nothing of what is stored
        TokenLedger.Status seen = serverB.status(other, BASE);
        assertTrue(!seen.authorized() && seen.createdAt() == null && seen.scopes() == null, seen.toString());
        Thread.sleep(TokenService.NEGATIVE_CACHE.toMillis() + 200);
        assertEquals(TokenService.SecretCheck.MISMATCH, serverB.checkSecret(other), "B must not let the other secret through");
        assertEquals(TokenService.SecretCheck.MATCH, serverB.checkSecret(owner));
        assertTrue(serverB.status(owner, BASE).authorized(), "the owner sees their own status");
    }

    @Test
    @Order(11)
    void aRefreshTokenZohoReplacesIsStoredAndTheNextRenewalUsesIt() throws Exception {
        ClientCredentials caller = authorized();
        zoho.limits("rotate_refresh_tokens=true");
        forgetAccessToken(caller);
        Secrets.remember(anotherServer().accessToken(caller, BASE)); // Zoho retires the refresh token it was sent
        zoho.tokens(user(caller)); // remembered for the log scan
        forgetAccessToken(caller);
        Secrets.remember(anotherServer().accessToken(caller, BASE)); // so this renewal works only with the new one
        zoho.tokens(user(caller)); // remembered for the log scan
        assertEquals(2, zoho.stat(user(caller), "refreshes"));
        assertTrue(ledger.status(caller.clientId()).authorized());
    }

    @Test
    @Order(12)
    void aZohoThatDoesNotAnswerInTimeIsGivenUpOnAndTheUserIsToldSo() throws Exception {
        ClientCredentials caller = authorized();
        forgetAccessToken(caller);
        int timeout = ConfigProvider.getConfig().getOptionalValue("SDP_ZOHO_TIMEOUT_SECONDS", Integer.class).orElse(10);
        zoho.limits("latency_ms=" + (timeout + 2) * 1000);
        TokenException slow = assertThrows(TokenException.class, () -> anotherServer().accessToken(caller, BASE));
        assertEquals("unavailable", slow.reason());
        assertTrue(slow.getMessage().contains("did not answer in time"), slow.getMessage());
    }

    @Test
    @Order(13)
    void failedAttemptsNobodyVerifiedHaveACapAndItNeverStopsAnAuthorizedOwner() throws Exception {
        ClientCredentials owner = authorized();
        String marker = "1000.CAPTEST" + System.nanoTime();
        // the cap's worth of failed attempts from elsewhere in the window (rows as the ledger writes them)
        try (Connection db = postgres.getConnection(); PreparedStatement insert = db.prepareStatement("INSERT INTO "
                + "oauth_token_events (id, client_id, event, outcome, secret_fingerprint, occurred_at) VALUES "
                + "(nextval('oauth_token_events_seq'), ?, 'authorize_unverified', 'refused', ?, now())")) {
            for (int i = 0; i < policy.unverifiedCap(); i++) {
                insert.setString(1, marker);
                insert.setString(2, Integer.toString(i));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try {
            TestUsers newcomer = TestUsers.fresh();
            ClientCredentials caller = ClientCredentials.of(newcomer.clientId(), newcomer.clientSecret());
            TokenException paused = assertThrows(TokenException.class,
                    () -> tokens.authorize(caller, BASE, "1000.0123456789abcdef.0123456789abcdef", Optional.empty()));
            assertEquals("throttled", paused.reason());
            assertTrue(paused.getMessage().contains("failed authorization attempts"), paused.getMessage());
            assertEquals(0, tokenRequests(caller), "nothing reached Zoho");
            forgetAccessToken(owner);
            Secrets.remember(anotherServer().accessToken(owner, BASE)); // a verified owner renews as ever
        } finally {
            try (Connection db = postgres.getConnection();
                    PreparedStatement delete = db.prepareStatement("DELETE FROM oauth_token_events WHERE client_id = ?")) {
                delete.setString(1, marker);
                delete.executeUpdate();
            }
        }
        TestUsers later = TestUsers.fresh();
        ClientCredentials caller = ClientCredentials.of(later.clientId(), later.clientSecret());
        String code = zoho.grantCode(later, "SDPOnDemand.requests.ALL");
        tokens.authorize(caller, BASE, code, Optional.empty());
        assertTrue(ledger.status(caller.clientId()).authorized(), "below the cap, attempts go to Zoho again");
    }

    /** Every column of the user's oauth_tokens row, as text. */
    List<String> tokenRow(ClientCredentials caller) throws Exception {
        return values("SELECT * FROM oauth_tokens WHERE client_id = ?", caller);
    }

    /** What a query about the user (its one parameter: the client id) finds: every column of every row, as text. */
    List<String> values(String sql, ClientCredentials caller) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection db = postgres.getConnection(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, caller.clientId());
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    for (int c = 1; c <= rows.getMetaData().getColumnCount(); c++) {
                        values.add(rows.getString(c));
                    }
                }
            }
        }
        return values;
    }
}
