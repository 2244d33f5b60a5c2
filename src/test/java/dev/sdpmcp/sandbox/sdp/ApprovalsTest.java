package dev.sdpmcp.sandbox.sdp;

import static dev.sdpmcp.sandbox.sdp.WriteValidationTest.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Approval levels and approvals of requests and changes (docs/sdp-api-fidelity.md §14): their shapes, sending,
 * deciding by the approver only, once, level by level, and the list of the caller's approvals.
 */
class ApprovalsTest {

    final Sim sim = new Sim();
    final String sender = sim.token("1000.SENDER");
    final String approver = sim.token("1000.APPROVER");
    final String other = sim.token("1000.OTHER");
    static final String APPROVER_EMAIL = "technician.1000.approver@sandbox.example";

    ApprovalsTest() {
        // each client's technician exists from its first call
        sim.ok(approver, "GET", "itdesk", "approvals", null);
        sim.ok(other, "GET", "itdesk", "approvals", null);
    }

    String request() {
        return sim.ok(sender, "POST", "itdesk", "requests", "{\"request\":{\"subject\":\"New laptop\"}}").get("request").get("id").asText();
    }

    JsonNode level(String base, int level) {
        return sim.ok(sender, "POST", "itdesk", base + "/approval_levels", "{\"approval_level\":{\"level\":" + level + "}}")
                .get("approval_level");
    }

    JsonNode send(String levelPath, String email) {
        return sim.ok(sender, "POST", "itdesk", levelPath + "/approvals", "{\"approval\":{\"approver\":{\"email_id\":\"" + email + "\"}}}")
                .get("approval");
    }

    @Test
    void aLevelIsNumberedOneToFiveOncePerRequest() {
        String base = "requests/" + request();
        JsonNode level = level(base, 1);
        assertEquals(1, level.get("level").asInt());
        assertEquals("To Be Sent", level.get("status").get("name").asText());
        assertEquals("request", level.get("associated_entity").asText());
        assertEquals(base.substring(9), level.get("request").get("id").asText());
        assertTrue(level.get("created_time").has("display_value"));
        for (String bad : new String[] {"0", "6", "1.5", "\"x\""}) {
            JsonNode message = failure(sim.call(sender, "POST", "itdesk", base + "/approval_levels", "{\"approval_level\":{\"level\":" + bad + "}}"), 400);
            assertEquals("level", message.get("field").asText(), bad);
        }
        assertEquals(4008, failure(sim.call(sender, "POST", "itdesk", base + "/approval_levels", "{\"approval_level\":{\"level\":1}}"), 400)
                .get("status_code").asInt());
        assertEquals(java.util.List.of("level"), WriteValidationTest.strings(failure(sim.call(sender, "POST", "itdesk",
                base + "/approval_levels", "{\"approval_level\":{}}"), 400).get("fields")));
        assertEquals(1, sim.ok(sender, "GET", "itdesk", base + "/approval_levels", null).get("approval_levels").size());
    }

