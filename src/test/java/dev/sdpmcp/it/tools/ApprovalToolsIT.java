package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ToolTestBase;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Approvals through MCP against the sandbox's ServiceDesk Plus: one user sends a request or change for approval, a
 * second user (its approver, with their own authorization) decides; a caller who is not the approver is refused.
 */
@RunsOnPostgresql
class ApprovalToolsIT extends ToolTestBase {

    TestUsers approver;
    McpSyncClient approverClient;

    @BeforeEach
    void connectTheApprover() {
        approver = authorizedUser();
        approverClient = McpClients.sse(base, approver.headers());
        approverClient.initialize();
        // the approver's technician exists in ServiceDesk Plus once they have made a call
        assertTrue(asApprover("list_my_approvals", Map.of()).contains("No approvals wait for you"));
    }

    @AfterEach
    void disconnectTheApprover() {
        if (approverClient != null) {
            approverClient.close();
        }
    }

    String approverEmail() {
        return "technician." + approver.clientId().toLowerCase() + "@sandbox.example";
    }

    CallToolResult approverCall(String tool, Map<String, Object> arguments) {
        return approverClient.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    String asApprover(String tool, Map<String, Object> arguments) {
        CallToolResult result = approverCall(tool, arguments);
        assertFalse(Boolean.TRUE.equals(result.isError()), tool + " failed: " + text(result));
        return text(result);
    }

    JsonNode approverSent(String method, String path) throws Exception {
        JsonNode input = sdp().last(approver, method, path).path("input_data");
        return input.isTextual() ? new ObjectMapper().readTree(input.asText()) : input;
    }

    /** The level number of the user's last POST of an approval level to {@code base} (e.g. /requests/{id}). */
    int levelAdded(String base) throws Exception {
        List<JsonNode> log = sdp().log(user);
        for (int i = log.size() - 1; i >= 0; i--) {
            JsonNode entry = log.get(i);
            if (entry.path("method").asText().equals("POST") && entry.path("path").asText().endsWith(base + "/approval_levels")) {
                JsonNode input = entry.path("input_data");
                input = input.isTextual() ? new ObjectMapper().readTree(input.asText()) : input;
                return input.path("approval_level").path("level").asInt();
            }
        }
        throw new AssertionError("no approval level was added to " + base + ": " + log);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> approvals(Map<String, Object> levels, int level) {
        Map<String, Object> entry = rows(levels, "approval_levels").get(level);
        return (List<Map<String, Object>>) entry.get("approvals");
    }

    @Test
    void toolsPresentThemselvesAsTheyAct() {
        assertPresented(Map.of("list_approvals", "read", "list_my_approvals", "read", "send_for_approval", "add",
                "decide_approval", "change"));
    }

    @Test
    void theApproverDecidesARequestAndNobodyElseCan() throws Exception {
        String request = created("create_request", "request", Map.of("subject", "A second monitor"));
        assertTrue(text(call("list_approvals", Map.of("request_id", request))).contains("No approvals"));

        Map<String, Object> sentOut = ok("send_for_approval", Map.of("request_id", request, "approvers", List.of(approverEmail()),
                "comment", "Within the team budget"));
        assertEquals(1, levelAdded("/requests/" + request));
        JsonNode approval = sent("POST", "/approvals").path("approval");
        assertEquals(Set.of("approver"), keys(approval), "only the approver: " + approval);
        assertEquals(approverEmail(), approval.path("approver").path("email_id").asText());
        String note = sent("POST", "/requests/" + request + "/notes").path("request_note").path("description").asText();
        assertTrue(note.contains("Within the team budget") && note.contains(approverEmail()), note);
        String approvalId = String.valueOf(rows(sentOut, "approvals").get(0).get("id"));

        Map<String, Object> levels = ok("list_approvals", Map.of("request_id", request));
        assertEquals("Pending Approval", name(approvals(levels, 0).get(0), "status"));
        String mine = asApprover("list_my_approvals", Map.of());
        assertTrue(mine.contains("request " + request) && mine.contains("[id " + approvalId + "]") && mine.contains("A second monitor"), mine);
        JsonNode criteria = approverSent("GET", "/approvals").path("list_info").path("search_criteria");
        assertTrue(criteria.toString().contains("Pending Approval"), criteria.toString());

        // the sender is not the approver: ServiceDesk Plus refuses, and nothing changes
        String refused = error("decide_approval", Map.of("request_id", request, "approval_id", approvalId, "decision", "approve"));
        assertTrue(refused.contains("only its approver") && refused.contains("Technician " + approver.clientId()), refused);
        assertTrue(refused.contains("Nothing was done"), refused);
        assertEquals(403, sdp().last(user, "PUT", "/_approve").path("status").asInt());
        assertEquals("Pending Approval", name(approvals(ok("list_approvals", Map.of("request_id", request)), 0).get(0), "status"));

        String rejected = asApprover("decide_approval", Map.of("request_id", request, "approval_id", approvalId, "decision", "reject",
                "comments", "Buy it next quarter"));
        assertTrue(rejected.startsWith("Rejected approval " + approvalId), rejected);
        assertEquals("Buy it next quarter", approverSent("PUT", "/approvals/" + approvalId + "/_reject").path("approval")
                .path("comments").asText());
        String again = text(approverCall("decide_approval", Map.of("request_id", request, "approval_id", approvalId,
                "decision", "approve")));
        assertTrue(again.contains("already Rejected") && again.contains("cannot be changed"), again);
        Map<String, Object> after = approvals(ok("list_approvals", Map.of("request_id", request)), 0).get(0);
        assertEquals("Rejected", name(after, "status"));
        assertEquals("Buy it next quarter", after.get("comments"));
        assertTrue(asApprover("list_my_approvals", Map.of()).contains("No approvals wait for you"));
        assertTrue(error("send_for_approval", Map.of("request_id", request, "approvers", List.of(approverEmail())))
                .contains("was rejected at approval level 1"));
    }

    @Test
    void aChangeGoesLevelByLevel() throws Exception {
        String change = created("create_change", "change", Map.of("title", "Move the file server"));
        String first = String.valueOf(rows(ok("send_for_approval", Map.of("change_id", change, "approvers", List.of(approverEmail()))),
                "approvals").get(0).get("id"));
        assertFalse(sdp().log(user).toString().contains("/changes/" + change + "/notes"), "no comment, no note");
        String early = String.valueOf(rows(ok("send_for_approval", Map.of("change_id", change, "approvers", List.of(approverEmail()),
                "level", 2)), "approvals").get(0).get("id"));
        assertEquals(2, levelAdded("/changes/" + change));
        String mine = asApprover("list_my_approvals", Map.of());
        assertTrue(mine.contains("change " + change) && mine.contains("Move the file server") && mine.contains("level 2"), mine);
        String outOfOrder = text(approverCall("decide_approval", Map.of("change_id", change, "approval_id", early, "decision", "approve")));
        assertTrue(outOfOrder.contains("Level 1 of change " + change + " is Pending Approval"), outOfOrder);
        assertFalse(sdp().log(approver).toString().contains("_approve"), "refused before anything was sent");

        String approved = asApprover("decide_approval", Map.of("change_id", change, "approval_id", first, "decision", "approve",
                "comments", "Fine by me"));
        assertTrue(approved.contains("Approved") && approved.contains("level 1"), approved);
        String path = sdp().last(approver, "PUT", "/_approve").path("path").asText();
        assertTrue(path.contains("/changes/" + change + "/approval_levels/") && path.endsWith("/approvals/" + first + "/_approve"), path);
        assertEquals("Fine by me", approverSent("PUT", "/_approve").path("approval").path("comments").asText());

        // level 1 is decided: the next send goes to level 2, the first undecided one
        ok("send_for_approval", Map.of("change_id", change, "approvers", List.of("Technician " + user.clientId()), "comment", "Second look"));
        assertEquals(2, levelAdded("/changes/" + change), "no third level");
        assertTrue(sent("POST", "/changes/" + change + "/notes").path("note").path("description").asText().contains("Second look"));
        Map<String, Object> levels = ok("list_approvals", Map.of("change_id", change));
        assertEquals(2, rows(levels, "approval_levels").size());
        assertEquals(2, approvals(levels, 1).size());
        assertTrue(error("send_for_approval", Map.of("change_id", change, "approvers", List.of(approverEmail()), "level", 1))
                .contains("Level 1 of change " + change + " is already Approved"));
        assertTrue(asApprover("decide_approval", Map.of("change_id", change, "approval_id", early, "decision", "approve"))
                .contains("level 2"));
    }

    @Test
    void badInputChangesNothing() throws Exception {
        String request = created("create_request", "request", Map.of("subject", "Approvals with bad input"));
        assertTrue(error("send_for_approval", Map.of("approvers", List.of(approverEmail()))).contains("request_id or change_id"));
        assertTrue(error("send_for_approval", Map.of("request_id", request, "change_id", request, "approvers", List.of("x@y.example")))
                .contains("request_id or change_id"));
        assertTrue(error("send_for_approval", Map.of("request_id", request, "approvers", List.of())).contains("approvers"));
        assertTrue(error("send_for_approval", Map.of("request_id", request, "approvers", List.of(approverEmail()), "level", 6))
                .contains("level must be 1 to 5"));
        assertFalse(sdp().log(user).toString().contains("approval_levels"), "refused before anything was sent");

        String unknown = error("send_for_approval", Map.of("request_id", request, "approvers", List.of("nobody@zylker.example"),
                "comment", "never written"));
        assertTrue(unknown.contains("Nothing was sent") && unknown.contains("nobody@zylker.example"), unknown);
        assertEquals("DELETE", sdp().last(user, "DELETE", "/approval_levels/").path("method").asText(), "the level made for it is gone");
        assertTrue(text(call("list_approvals", Map.of("request_id", request))).contains("No approvals"));
        assertFalse(sdp().log(user).toString().contains("never written"));

        String approvalId = String.valueOf(rows(ok("send_for_approval", Map.of("request_id", request, "approvers",
                List.of(approverEmail()))), "approvals").get(0).get("id"));
        String tooLong = text(approverCall("decide_approval", Map.of("request_id", request, "approval_id", approvalId,
                "decision", "approve", "comments", "x".repeat(251))));
        assertTrue(tooLong.contains("at most 250"), tooLong);
        assertTrue(text(approverCall("decide_approval", Map.of("request_id", request, "approval_id", UNKNOWN_ID, "decision", "approve")))
                .contains("has no approval " + UNKNOWN_ID));
        assertFalse(sdp().log(approver).toString().contains("_approve"), "nothing was decided");
        assertEquals("Pending Approval", name(approvals(ok("list_approvals", Map.of("request_id", request)), 0).get(0), "status"));
    }
}
