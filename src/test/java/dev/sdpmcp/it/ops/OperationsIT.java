package dev.sdpmcp.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.it.support.Db;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ToolTestBase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What operators use: /health, /metrics and the admin API — from outside, as they would. */
@RunsOnPostgresql
class OperationsIT extends ToolTestBase {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> ADMIN = basic("ops-admin", "ops-admin-password");
    /** What a script sends for an admin request that changes something (AdminRequestGuard). */
    static final Map<String, String> ADMIN_WRITE = Map.of("Authorization", ADMIN.get("Authorization"), "X-Requested-By", "test");
    static final Map<String, String> VIEWER = basic("viewer", "viewer-password");

    static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void healthReportsLivenessReadinessAndTheCircuits() throws Exception {
        HttpResponse<String> live = Http.send("GET", uri("/health/live"), Map.of(), null);
        assertEquals(200, live.statusCode(), live.body());
        HttpResponse<String> ready = Http.send("GET", uri("/health/ready"), Map.of(), null);
        assertEquals(200, ready.statusCode(), ready.body());
        JsonNode checks = json(ready).path("checks");
        List<String> names = new ArrayList<>();
        checks.forEach(check -> names.add(check.path("name").asText()));
        assertTrue(names.containsAll(List.of("database", "zoho-accounts-circuit", "servicedesk-circuit")), names.toString());
        checks.forEach(check -> assertTrue(check.path("data").isMissingNode() || check.path("data").isEmpty(),
                "anonymous callers see a check's name and status, no data: " + check));
        assertFalse(ready.body().contains(System.getProperty("it.db.name")) || ready.body().contains(System.getProperty("it.db.user") + "@"),
                "no database location in /health/ready: " + ready.body());
        assertFalse(live.body().contains("sessions"), live.body());

        assertEquals(401, Http.send("GET", uri("/admin/health"), Map.of(), null).statusCode(), "the details need a login");
        assertEquals(403, Http.send("GET", uri("/admin/health"), VIEWER, null).statusCode(), "and the role sdp-admin");
        HttpResponse<String> details = Http.send("GET", uri("/admin/health"), ADMIN, null);
        assertEquals(200, details.statusCode(), details.body());
        JsonNode database = json(details).path("database");
        assertTrue(database.path("schema_current").asBoolean(), details.body());
        assertTrue(database.path("database").asText().contains(System.getProperty("it.db.name")), details.body());
        assertEquals("closed", json(details).path("servicedesk-circuit").path("state").asText(), details.body());
    }