    @Test
    void addingAnApprovalSendsItToItsApprover() {
        String id = request();
        String levelPath = "requests/" + id + "/approval_levels/" + level("requests/" + id, 1).get("id").asText();
        JsonNode approval = send(levelPath, APPROVER_EMAIL);
        assertEquals("Pending Approval", approval.get("status").get("name").asText());
        assertEquals(APPROVER_EMAIL, approval.get("approver").get("email_id").asText());
        assertEquals("Technician 1000.SENDER", approval.get("sent_by").get("name").asText());
        assertTrue(approval.get("sent_on").has("value"));
        assertTrue(approval.get("action_taken_on").isNull());
        assertEquals(1, approval.get("approval_level").get("level").asInt());
        assertEquals(id, approval.get("request").get("id").asText());
        assertEquals("Pending Approval", sim.ok(sender, "GET", "itdesk", "requests/" + id, null).get("request")
                .get("approval_status").get("name").asText());
        assertEquals("Pending Approval", sim.ok(sender, "GET", "itdesk", levelPath, null).get("approval_level").get("status").get("name").asText());

        assertEquals(java.util.List.of("approver"), WriteValidationTest.strings(failure(sim.call(sender, "POST", "itdesk",
                levelPath + "/approvals", "{\"approval\":{\"comments\":\"please\"}}"), 400).get("fields")));
        assertEquals(4001, failure(sim.call(sender, "POST", "itdesk", levelPath + "/approvals",
                "{\"approval\":{\"approver\":{\"email_id\":\"nobody@zylker.example\"}}}"), 400).get("status_code").asInt());
        assertEquals(4008, failure(sim.call(sender, "POST", "itdesk", levelPath + "/approvals",
                "{\"approval\":{\"approver\":{\"email_id\":\"" + APPROVER_EMAIL + "\"}}}"), 400).get("status_code").asInt());
        assertEquals("status", failure(sim.call(sender, "POST", "itdesk", levelPath + "/approvals",
                "{\"approval\":{\"approver\":{\"name\":\"Technician 1000.OTHER\"},\"status\":{\"name\":\"Approved\"}}}"), 400)
                .get("field").asText());
        assertEquals(1, sim.ok(sender, "GET", "itdesk", levelPath + "/approvals", null).get("approvals").size(), "refusals added nothing");
    }

    @Test
    void onlyTheApproverDecidesAndOnlyOnce() {
        String id = request();
        String levelPath = "requests/" + id + "/approval_levels/" + level("requests/" + id, 1).get("id").asText();
        String approvalPath = levelPath + "/approvals/" + send(levelPath, APPROVER_EMAIL).get("id").asText();

        JsonNode notYours = failure(sim.call(other, "PUT", "itdesk", approvalPath + "/_approve", "{\"approval\":{\"comments\":\"ok\"}}"), 403);
        assertEquals(4002, notYours.get("status_code").asInt());
        assertTrue(notYours.get("message").asText().contains("Technician 1000.APPROVER"), notYours.toString());
        assertEquals(4002, failure(sim.call(sender, "PUT", "itdesk", approvalPath + "/_reject", null), 403).get("status_code").asInt());
        assertEquals("colour", failure(sim.call(approver, "PUT", "itdesk", approvalPath + "/_approve",
                "{\"approval\":{\"comments\":\"ok\",\"colour\":\"red\"}}"), 400).get("field").asText());
        assertEquals("comments", failure(sim.call(approver, "PUT", "itdesk", approvalPath + "/_approve",
                "{\"approval\":{\"comments\":\"" + "x".repeat(251) + "\"}}"), 400).get("field").asText());
        assertEquals(404, sim.call(approver, "PUT", "itdesk", approvalPath + "/approve", null).status(), "only the underscore form");
        assertEquals(404, sim.call(approver, "POST", "itdesk", approvalPath + "/_approve", null).status());
        assertEquals("Pending Approval", sim.ok(sender, "GET", "itdesk", approvalPath, null).get("approval").get("status").get("name").asText(),
                "refusals changed nothing");

        JsonNode approved = sim.ok(approver, "PUT", "itdesk", approvalPath + "/_approve", "{\"approval\":{\"comments\":\"Budget is fine\"}}")
                .get("approval");
        assertEquals("Approved", approved.get("status").get("name").asText());
        assertEquals("Budget is fine", approved.get("comments").asText());
        assertTrue(approved.get("action_taken_on").has("display_value"));
        assertEquals("Approved", sim.ok(sender, "GET", "itdesk", "requests/" + id, null).get("request").get("approval_status").get("name").asText());

        JsonNode again = failure(sim.call(approver, "PUT", "itdesk", approvalPath + "/_reject", "{\"approval\":{\"comments\":\"changed my mind\"}}"), 403);
        assertEquals(4002, again.get("status_code").asInt());
        assertTrue(again.get("message").asText().contains("already Approved"), again.toString());
        assertEquals("Budget is fine", sim.ok(sender, "GET", "itdesk", approvalPath, null).get("approval").get("comments").asText());
    }

