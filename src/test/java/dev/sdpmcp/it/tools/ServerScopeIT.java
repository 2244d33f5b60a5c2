package dev.sdpmcp.it.tools;

import static dev.sdpmcp.it.support.Http.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RunsBeforeRestart;
import dev.sdpmcp.it.support.ToolTestBase;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs on a server started with SDP_READ_ONLY=true and SDP_TOOLSETS=requests,lookups (see pom.xml): tools that write
 * and other groups are gone for everyone, and a user's headers cannot bring them back.
 */
@RunsBeforeRestart
class ServerScopeIT extends ToolTestBase {

    /** What SDP_READ_ONLY=true with SDP_TOOLSETS=requests,lookups leaves. */
    static final Set<String> ALLOWED = Stream.concat(Stream.of("list_requests", "search_requests", "get_request",
            "list_request_notes", "list_request_worklogs", "list_request_tasks", "list_approvals", "list_my_approvals", "get_request_conversation", "get_resolution", "list_linked_requests", "get_request_associations", "get_request_history", "list_request_attachments", "get_request_attachment", "get_subcategories", "describe_fields", "check_auth_status",
            "authorize", "revoke_authorization"), LookupToolsIT.LOOKUPS.keySet().stream()).collect(Collectors.toSet());

    Set<String> names(McpSyncClient client) {
        return client.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
    }

    @Test
    void theServerDecidesAndUsersCanOnlyNarrow() {
        Set<String> names = names(client);
        assertEquals(ALLOWED, names, "read-only: the requests group's reads, the lookups and the authorization tools, nothing else");
        var refused = call("close_request", Map.of("request_id", "1"));
        assertTrue(refused.isError());
        assertTrue(text(refused).contains("SDP_READ_ONLY"), text(refused));
        for (var write : Map.of("add_request_attachment", Map.<String, Object>of("request_id", "1", "file_name", "a.txt",
                "content_base64", "YQ=="), "delete_request_attachment", Map.<String, Object>of("request_id", "1", "attachment_id", "2")).entrySet()) {
            var attachmentWrite = call(write.getKey(), write.getValue());
            assertTrue(attachmentWrite.isError() && text(attachmentWrite).contains("SDP_READ_ONLY"), write + ": " + text(attachmentWrite));
        }
        // reads of the other groups, called anyway
        Map<String, Map<String, Object>> hidden = Map.of("list_problems", Map.of(), "get_problem", Map.of("problem_id", "1"),
                "get_change", Map.of("change_id", "1"), "get_asset", Map.of("asset_id", "1"), "get_user", Map.of("user_id", "1"));
        hidden.forEach((tool, arguments) -> {
            var refusal = call(tool, arguments);
            assertTrue(refusal.isError(), tool + ": " + text(refusal));
            assertTrue(text(refusal).contains("SDP_TOOLSETS"), tool + ": " + text(refusal));
        });
        assertTrue(sdp().log(user).isEmpty(), "the refused calls reached nothing");
        assertFalse(rows(ok("list_requests", Map.of("page_size", 1)), "requests").isEmpty());

        try (McpSyncClient widen = McpClients.streamable(base, with(user.headers(), "X-SDP-Read-Only", "false",
                "X-SDP-Toolsets", "requests,lookups,problems,assets"))) {
            widen.initialize();
            Set<String> widened = names(widen);
            assertEquals(names, widened, "headers cannot widen what the server offers");
        }
    }
}
