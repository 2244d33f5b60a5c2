package dev.sdpmcp.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ZohoSimulatorTest {

    static final String ID = "1000.SIMULATORTEST00000000000000";
    static final String SECRET = "simulator-secret-0123456789";

    ZohoSimulator zoho = new ZohoSimulator();

    String code() {
        return zoho.issueGrantCode(ID, SECRET, "SDPOnDemand.requests.ALL", null).orElseThrow();
    }

    Map<String, Object> exchange(String code) {
        return zoho.token(Map.of("grant_type", "authorization_code", "client_id", ID, "client_secret", SECRET, "code", code)).body();
    }

    ZohoSimulator.Answer refresh(String refreshToken) {
        return zoho.token(Map.of("grant_type", "refresh_token", "client_id", ID, "client_secret", SECRET, "refresh_token", refreshToken));
    }

    @Test
    void grantCodesWorkOnceAndExpireAfterThreeMinutes() {
        String code = code();
        Map<String, Object> tokens = exchange(code);
        assertEquals(3600L, tokens.get("expires_in"));
        assertTrue(tokens.get("refresh_token").toString().startsWith("1000."));
        assertEquals(Map.of("error", "invalid_code"), exchange(code), "single use");
        String late = code();
        zoho.advanceClock(Duration.ofMinutes(3).plusSeconds(1));
        assertEquals(Map.of("error", "invalid_code"), exchange(late), "expired");
    }

    @Test
    void clientsAreCheckedWithHttp200Errors() {
        String code = code();
        var wrongSecret = zoho.token(Map.of("grant_type", "authorization_code", "client_id", ID, "client_secret", "nope", "code", code));
        assertEquals(200, wrongSecret.status());
        assertEquals("invalid_client_secret", wrongSecret.body().get("error"));
        var unknown = zoho.token(Map.of("grant_type", "authorization_code", "client_id", "1000.UNKNOWN", "client_secret", SECRET, "code", code));
        assertEquals("invalid_client", unknown.body().get("error"));
    }

    @Test
    void tenAccessTokensPerRefreshTokenPerTenMinutesThenBlockedForTheRestOfTheWindow() {
        String refreshToken = exchange(code()).get("refresh_token").toString(); // the exchange made token 1
        for (int i = 2; i <= 10; i++) {
            assertEquals(200, refresh(refreshToken).status(), "token " + i);
            zoho.advanceClock(Duration.ofSeconds(10));
        }
        ZohoSimulator.Answer denied = refresh(refreshToken);
        assertEquals(400, denied.status());
        assertEquals("Access Denied", denied.body().get("error"));
        assertTrue(denied.body().get("error_description").toString().contains("too many requests"));
        zoho.advanceClock(Duration.ofMinutes(8));
        assertEquals(400, refresh(refreshToken).status(), "blocked for the rest of the window");
        zoho.advanceClock(Duration.ofMinutes(1));
        assertEquals(200, refresh(refreshToken).status(), "the window has passed");
        assertEquals(2, zoho.stats(ID).throttled.get());
    }

    /** A refresh token carries its grant code's scopes for good: a scope asked for on refresh is ignored (fidelity §10). */
    @Test
    void refreshedTokensKeepTheGrantsScopes() {
        String refreshToken = exchange(code()).get("refresh_token").toString();
        ZohoSimulator.Answer wider = zoho.token(Map.of("grant_type", "refresh_token", "client_id", ID, "client_secret", SECRET,
                "refresh_token", refreshToken, "scope", "SDPOnDemand.requests.ALL,SDPOnDemand.assets.ALL"));
        assertEquals("SDPOnDemand.requests.ALL", wider.body().get("scope"));
        assertEquals("SDPOnDemand.requests.ALL", zoho.accessToken(wider.body().get("access_token").toString()).orElseThrow().scope());
    }

    @Test
    void revokingARefreshTokenKillsItsAccessTokensAndTheTwentyFirstRefreshTokenEvictsTheFirst() {
        Map<String, Object> first = exchange(code());
        String access = first.get("access_token").toString();
        assertTrue(zoho.accessToken(access).isPresent());
        assertTrue(zoho.revoke(first.get("refresh_token").toString()));
        assertTrue(zoho.accessToken(access).isEmpty());
        assertFalse(zoho.revoke("1000.unknown.token"));
        String oldest = exchange(code()).get("refresh_token").toString();
        for (int i = 0; i < 20; i++) {
            exchange(code());
        }
        assertEquals(20, zoho.refreshTokenCount(ID));
        assertEquals("invalid_code", refresh(oldest).body().get("error"));
    }
}
