package dev.sdpmcp.sandbox.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Authentication, scopes, headers, rate limit, faults, URLs, portals, per-client identity and the request log. */
class SimulatorTest {

    final Sim sim = new Sim();
    final String alice = "1000.ALICE0000000000000000000000000";
    final String bob = "1000.BOB000000000000000000000000000";
    final String aliceToken = sim.token(alice);

    static JsonNode message(SdpSimulator.Reply reply, int http, int code) {
        assertEquals(http, reply.status(), reply.body());
        JsonNode status = Sim.parse(reply).get("response_status");
        assertEquals(4000, status.get("status_code").asInt());
        JsonNode message = status.get("messages").get(0);
        assertEquals(code, message.get("status_code").asInt(), reply.body());
        return message;
    }

    SdpSimulator.Reply get(String authorization, String accept) {
        return sim.raw("GET", "app/itdesk/api/v3/requests", authorization, accept, null);
    }

    @Test
    void tokensAreCheckedWith4022() {
        message(get(null, Sim.ACCEPT), 401, 4022);
        message(get("Zoho-oauthtoken 1000.unknown.token", Sim.ACCEPT), 401, 4022);
        message(get("Basic abc", Sim.ACCEPT), 401, 4022);
        assertEquals(200, get("Zoho-oauthtoken " + aliceToken, Sim.ACCEPT).status());
        assertEquals(200, get("Bearer " + aliceToken, Sim.ACCEPT).status(), "Bearer works too");

        sim.zoho.expireAccessTokens(alice);
        message(get("Zoho-oauthtoken " + aliceToken, Sim.ACCEPT), 401, 4022);

        String fresh = sim.token(alice);
        assertEquals(200, get("Zoho-oauthtoken " + fresh, Sim.ACCEPT).status());
        sim.zoho.advanceClock(Duration.ofMinutes(61));
        message(get("Zoho-oauthtoken " + fresh, Sim.ACCEPT), 401, 4022);

        String revoked = sim.token(alice);
        assertTrue(sim.zoho.revoke(revoked));
        message(get("Zoho-oauthtoken " + revoked, Sim.ACCEPT), 401, 4022);
    }

    /** Cloud's 401 bodies are not documented (fidelity §10): an expired token and a missing scope must look alike. */
    @Test
    void everyRefusalOfATokenHasTheSameBody() {
        String expired = sim.token("1000.EXPIRED");
        sim.zoho.expireAccessTokens("1000.EXPIRED");
        String requestsOnly = sim.token("1000.NOASSETS", "SDPOnDemand.requests.ALL");
        SdpSimulator.Reply expiredReply = sim.call(expired, "GET", "itdesk", "assets", null);
        SdpSimulator.Reply scopeReply = sim.call(requestsOnly, "GET", "itdesk", "assets", null);
        SdpSimulator.Reply unknownReply = get("Zoho-oauthtoken 1000.unknown.token", Sim.ACCEPT);
        message(scopeReply, 401, 4022);
        assertEquals(expiredReply.body(), scopeReply.body());
        assertEquals(unknownReply.body(), scopeReply.body());
        assertEquals(expiredReply.headers(), scopeReply.headers());
        assertTrue(scopeReply.headers().isEmpty(), "no WWW-Authenticate: " + scopeReply.headers());
        assertFalse(scopeReply.body().contains("SDPOnDemand"), "the scope is not named: " + scopeReply.body());
    }

