package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ToolTestBase;
import dev.sdpmcp.zoho.ZohoEndpoints;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 401 does not say whether the token expired or the grant lacks a scope (the simulator, like Cloud as far as anyone
 * recorded, answers both alike): the token is renewed once, and a renewed token still refused means a missing scope,
 * named to the user and remembered, so that further calls spend nothing of Zoho's 10-per-10-minutes budget.
 */
@RunsOnPostgresql
class MissingScopeIT extends ToolTestBase {

    void connectAs(TestUsers someone) {
        user = someone;
        client.close();
        client = McpClients.streamable(base, user.headers());
        client.initialize();
    }

    long sdpCalls(String path) {
        return sdp().log(user).stream().filter(e -> e.path("path").asText().endsWith("/api/v3/" + path)).count();
    }

    @Test
    void aScopeTheGrantLacksCostsOneRenewalAndIsNamed() {
        String scopes = ZohoEndpoints.SCOPES.replace("SDPOnDemand.assets.ALL,", "").replace("SDPOnDemand.problems.ALL,", "");
        connectAs(TestUsers.authorized(uri(""), zoho(), scopes));
        int before = zoho().stat(user, "token_requests");
        for (int i = 0; i < 3; i++) {
            String message = error("list_assets", Map.of());
            assertTrue(message.contains("SDPOnDemand.assets.READ") && message.contains("grant code")
                    && message.contains("authorize tool"), message);
        }
        assertEquals(before + 1, zoho().stat(user, "token_requests"), "one renewal in all");
        assertEquals(2, sdpCalls("assets"), "the first token, the renewed one; then no more calls");

        // the renewed token is known to be fresh: another module's refusal is a scope too, with no renewal
        String problems = error("list_problems", Map.of());
        assertTrue(problems.contains("SDPOnDemand.problems.READ"), problems);
        assertEquals(before + 1, zoho().stat(user, "token_requests"));
        assertFalse(rows(ok("list_requests", Map.of("page_size", 1)), "requests").isEmpty(), "the scopes it has work");
        assertEquals(before + 1, zoho().stat(user, "token_requests"));
    }

    @Test
    void anExpiredTokenIsRenewedOnceAndWorks() {
        ok("list_assets", Map.of("page_size", 1));
        zoho().expireAccessTokens(user);
        int before = zoho().stat(user, "token_requests");
        assertFalse(rows(ok("list_assets", Map.of("page_size", 1)), "assets").isEmpty());
        assertFalse(rows(ok("list_assets", Map.of("page_size", 1)), "assets").isEmpty());
        assertEquals(before + 1, zoho().stat(user, "token_requests"), "renewed once, then the new token is used");
    }
}
