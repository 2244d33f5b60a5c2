package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ToolTestBase;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CompleteRequest;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.ResourceReference;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Records and metadata as resources, workflows as prompts, and completions from the instance, read as the caller. */
@RunsOnPostgresql
class ResourcesAndPromptsIT extends ToolTestBase {

    private static String read(McpSyncClient client, String uri) {
        return ((TextResourceContents) client.readResource(new ReadResourceRequest(uri)).contents().get(0)).text();
    }

    private static List<String> complete(McpSyncClient client, McpSchema.CompleteReference ref, String argument, String typed) {
        return client.completeCompletion(new CompleteRequest(ref, new CompleteRequest.CompleteArgument(argument, typed)))
                .completion().values();
    }

    @Test
    void recordsAndMetadataAreResourcesReadWithTheCallersAuthorizationOverBothTransports() {
        String id = created("create_request", "request", Map.of("subject", "Resource check", "description", "Send me the logs"));
        List<String> uris = client.listResources().resources().stream().map(McpSchema.Resource::uri).toList();
        assertTrue(uris.containsAll(List.of("sdp://lookups/priorities", "sdp://lookups/technicians", "sdp://fields/requests",
                "sdp://fields/assets")), uris.toString());
        Set<String> templates = client.listResourceTemplates().resourceTemplates().stream()
                .map(McpSchema.ResourceTemplate::uriTemplate).collect(Collectors.toSet());
        assertEquals(Set.of("sdp://requests/{id}", "sdp://problems/{id}", "sdp://changes/{id}", "sdp://assets/{id}",
                "sdp://solutions/{id}", "sdp://requests/{id}/attachments/{attachment_id}",
                "sdp://problems/{id}/attachments/{attachment_id}", "sdp://changes/{id}/attachments/{attachment_id}"), templates);

        try (McpSyncClient sse = McpClients.sse(base, user.headers())) {
            sse.initialize();
            for (McpSyncClient reader : List.of(client, sse)) {
                String request = read(reader, "sdp://requests/" + id);
                assertTrue(request.contains("Resource check") && request.contains("description: «Send me the logs»"), request);
            }
        }
        assertTrue(read(client, "sdp://lookups/priorities").contains("High"));
        assertTrue(read(client, "sdp://fields/requests").contains("subject"));

        McpError notANumber = assertThrows(McpError.class, () -> read(client, "sdp://requests/abc"));
        assertTrue(notANumber.getMessage().contains("sdp://requests/{id}"), notANumber.getMessage());
        McpError unknown = assertThrows(McpError.class, () -> read(client, "sdp://requests/" + UNKNOWN_ID));
        assertEquals(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND, unknown.getJsonRpcError().code());
    }

    @Test
    void aCallerWithoutAuthorizationReadsNothing() {
        try (McpSyncClient stranger = McpClients.streamable(base, TestUsers.fresh().headers())) {
            stranger.initialize();
            McpError refused = assertThrows(McpError.class, () -> read(stranger, "sdp://lookups/priorities"));
            assertTrue(refused.getMessage().contains("check_auth_status") || refused.getMessage().contains("authoriz"),
                    refused.getMessage());
            assertTrue(complete(stranger, new PromptReference("triage_requests"), "technician", "").isEmpty(),
                    "no values without an authorization");
            assertThrows(McpError.class, () -> stranger.getPrompt(new GetPromptRequest("draft_reply", Map.of("request_id", "1"))));
            McpError triage = assertThrows(McpError.class, () -> stranger.getPrompt(new GetPromptRequest("triage_requests",
                    Map.of("technician", "someone@example.com"))));
            assertTrue(triage.getMessage().contains("authoriz"), "even a prompt that reads nothing: " + triage.getMessage());
        }
    }

    @Test
    void promptsNameTheToolsAndCarryTheRecordTheyAreAbout() {
        String id = created("create_request", "request", Map.of("subject", "VPN drops every hour"));
        assertEquals(Set.of("triage_requests", "shift_handover", "draft_reply", "major_incident_summary"),
                client.listPrompts().prompts().stream().map(McpSchema.Prompt::name).collect(Collectors.toSet()));

        McpSchema.GetPromptResult draft = client.getPrompt(new GetPromptRequest("draft_reply", Map.of("request_id", id,
                "kind", "resolution")));
        String record = ((TextResourceContents) ((EmbeddedResource) draft.messages().get(0).content()).resource()).text();
        assertTrue(record.contains("VPN drops every hour"), record);
        String instruction = ((TextContent) draft.messages().get(1).content()).text();
        assertTrue(instruction.contains("search_solutions") && instruction.contains("set_resolution"), instruction);

        String triage = ((TextContent) client.getPrompt(new GetPromptRequest("triage_requests",
                Map.of("technician", "heather.graham@zylker.example"))).messages().get(0).content()).text();
        assertTrue(triage.contains("heather.graham@zylker.example") && triage.contains("list_requests") && triage.contains("Open"));
        McpError missing = assertThrows(McpError.class, () -> client.getPrompt(new GetPromptRequest("triage_requests", Map.of())));
        assertTrue(missing.getMessage().contains("technician"), missing.getMessage());
        assertThrows(McpError.class, () -> client.getPrompt(new GetPromptRequest("draft_reply", Map.of("request_id", "1;DROP"))));
    }

    @Test
    void argumentsAreCompletedFromThisInstancesValues() {
        String id = created("create_request", "request", Map.of("subject", "Completion check"));
        List<String> technicians = complete(client, new PromptReference("triage_requests"), "technician", "heath");
        assertTrue(technicians.contains("heather.graham@zylker.example"), technicians.toString());
        assertTrue(technicians.stream().allMatch(value -> value.toLowerCase().contains("heath")), technicians.toString());
        assertEquals(List.of("Open"), complete(client, new PromptReference("triage_requests"), "status", "ope"));
        assertTrue(complete(client, new PromptReference("draft_reply"), "request_id", "").contains(id));
        assertEquals(List.of("resolution"), complete(client, new PromptReference("draft_reply"), "kind", "res"));
        assertTrue(complete(client, new ResourceReference("sdp://requests/{id}"), "id", id).contains(id));
        assertFalse(complete(client, new PromptReference("shift_handover"), "group", "").isEmpty());
    }
}
