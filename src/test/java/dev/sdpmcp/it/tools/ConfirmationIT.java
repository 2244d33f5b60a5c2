package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ToolTestBase;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What cannot be undone waits for the user's agreement, whatever the model does: the server asks the user through the
 * client (form elicitation), or answers with a preview and a single-use confirmation the next call must carry. Until
 * then nothing reaches ServiceDesk Plus.
 */
@RunsOnPostgresql
class ConfirmationIT extends ToolTestBase {

    private String request(String subject) {
        return created("create_request", "request", Map.of("subject", subject));
    }

    @Test
    void aClientThatCannotAskGetsThePreviewAndASingleUseConfirmation() {
        String id = request("Confirm me by token");
        try (McpSyncClient plain = McpClients.streamable(base, user.headers())) {
            plain.initialize();
            CallToolResult preview = plain.callTool(new McpSchema.CallToolRequest("delete_request", Map.of("request_id", id)));
            assertTrue(Boolean.TRUE.equals(preview.isError()), "not done yet");
            String text = text(preview);
            assertTrue(text.contains("Move request") && text.contains("Confirm me by token") && text.contains("Status: Open → in the trash"),
                    "the live record and what changes: " + text);
            assertTrue(text.contains("Nothing was changed yet"), text);
            assertEquals(0, sdp().trashed(user, id), "nothing reached ServiceDesk Plus");
            String token = confirmation(text);

            // bound to its arguments and its user
            String other = request("Another one");
            CallToolResult wrongArguments = plain.callTool(new McpSchema.CallToolRequest("delete_request",
                    Map.of("request_id", other, "confirmation", token)));
            assertTrue(Boolean.TRUE.equals(wrongArguments.isError()) && text(wrongArguments).contains("other arguments"),
                    text(wrongArguments));
            TestUsers mallory = authorizedUser();
            try (McpSyncClient theirs = McpClients.streamable(base, mallory.headers())) {
                theirs.initialize();
                CallToolResult stolen = theirs.callTool(new McpSchema.CallToolRequest("delete_request",
                        Map.of("request_id", id, "confirmation", token)));
                assertTrue(Boolean.TRUE.equals(stolen.isError()) && text(stolen).contains("not issued to you"), text(stolen));
            }
            assertEquals(0, sdp().trashed(user, id) + sdp().trashed(user, other));

            CallToolResult done = plain.callTool(new McpSchema.CallToolRequest("delete_request",
                    Map.of("request_id", id, "confirmation", token)));
            assertFalse(Boolean.TRUE.equals(done.isError()), text(done));
            assertEquals(1, sdp().trashed(user, id));
            CallToolResult replayed = plain.callTool(new McpSchema.CallToolRequest("delete_request",
                    Map.of("request_id", id, "confirmation", token)));
            assertTrue(Boolean.TRUE.equals(replayed.isError()) && text(replayed).contains("used already"), text(replayed));
            assertEquals(1, sdp().trashed(user, id), "a confirmation allows one call");
        }
    }

    @Test
    void aClientThatCanAskPutsTheQuestionToItsUserOnBothTransports() {
        for (boolean sse : List.of(false, true)) {
            String id = request("Ask me " + (sse ? "over SSE" : "over Streamable HTTP"));
            List<String> asked = new CopyOnWriteArrayList<>();
            try (McpSyncClient declining = McpClients.asking(base, user.headers(), sse, question -> {
                asked.add(question.message());
                return new ElicitResult(ElicitResult.Action.DECLINE, null);
            })) {
                declining.initialize();
                CallToolResult refused = declining.callTool(new McpSchema.CallToolRequest("close_request",
                        Map.of("request_id", id, "closure_code", "Success")));
                assertTrue(Boolean.TRUE.equals(refused.isError()) && text(refused).contains("did not agree"), text(refused));
                assertEquals(1, asked.size());
                assertTrue(asked.get(0).contains("Status: Open → Closed") && asked.get(0).contains("Closure code: — → Success"),
                        "the user sees each field as it is and will be: " + asked.get(0));
                assertTrue(sdp().log(user).stream().noneMatch(e -> e.path("path").asText().endsWith("/requests/" + id + "/close")),
                        "nothing reached ServiceDesk Plus");
            }
            ok("close_request", Map.of("request_id", id, "closure_code", "Success", "resolution", "Restarted it"));
            assertTrue(questions.get(questions.size() - 1).contains("Close request"), questions.toString());
            assertTrue(sdp().log(user).stream().anyMatch(e -> e.path("path").asText().endsWith("/requests/" + id + "/close")),
                    "closed once the user agreed");
        }
    }

    @Test
    void badInputIsRefusedBeforeAnyoneIsAsked() {
        String kept = request("Kept");
        int before = questions.size();
        assertTrue(error("merge_requests", Map.of("request_id", kept, "request_ids", List.of(UNKNOWN_ID))).contains(UNKNOWN_ID));
        assertTrue(error("delete_request", Map.of("request_id", UNKNOWN_ID)).contains("no request"));
        assertEquals(before, questions.size(), "no question about a call that cannot run");
    }
}