    static double counter(String metrics, String tool, String outcome) {
        Matcher line = Pattern.compile("(?m)^sdp_tool_calls_total\\{([^}]*)\\} ([0-9.eE+]+)$").matcher(metrics);
        while (line.find()) {
            if (line.group(1).contains("tool=\"" + tool + "\"") && line.group(1).contains("outcome=\"" + outcome + "\"")) {
                return Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }

    @Test
    void metricsCountToolCallsExactlyAndNameNoUser() {
        String before = Http.send("GET", uri("/metrics"), Map.of(), null).body();
        for (int i = 0; i < 5; i++) {
            ok("check_auth_status", Map.of());
        }
        error("get_request", Map.of("request_id", "999999999999999999"));
        HttpResponse<String> after = Http.send("GET", uri("/metrics"), Map.of(), null);
        assertEquals(200, after.statusCode());
        String metrics = after.body();
        assertEquals(5, counter(metrics, "check_auth_status", "ok") - counter(before, "check_auth_status", "ok"));
        assertEquals(1, counter(metrics, "get_request", "error") - counter(before, "get_request", "error"));
        assertTrue(metrics.contains("sdp_tool_call_duration_seconds_bucket"), "latency histogram");
        assertTrue(metrics.contains("sdp_sessions_open{") && metrics.contains("transport=\"streamable\""));
        assertTrue(metrics.contains("sdp_token_requests_total{"), "token requests by outcome");
        assertTrue(metrics.contains("sdp_circuit_open{"));
        assertTrue(metrics.contains("connectionpool"), "the database pool, from Liberty");
        assertFalse(metrics.contains(user.clientId()) || metrics.contains(user.clientHash()) || metrics.contains("1000."),
                "no label may name a user");
    }

    @Test
    void theAdminApiIsClosedToAnonymousAndOrdinaryUsers() {
        for (String path : List.of("/admin/users", "/admin/sessions", "/admin/usage")) {
            assertEquals(401, Http.send("GET", uri(path), Map.of(), null).statusCode(), path);
            assertEquals(403, Http.send("GET", uri(path), VIEWER, null).statusCode(), path);
            assertEquals(401, Http.send("GET", uri(path), basic("ops-admin", "wrong"), null).statusCode(), path);
        }
        assertEquals(401, Http.send("DELETE", uri("/admin/users/" + user.clientHash()), Map.of(), null).statusCode());
        assertEquals(403, Http.send("POST", uri("/admin/users/" + user.clientHash() + "/reauth"), VIEWER, null).statusCode());
        assertFalse(Db.rowsUnchecked("oauth_tokens", user.clientId()).isEmpty(), "the refused calls changed nothing");
    }

    @Test
    void adminsSeeUsersSessionsAndUsageButNeverASecret() throws Exception {
        ok("list_requests", Map.of("page_size", 1));
        List<String> secrets = new ArrayList<>(zoho().tokens(user));
        secrets.add(user.clientSecret());
        secrets.add(user.clientId());

        HttpResponse<String> users = Http.send("GET", uri("/admin/users"), ADMIN, null);
        assertEquals(200, users.statusCode(), users.body());
        JsonNode me = null;
        for (JsonNode row : json(users)) {
            if (row.path("id").asText().equals(user.clientHash())) {
                me = row;
            }
        }
        assertTrue(me != null, "the user is listed by hash");
        assertEquals(true, me.path("authorized").asBoolean());
        assertTrue(me.path("client_id").asText().contains("…"), "masked");
        assertTrue(me.path("calls_last_24h").asInt() >= 1);

        HttpResponse<String> sessions = Http.send("GET", uri("/admin/sessions"), ADMIN, null);
        assertEquals(200, sessions.statusCode());
        assertTrue(sessions.body().contains("\"transport\":\"streamable\""), sessions.body());
        HttpResponse<String> byUser = Http.send("GET", uri("/admin/usage?days=1&by=user"), ADMIN, null);
        HttpResponse<String> byTool = Http.send("GET", uri("/admin/usage?days=1&by=tool"), ADMIN, null);
        assertEquals(200, byTool.statusCode());
        assertTrue(byTool.body().contains("\"tool\":\"list_requests\""), byTool.body());
        assertEquals(200, byUser.statusCode());
        assertTrue(byUser.body().contains("\"user\":\"" + me.path("client_id").asText() + "\""), "by masked id: " + byUser.body());
        assertEquals(400, Http.send("GET", uri("/admin/usage?by=planet"), ADMIN, null).statusCode());
        for (HttpResponse<String> answer : List.of(users, sessions, byUser, byTool)) {
            for (String secret : secrets) {
                assertFalse(answer.body().contains(secret), "an admin answer holds a secret: " + answer.uri());
            }
        }
    }

    @Test
    void usageOlderThanTheRetentionIsPurged() throws Exception {
        String hash = TestUsers.fresh().clientHash();
        try (Connection db = Db.postgres(); PreparedStatement insert = db.prepareStatement("INSERT INTO usage_log "
                + "(id, client_hash, tool_name, outcome, duration_ms, transport, called_at) "
                + "VALUES (nextval('usage_log_seq'), ?, ?, 'ok', 1, 'sse', now() - make_interval(days => ?))")) {
            for (Object[] row : new Object[][] {{"get_request", 91}, {"list_requests", 89}}) {
                insert.setString(1, hash);
                insert.setString(2, (String) row[0]);
                insert.setInt(3, (Integer) row[1]);
                insert.executeUpdate();
            }
        }
        assertEquals(401, Http.send("POST", uri("/admin/usage/purge"), Map.of(), null).statusCode());
        HttpResponse<String> purged = Http.send("POST", uri("/admin/usage/purge"), ADMIN_WRITE, null);
        assertEquals(200, purged.statusCode(), purged.body());
        assertEquals(90, json(purged).path("retention_days").asInt(), "the default SDP_USAGE_RETENTION_DAYS");
        assertTrue(json(purged).path("purged").asInt() >= 1, purged.body());
        List<String> left = Db.rows("usage_log", "client_hash = ?", hash);
        assertEquals(1, left.size(), left.toString());
        assertTrue(left.get(0).contains("tool_name=list_requests"), "the row inside the retention stays: " + left);
    }

    @Test
    void tokenAuditRowsOlderThanTheRetentionArePurgedAndUnverifiedAttemptsAfterADay() throws Exception {
        String clientId = TestUsers.fresh().clientId();
        try (Connection db = Db.postgres(); PreparedStatement insert = db.prepareStatement("INSERT INTO oauth_token_events "
                + "(id, client_id, event, outcome, occurred_at) "
                + "VALUES (nextval('oauth_token_events_seq'), ?, ?, 'ok', now() - make_interval(hours => ?))")) {
            for (Object[] row : new Object[][] {{"refresh", 91 * 24}, {"authorize", 89 * 24}, {"authorize_unverified", 25},
                    {"refresh_unverified", 23}}) {
                insert.setString(1, clientId);
                insert.setString(2, (String) row[0]);
                insert.setInt(3, (Integer) row[1]);
                insert.executeUpdate();
            }
        }
        assertEquals(401, Http.send("POST", uri("/admin/token-events/purge"), Map.of(), null).statusCode());
        HttpResponse<String> purged = Http.send("POST", uri("/admin/token-events/purge"), ADMIN_WRITE, null);
        assertEquals(200, purged.statusCode(), purged.body());
        assertEquals(90, json(purged).path("retention_days").asInt(), "the default SDP_TOKEN_EVENTS_RETENTION_DAYS");
        List<String> left = Db.rows("oauth_token_events", "client_id = ?", clientId);
        assertEquals(2, left.size(), left.toString());
        assertTrue(left.stream().anyMatch(r -> r.contains("event=authorize|")) && left.stream().anyMatch(r -> r.contains(
                "event=refresh_unverified")), "the rows inside their retention stay: " + left);
    }

    @Test
    void adminsCanForceReauthorizationAndRemoveAUser() throws Exception {
        HttpResponse<String> reauth = Http.send("POST", uri("/admin/users/" + user.clientHash() + "/reauth"), ADMIN_WRITE, null);
        assertEquals(200, reauth.statusCode(), reauth.body());
        Map<String, Object> status = ok("check_auth_status", Map.of());
        assertEquals(true, status.get("needs_reauth"));
        assertTrue(error("list_requests", Map.of()).contains("renewed"), "the user is told to authorize again");

        int revocations = zoho().stat(user, "revocations");
        HttpResponse<String> removed = Http.send("DELETE", uri("/admin/users/" + user.clientHash()), ADMIN_WRITE, null);
        assertEquals(200, removed.statusCode(), removed.body());
        assertTrue(json(removed).path("revoked_at_zoho").asBoolean());
        assertEquals(revocations + 1, zoho().stat(user, "revocations"));
        assertTrue(Db.rowsUnchecked("oauth_tokens", user.clientId()).isEmpty());
        assertEquals(404, Http.send("DELETE", uri("/admin/users/" + user.clientHash()), ADMIN_WRITE, null).statusCode());
    }
}
