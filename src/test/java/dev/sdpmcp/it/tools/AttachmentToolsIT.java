package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ToolTestBase;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.ResourceLink;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Attachments of requests, problems and changes through MCP against the simulator: what reached ServiceDesk Plus (one
 * multipart part input_file, its file name, the exact bytes), what came back (text inline, other files as a resource
 * link whose resources/read gives the same bytes), the limits, and a caller without authorization.
 */
@RunsOnPostgresql
class AttachmentToolsIT extends ToolTestBase {

    /** SDP_MAX_ATTACHMENT_BYTES in the it-postgresql execution (pom.xml). */
    static final int MAX_BYTES = 40_000;
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1,
            (byte) 0xff, (byte) 0xfe, (byte) 0x80, 0};
    static final String TEXT = "Error 42 at line 7\nretrying… done\n";

    @Test
    void toolsPresentThemselvesAsTheyAct() {
        Map<String, String> kinds = new LinkedHashMap<>();
        for (String noun : List.of("request", "problem", "change")) {
            kinds.put("list_" + noun + "_attachments", "read");
            kinds.put("get_" + noun + "_attachment", "read");
            kinds.put("add_" + noun + "_attachment", "add");
            kinds.put("delete_" + noun + "_attachment", "remove");
        }
        assertPresented(kinds);
    }

    @Test
    void requestAttachments() throws Exception {
        roundTrip("request", "request_id", created("create_request", "request", Map.of("subject", "Crash report attached")));
    }

    @Test
    void problemAttachments() throws Exception {
        roundTrip("problem", "problem_id", created("create_problem", "problem", Map.of("title", "Crashes after the update")));
    }

    @Test
    void changeAttachments() throws Exception {
        roundTrip("change", "change_id", created("create_change", "change", Map.of("title", "Roll back the update")));
    }

    /** A text file and a PNG added, checked at the simulator, listed, read back both ways, then the PNG deleted. */
    void roundTrip(String noun, String idArg, String id) throws Exception {
        String module = noun + "s";
        byte[] text = TEXT.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> added = ok("add_" + noun + "_attachment", Map.of(idArg, id, "file_name", "crash.log",
                "content_base64", Base64.getEncoder().encodeToString(text)));
        String textId = String.valueOf(entity(added, "attachment").get("id"));
        JsonNode part = onlyPart(sent("PUT", "/" + module + "/" + id + "/upload"));
        assertEquals("input_file", part.path("name").asText());
        assertEquals("crash.log", part.path("filename").asText());
        assertEquals(text.length, part.path("size").asInt());
        assertEquals(sha256(text), part.path("sha256").asText(), "the exact bytes reached ServiceDesk Plus");

        String imageId = String.valueOf(entity(ok("add_" + noun + "_attachment", Map.of(idArg, id, "file_name", "screen.png",
                "content_base64", Base64.getEncoder().encodeToString(PNG))), "attachment").get("id"));
        JsonNode image = onlyPart(sent("PUT", "/" + module + "/" + id + "/upload"));
        assertEquals("screen.png", image.path("filename").asText());
        assertEquals("image/png", image.path("content_type").asText());
        assertEquals(sha256(PNG), image.path("sha256").asText());

        List<Map<String, Object>> listed = rows(ok("list_" + noun + "_attachments", Map.of(idArg, id)), "attachments");
        assertEquals(List.of(textId, imageId), listed.stream().map(row -> String.valueOf(row.get("id"))).toList());
        String listText = text(call("list_" + noun + "_attachments", Map.of(idArg, id)));
        assertTrue(listText.contains("«crash.log»") && listText.contains("«screen.png»"), listText);

        Map<String, Object> inline = ok("get_" + noun + "_attachment", Map.of(idArg, id, "attachment_id", textId));
        assertEquals(TEXT, inline.get("content"), "small text is shown inline");
        assertTrue(text(call("get_" + noun + "_attachment", Map.of(idArg, id, "attachment_id", textId))).contains("«" + TEXT + "»"));

        CallToolResult linked = call("get_" + noun + "_attachment", Map.of(idArg, id, "attachment_id", imageId));
        String uri = "sdp://" + module + "/" + id + "/attachments/" + imageId;
        ResourceLink link = linked.content().stream().filter(ResourceLink.class::isInstance).map(ResourceLink.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no resource link: " + linked.content()));
        assertEquals(uri, link.uri());
        assertEquals("image/png", link.mimeType());
        assertEquals(PNG.length, link.size());
        assertFalse(text(linked).contains("iVBOR"), "the bytes never reach the conversation: " + text(linked));
        BlobResourceContents blob = (BlobResourceContents) client.readResource(new ReadResourceRequest(uri)).contents().get(0);
        assertEquals(Base64.getEncoder().encodeToString(PNG), blob.blob());
        assertEquals("image/png", blob.mimeType());
        assertEquals(uri, blob.uri());

        assertTrue(text(call("delete_" + noun + "_attachment", Map.of(idArg, id, "attachment_id", imageId))).contains(imageId));
        assertTrue(sdp().last(user, "DELETE", "/" + module + "/" + id + "/attachments/" + imageId).path("status").asInt() == 200);
        assertEquals(1, rows(ok("list_" + noun + "_attachments", Map.of(idArg, id)), "attachments").size());
        McpError gone = assertThrows(McpError.class, () -> client.readResource(new ReadResourceRequest(uri)));
        assertEquals(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND, gone.getJsonRpcError().code());
        assertTrue(error("get_" + noun + "_attachment", Map.of(idArg, id, "attachment_id", imageId))
                .contains("list_" + noun + "_attachments"));
    }

    @Test
    void badFilesAreRefusedBeforeAnythingIsSent() {
        String id = created("create_request", "request", Map.of("subject", "Nothing attached"));
        String tooLarge = error("add_request_attachment", Map.of("request_id", id, "file_name", "big.bin",
                "content_base64", Base64.getEncoder().encodeToString(new byte[MAX_BYTES + 1])));
        assertTrue(tooLarge.contains("content_base64") && tooLarge.contains(String.valueOf(MAX_BYTES))
                && tooLarge.contains("SDP_MAX_ATTACHMENT_BYTES"), tooLarge);
        String invalid = error("add_request_attachment", Map.of("request_id", id, "file_name", "a.txt", "content_base64", "not base64!"));
        assertTrue(invalid.contains("content_base64 is not valid base64"), invalid);
        assertTrue(error("add_request_attachment", Map.of("request_id", id, "file_name", "a.txt", "content_base64", ""))
                .contains("content_base64"));
        assertTrue(error("add_request_attachment", Map.of("request_id", id, "file_name", "../etc/passwd", "content_base64", "YQ=="))
                .contains("file_name"));
        assertTrue(sdp().log(user).stream().noneMatch(entry -> entry.path("path").asText().endsWith("/upload")),
                "nothing reached ServiceDesk Plus");
        assertTrue(rows(ok("list_request_attachments", Map.of("request_id", id)), "attachments").isEmpty());

        String unknown = error("add_request_attachment", Map.of("request_id", UNKNOWN_ID, "file_name", "a.txt", "content_base64", "YQ=="));
        assertTrue(unknown.contains("Not found"), unknown);
        McpError notAnId = assertThrows(McpError.class,
                () -> client.readResource(new ReadResourceRequest("sdp://requests/" + id + "/attachments/x1")));
        assertTrue(notAnId.getMessage().contains("{attachment_id}"), notAnId.getMessage());
    }

    @Test
    void aCallerWithoutAuthorizationReadsNoAttachment() {
        String id = created("create_request", "request", Map.of("subject", "Private file"));
        String attachment = String.valueOf(entity(ok("add_request_attachment", Map.of("request_id", id, "file_name", "p.png",
                "content_base64", Base64.getEncoder().encodeToString(PNG))), "attachment").get("id"));
        try (McpSyncClient stranger = McpClients.sse(base, TestUsers.fresh().headers())) {
            stranger.initialize();
            McpError refused = assertThrows(McpError.class, () -> stranger.readResource(
                    new ReadResourceRequest("sdp://requests/" + id + "/attachments/" + attachment)));
            assertTrue(refused.getMessage().contains("authoriz") || refused.getMessage().contains("check_auth_status"),
                    refused.getMessage());
        }
    }

    static JsonNode onlyPart(JsonNode sent) {
        JsonNode parts = sent.path("multipart");
        assertEquals(1, parts.size(), "one part per upload: " + sent);
        return parts.get(0);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