    @Test
    void changesTooLevelByLevelAndOneRejectionRejects() {
        String change = sim.ok(sender, "POST", "itdesk", "changes", "{\"change\":{\"title\":\"Upgrade the core switch\"}}")
                .get("change").get("id").asText();
        String base = "changes/" + change;
        String first = base + "/approval_levels/" + level(base, 1).get("id").asText();
        String second = base + "/approval_levels/" + level(base, 2).get("id").asText();
        String early = second + "/approvals/" + send(second, APPROVER_EMAIL).get("id").asText();
        String a = first + "/approvals/" + send(first, APPROVER_EMAIL).get("id").asText();
        String b = first + "/approvals/" + send(first, "technician.1000.other@sandbox.example").get("id").asText();
        assertEquals("change", sim.ok(sender, "GET", "itdesk", a, null).get("approval").get("associated_entity").asText());
        assertEquals(change, sim.ok(sender, "GET", "itdesk", a, null).get("approval").get("change").get("id").asText());

        JsonNode outOfOrder = failure(sim.call(approver, "PUT", "itdesk", early + "/_approve", null), 403);
        assertTrue(outOfOrder.get("message").asText().startsWith("Level 1 is not approved"), outOfOrder.toString());

        sim.ok(approver, "PUT", "itdesk", a + "/_approve", null);
        assertEquals("Pending Approval", sim.ok(sender, "GET", "itdesk", first, null).get("approval_level").get("status").get("name").asText(),
                "every approver of a level must approve");
        sim.ok(other, "PUT", "itdesk", b + "/_reject", "{\"approval\":{\"comments\":\"No maintenance window\"}}");
        assertEquals("Rejected", sim.ok(sender, "GET", "itdesk", first, null).get("approval_level").get("status").get("name").asText());
        assertTrue(failure(sim.call(approver, "PUT", "itdesk", early + "/_approve", null), 403).get("message").asText().contains("Rejected"));
        assertEquals(404, sim.call(sender, "GET", "itdesk", "problems/1/approval_levels", null).status(), "not served for problems");
    }

    @Test
    void theCallersApprovalsOfRequestsAndChanges() {
        String id = request();
        String levelPath = "requests/" + id + "/approval_levels/" + level("requests/" + id, 1).get("id").asText();
        String approvalId = send(levelPath, APPROVER_EMAIL).get("id").asText();
        String change = sim.ok(sender, "POST", "itdesk", "changes", "{\"change\":{\"title\":\"Patch\"}}").get("change").get("id").asText();
        String changeLevel = "changes/" + change + "/approval_levels/" + level("changes/" + change, 1).get("id").asText();
        send(changeLevel, APPROVER_EMAIL);
        send(changeLevel, "technician.1000.other@sandbox.example");

        JsonNode mine = sim.ok(approver, "GET", "itdesk", "approvals", "{\"list_info\":{\"row_count\":10}}");
        assertTrue(mine.get("response_status").isArray());
        assertEquals(2, mine.get("approvals").size());
        assertEquals(id, mine.get("approvals").get(0).get("request").get("id").asText());
        assertEquals(change, mine.get("approvals").get(1).get("change").get("id").asText());
        assertEquals(1, sim.ok(other, "GET", "itdesk", "approvals", null).get("approvals").size(), "only the caller's");

        sim.ok(approver, "PUT", "itdesk", levelPath + "/approvals/" + approvalId + "/_approve", null);
        String pending = "{\"list_info\":{\"search_criteria\":{\"field\":\"status.name\",\"condition\":\"is\",\"value\":\"Pending Approval\"}}}";
        JsonNode waiting = sim.ok(approver, "GET", "itdesk", "approvals", pending).get("approvals");
        assertEquals(1, waiting.size());
        assertEquals("change", waiting.get(0).get("associated_entity").asText());
        assertEquals(404, sim.call(approver, "POST", "itdesk", "approvals", "{\"approval\":{}}").status());
        String requestsOnly = sim.token("1000.READER", "SDPOnDemand.requests.READ");
        assertEquals(200, sim.call(requestsOnly, "GET", "itdesk", "approvals", null).status());
        assertEquals(401, sim.call(sim.token("1000.NONE", "SDPOnDemand.problems.ALL"), "GET", "itdesk", "approvals", null).status());
    }
}