    @Test
    void scopesAreCheckedPerModuleAndOperation() {
        String requestsOnly = sim.token("1000.REQONLY", "SDPOnDemand.requests.ALL");
        assertEquals(200, sim.call(requestsOnly, "GET", "itdesk", "requests", null).status());
        message(sim.call(requestsOnly, "GET", "itdesk", "request_templates", null), 401, 4022);
        message(sim.call(requestsOnly, "GET", "itdesk", "problems", null), 401, 4022);
        assertEquals("SDPOnDemand.setup.READ", SdpSimulator.requireScope("SDPOnDemand.requests.ALL",
                Catalog.module("request_templates").scopes, "READ"));

        String readOnly = sim.token("1000.READONLY", "SDPOnDemand.requests.READ,SDPOnDemand.setup.READ");
        assertEquals(200, sim.call(readOnly, "GET", "itdesk", "request_templates", null).status());
        message(sim.call(readOnly, "POST", "itdesk", "requests", "{\"request\":{\"subject\":\"x\"}}"), 401, 4022);
        String creator = sim.token("1000.CREATOR", "SDPOnDemand.requests.CREATE");
        assertEquals(200, sim.call(creator, "POST", "itdesk", "requests", "{\"request\":{\"subject\":\"x\"}}").status());
        message(sim.call(creator, "GET", "itdesk", "requests", null), 401, 4022);

        String general = sim.token("1000.GENERAL", "SDPOnDemand.general.READ");
        assertEquals(200, sim.call(general, "GET", "itdesk", "sites", null).status());
        assertEquals(200, sim.call(general, "GET", "itdesk", "priorities", null).status(), "metadata: setup or general");
        message(sim.call(general, "GET", "itdesk", "request_templates", null), 401, 4022);
        message(sim.call(general, "GET", "itdesk", "subcategories", null), 401, 4022);
        // requesters and technicians take SDPOnDemand.users (fidelity §9)
        message(sim.call(requestsOnly, "GET", "itdesk", "requesters", null), 401, 4022);
        message(sim.call(requestsOnly, "GET", "itdesk", "technicians", null), 401, 4022);
        String users = sim.token("1000.USERS", "SDPOnDemand.users.READ");
        assertEquals(200, sim.call(users, "GET", "itdesk", "requesters", null).status());
        assertEquals(200, sim.call(users, "GET", "itdesk", "technicians", null).status());
        // sub-resources take their parent's scope
        message(sim.call(general, "GET", "itdesk", "requests/1/notes", null), 401, 4022);
    }

    @Test
    void acceptHeaderMustBeTheV3Type() {
        String auth = "Zoho-oauthtoken " + aliceToken;
        assertEquals(200, get(auth, "application/v3+json").status());
        assertEquals(200, get(auth, "application/vnd.manageengine.sdp.v3+json").status());
        assertEquals(200, get(auth, "application/json, application/vnd.manageengine.sdp.v3+json;q=0.9").status());
        assertEquals(400, get(auth, "application/json").status());
        assertEquals(400, get(auth, null).status());
        assertEquals("failed", Sim.parse(get(auth, "*/*")).get("response_status").get("status").asText());
    }

    @Test
    void rateLimitPerPortalWithRetryAfter() {
        SdpSimulator.Reply first = sim.call(aliceToken, "GET", "itdesk", "priorities", null);
        sim.sdp.limits().callsPerMinute = 1;
        SdpSimulator.Reply unannounced = sim.call(aliceToken, "GET", "itdesk", "priorities", null);
        message(unannounced, 429, 4015);
        assertNull(unannounced.headers().get("Retry-After"), "no Retry-After unless switched on (fidelity §13)");
        assertEquals(200, first.status());
        sim.sdp.clearRateWindows();
        sim.sdp.limits().retryAfter = true;
        sim.sdp.limits().callsPerMinute = 3;
        for (int i = 0; i < 3; i++) {
            assertEquals(200, sim.call(aliceToken, "GET", "itdesk", "priorities", null).status());
        }
        SdpSimulator.Reply limited = sim.call(aliceToken, "GET", "itdesk", "priorities", null);
        message(limited, 429, 4015);
        long retryAfter = Long.parseLong(limited.headers().get("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertEquals(200, sim.call(aliceToken, "GET", "otherdesk", "priorities", null).status(), "another portal has its own minute");

        sim.sdp.limits().retryAfter = false;
        SdpSimulator.Reply bare = sim.call(aliceToken, "GET", "itdesk", "priorities", null);
        message(bare, 429, 4015);
        assertNull(bare.headers().get("Retry-After"));

        sim.zoho.advanceClock(Duration.ofSeconds(61));
        assertEquals(200, sim.call(sim.token(alice), "GET", "itdesk", "priorities", null).status(), "a minute later");
    }

    @Test
    void armedFaultsAndLatency() {
        sim.sdp.arm(2, 503, false, null, null);
        for (int i = 0; i < 2; i++) {
            SdpSimulator.Reply failed = sim.call(aliceToken, "GET", "itdesk", "requests", null);
            message(failed, 503, 4004);
        }
        assertEquals(200, sim.call(aliceToken, "GET", "itdesk", "requests", null).status());

        sim.sdp.arm(1, 200, true, null, null);
        SdpSimulator.Reply malformed = sim.call(aliceToken, "GET", "itdesk", "requests", null);
        assertEquals(200, malformed.status());
        assertThrows(Exception.class, () -> Json.MAPPER.readTree(malformed.body()));
        assertFalse(malformed.contentType().contains("json"));

        sim.sdp.arm(1, 502, true, "otherdesk", null);
        assertEquals(200, sim.call(aliceToken, "GET", "itdesk", "requests", null).status(), "only for the portal named");
        assertEquals(502, sim.call(aliceToken, "GET", "otherdesk", "requests", null).status());

        sim.sdp.arm(1, 500, false, null, bob);
        assertEquals(200, sim.call(aliceToken, "GET", "itdesk", "requests", null).status(), "only for the client named");
        assertEquals(500, sim.call(sim.token(bob), "GET", "itdesk", "requests", null).status());
        assertTrue(sim.sdp.faults().isEmpty());

        sim.sdp.arm(1, 429, false, 7, false, null, null);
        SdpSimulator.Reply limited = sim.call(aliceToken, "GET", "itdesk", "requests", null);
        message(limited, 429, 4015);
        assertEquals("7", limited.headers().get("Retry-After"));
        sim.sdp.arm(1, 200, false, 0, true, null, null);
        assertTrue(sim.call(aliceToken, "GET", "itdesk", "requests", null).dropped(), "the connection is to be cut");
        assertFalse(sim.call(aliceToken, "GET", "itdesk", "requests", null).dropped());

        sim.sdp.limits().latencyMs = 120;
        long start = System.nanoTime();
        sim.call(aliceToken, "GET", "itdesk", "priorities", null);
        assertTrue(System.nanoTime() - start >= 120_000_000L);
    }

    @Test
    void unknownUrlsAre4007() {
        assertEquals("Invalid URL", message(sim.call(aliceToken, "GET", "itdesk", "request", null), 404, 4007).get("message").asText());
        message(sim.call(aliceToken, "GET", "itdesk", "requests/123/unknown", null), 404, 4007);
        message(sim.call(aliceToken, "GET", "itdesk", "requests/1", null), 404, 4007);
        message(sim.call(aliceToken, "POST", "itdesk", "priorities", "{\"priority\":{\"name\":\"P\"}}"), 404, 4007);
        message(sim.call(aliceToken, "DELETE", "itdesk", "users/1", null), 404, 4007);
        message(sim.call(aliceToken, "GET", "itdesk", "", null), 404, 4007);
    }

    /** A wrong base URL reaches the site, not the API: its HTML login page, 200, whatever the token (fidelity §1). */
    @Test
    void pathsOutsideTheApiAnswerTheLoginPage() {
        for (String path : List.of("elsewhere", "", "app/itdesk/requests", "app/itdesk/app/itdesk/api/v3/requests",
                "wrong/app/itdesk/api/v3/requests", "api/v2/requests")) {
            for (String authorization : java.util.Arrays.asList("Zoho-oauthtoken " + aliceToken, null)) {
                SdpSimulator.Reply page = sim.raw("GET", path, authorization, Sim.ACCEPT, null);
                assertEquals(200, page.status(), path);
                assertTrue(page.contentType().startsWith("text/html") && page.body().contains("<html"), path + ": " + page.body());
            }
        }
        assertTrue(sim.sdp.log(null, null, 0).stream().allMatch(e -> e.get("status_code").asInt() == 0));
    }

    /** Some sites answer at <domain>/api/v3 without /app/{portal} (fidelity §1): the default portal, there. */
    @Test
    void theShortFormIsTheDefaultPortal() {
        JsonNode longForm = sim.ok(aliceToken, "GET", "itdesk", "priorities", null);
        SdpSimulator.Reply shortForm = sim.raw("GET", "api/v3/priorities", "Zoho-oauthtoken " + aliceToken, Sim.ACCEPT, null);
        assertEquals(200, shortForm.status(), shortForm.body());
        assertEquals(longForm, Sim.parse(shortForm));
        SdpSimulator.Reply created = sim.raw("POST", "api/v3/requests", "Zoho-oauthtoken " + aliceToken, Sim.ACCEPT,
                "{\"request\":{\"subject\":\"short form\"}}");
        String id = Sim.parse(created).get("request").get("id").asText();
        assertEquals("short form", sim.ok(aliceToken, "GET", "itdesk", "requests/" + id, null).get("request").get("subject").asText());
        message(sim.raw("GET", "api/v3/request", "Zoho-oauthtoken " + aliceToken, Sim.ACCEPT, null), 404, 4007);
        message(sim.raw("GET", "api/v3/requests", null, Sim.ACCEPT, null), 401, 4022);
        assertEquals("itdesk", sim.sdp.log(null, null, 0).get(1).get("portal").asText());
    }

    /** SDP limits each URL of an instance per minute, without Retry-After (fidelity §13). */
    @Test
    void aPerUrlLimitCountsEachUrlOnItsOwn() {
        sim.sdp.limits().perUrl = true;
        sim.sdp.limits().callsPerMinute = 2;
        String id = sim.ok(aliceToken, "GET", "itdesk", "requests", null).get("requests").get(0).get("id").asText();
        assertEquals(200, sim.call(aliceToken, "GET", "itdesk", "requests", null).status());
        SdpSimulator.Reply limited = sim.call(aliceToken, "GET", "itdesk", "requests", null);
        message(limited, 429, 4015);
        assertNull(limited.headers().get("Retry-After"));
        assertEquals(200, sim.call(aliceToken, "GET", "itdesk", "priorities", null).status(), "another URL");
        assertEquals(200, sim.call(aliceToken, "POST", "itdesk", "requests", "{\"request\":{\"subject\":\"x\"}}").status(),
                "another method");
        assertEquals(200, sim.call(aliceToken, "GET", "otherdesk", "requests", null).status(), "another portal");
        assertEquals(200, sim.call(aliceToken, "GET", "itdesk", "requests/" + id + "/notes", null).status());
        assertEquals(200, sim.call(aliceToken, "GET", "itdesk", "requests/" + id + "/notes", null).status());
        message(sim.call(aliceToken, "GET", "itdesk", "requests/1" + id.substring(1) + "/notes", null), 429, 4015);
        sim.sdp.resetPortal("itdesk");
        assertEquals(200, sim.call(aliceToken, "GET", "itdesk", "requests", null).status(), "a reset starts the minutes afresh");
    }

    List<JsonNode> rows(String token, String portal, String path) {
        List<JsonNode> rows = new java.util.ArrayList<>();
        sim.ok(token, "GET", portal, path, "{\"list_info\":{\"row_count\":100}}").get(path).forEach(rows::add);
        return rows;
    }

    @Test
    void twoPortalsHaveTheSameNamesUnderDifferentIds() {
        List<JsonNode> a = rows(aliceToken, "itdesk", "priorities");
        List<JsonNode> b = rows(aliceToken, "hrdesk", "priorities");
        assertEquals(a.stream().map(r -> r.get("name").asText()).toList(), b.stream().map(r -> r.get("name").asText()).toList());
        Set<String> ids = new HashSet<>();
        a.forEach(r -> ids.add(r.get("id").asText()));
        b.forEach(r -> assertFalse(ids.contains(r.get("id").asText())));
        String requestA = rows(aliceToken, "itdesk", "requests").get(0).get("id").asText();
        String requestB = rows(aliceToken, "hrdesk", "requests").get(0).get("id").asText();
        assertNotEquals(requestA, requestB);
        assertTrue(requestA.matches("\\d{18}"));
        message(sim.call(aliceToken, "GET", "hrdesk", "requests/" + requestA, null), 404, 4007);
        // the same portal name gives the same ids again (stable seed), in any case
        assertEquals(requestA, rows(aliceToken, "ITDESK", "requests").get(0).get("id").asText());
        JsonNode portals = Sim.parse(sim.raw("GET", "api/v3/portals", "Zoho-oauthtoken " + aliceToken, Sim.ACCEPT, null));
        List<String> names = new java.util.ArrayList<>();
        portals.get("portals").forEach(p -> names.add(p.get("name").asText()));
        assertEquals(List.of("itdesk", "hrdesk"), names);
        JsonNode itdesk = portals.get("portals").get(0);
        assertTrue(itdesk.get("is_default").asBoolean());
        assertEquals("admin@zylker.example", itdesk.get("owner").get("email").asText());
        message(sim.raw("GET", "api/v3/portals", null, Sim.ACCEPT, null), 401, 4022);
    }

    @Test
    void eachClientIsItsOwnTechnician() {
        String bobToken = sim.token(bob);
        JsonNode request = sim.ok(aliceToken, "POST", "itdesk", "requests", "{\"request\":{\"subject\":\"Alice's request\"}}").get("request");
        assertEquals("Technician " + alice, request.get("created_by").get("name").asText());
        assertEquals("Technician " + alice, request.get("requester").get("name").asText(), "the requester defaults to the caller");
        assertTrue(request.get("created_by").get("is_technician").asBoolean());
        String id = request.get("id").asText();

        JsonNode note = sim.ok(bobToken, "POST", "itdesk", "requests/" + id + "/notes", "{\"request_note\":{\"description\":\"Bob was here\"}}");
        assertEquals("Technician " + bob, note.get("request_note").get("added_by").get("name").asText());
        sim.ok(bobToken, "PUT", "itdesk", "requests/" + id + "/pickup", null);
        assertEquals("Technician " + bob, sim.ok(aliceToken, "GET", "itdesk", "requests/" + id, null).get("request").get("technician").get("name").asText());

        JsonNode technicians = sim.ok(aliceToken, "GET", "itdesk", "technicians",
                "{\"list_info\":{\"search_fields\":{\"name\":\"Technician 1000.\"}}}").get("technicians");
        assertEquals(2, technicians.size());
        String aliceEmail = request.get("created_by").get("email_id").asText();
        assertEquals(1, sim.ok(aliceToken, "GET", "itdesk", "technicians", "{\"list_info\":{\"search_criteria\":{\"field\":\"email_id\",\"condition\":\"is\",\"value\":\""
                + aliceEmail + "\"}}}").get("technicians").size());
        // a second call does not create a second technician; another portal has its own
        sim.ok(aliceToken, "GET", "itdesk", "requests", null);
        assertEquals(2, sim.ok(aliceToken, "GET", "itdesk", "technicians",
                "{\"list_info\":{\"search_fields\":{\"name\":\"Technician 1000.\"}}}").get("technicians").size());
        JsonNode other = sim.ok(aliceToken, "POST", "hrdesk", "requests", "{\"request\":{\"subject\":\"x\"}}").get("request").get("created_by");
        assertEquals("Technician " + alice, other.get("name").asText());
        assertNotEquals(request.get("created_by").get("id"), other.get("id"));
    }

    @Test
    void theRequestLogSeparatesClients() {
        String bobToken = sim.token(bob);
        sim.ok(aliceToken, "POST", "itdesk", "requests", "{\"request\":{\"subject\":\"from alice\"}}");
        sim.ok(bobToken, "GET", "hrdesk", "requests", "{\"list_info\":{\"row_count\":5}}");
        sim.call(bobToken, "GET", "itdesk", "nothing", null);
        sim.raw("GET", "app/itdesk/api/v3/requests", null, Sim.ACCEPT, null);

        List<ObjectNode> aliceCalls = sim.sdp.log(alice, null, 0);
        assertEquals(1, aliceCalls.size());
        ObjectNode entry = aliceCalls.get(0);
        assertEquals("POST", entry.get("method").asText());
        assertEquals("/app/itdesk/api/v3/requests", entry.get("path").asText());
        assertEquals("itdesk", entry.get("portal").asText());
        assertEquals("from alice", entry.get("input_data").get("request").get("subject").asText());
        assertEquals(200, entry.get("status").asInt());
        assertFalse(entry.get("time").asText().isEmpty());

        List<ObjectNode> bobCalls = sim.sdp.log(bob, null, 0);
        assertEquals(List.of(200, 404), bobCalls.stream().map(e -> e.get("status").asInt()).toList());
        assertEquals(5, bobCalls.get(0).get("input_data").get("list_info").get("row_count").asInt());
        assertEquals(1, sim.sdp.log(bob, "hrdesk", 0).size());
        assertEquals(4, sim.sdp.log(null, null, 0).size());
        assertTrue(sim.sdp.log(null, null, 0).get(3).get("client_id").isNull(), "no token, no client");
        assertEquals(1, sim.sdp.log(null, null, bobCalls.get(1).get("seq").asLong()).size());

        assertEquals(2, sim.sdp.clearLog(bob, null));
        assertTrue(sim.sdp.log(bob, null, 0).isEmpty());
        assertEquals(1, sim.sdp.log(alice, null, 0).size());
    }

    @Test
    void resetBringsThePortalBackToItsSeed() {
        String id = sim.ok(aliceToken, "POST", "itdesk", "requests", "{\"request\":{\"subject\":\"temporary\"}}").get("request").get("id").asText();
        String firstSeeded = rows(aliceToken, "itdesk", "requests").get(0).get("id").asText();
        sim.sdp.resetPortal("itdesk");
        message(sim.call(aliceToken, "GET", "itdesk", "requests/" + id, null), 404, 4007);
        assertEquals(firstSeeded, rows(aliceToken, "itdesk", "requests").get(0).get("id").asText());
        sim.sdp.resetAll();
        assertTrue(sim.sdp.log(null, null, 0).isEmpty());
        assertEquals(600, sim.sdp.limits().callsPerMinute);
    }
}
