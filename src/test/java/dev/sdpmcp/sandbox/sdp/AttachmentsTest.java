package dev.sdpmcp.sandbox.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator's attachments (docs/sdp-api-fidelity.md §18): strict uploads, list, download, delete. */
class AttachmentsTest extends ItdeskTestBase {

    static final String MULTIPART = "multipart/form-data; boundary=b";

    AttachmentsTest() {
        super("attachments-client");
    }

    String newRequest() {
        return ok("POST", "requests", "{\"request\":{\"subject\":\"Screenshot attached\"}}").path("request").path("id").asText();
    }

    SdpSimulator.Reply upload(String path, String contentType, List<Attachments.Part> parts) {
        return sim.sdp.handle(new SdpSimulator.Call("PUT", "app/itdesk/api/v3/" + path, "Zoho-oauthtoken " + token,
                Sim.ACCEPT, Map.of(), contentType, null, parts));
    }

    static Attachments.Part file(String name, String fileName, byte[] content) {
        return new Attachments.Part(name, fileName, "text/plain", content);
    }

    @Test
    void oneFileInInputFileIsStoredListedDownloadedAndDeleted() {
        String id = newRequest();
        byte[] bytes = "line one\nline two\n".getBytes(StandardCharsets.UTF_8);
        SdpSimulator.Reply added = upload("requests/" + id + "/upload", MULTIPART, List.of(file("input_file", "notes.txt", bytes)));
        assertEquals(200, added.status(), added.body());
        JsonNode attachment = Sim.parse(added).path("attachment");
        assertEquals("notes.txt", attachment.path("name").asText());
        assertEquals(bytes.length, attachment.path("size").path("value").asInt());
        String attachmentId = attachment.path("id").asText();

        JsonNode listed = ok("GET", "requests/" + id + "/attachments", null);
        assertEquals(attachmentId, listed.path("attachments").path(0).path("id").asText());
        SdpSimulator.Reply download = call("GET", "requests/" + id + "/attachments/" + attachmentId + "/download", null);
        assertEquals(200, download.status());
        assertArrayEquals(bytes, download.bytes());
        assertEquals("text/plain", download.contentType());

        JsonNode log = sim.sdp.log("attachments-client", null, 0).stream()
                .filter(entry -> entry.path("path").asText().endsWith("/upload")).findFirst().orElseThrow();
        assertEquals("input_file", log.path("input_data").path("multipart").path(0).path("name").asText());
        assertEquals(Attachments.sha256(bytes), log.path("input_data").path("multipart").path(0).path("sha256").asText());

        ok("DELETE", "requests/" + id + "/attachments/" + attachmentId, null);
        assertTrue(ok("GET", "requests/" + id + "/attachments", null).path("attachments").isEmpty());
        assertEquals(404, call("GET", "requests/" + id + "/attachments/" + attachmentId + "/download", null).status());
    }

    @Test
    void uploadsOtherThanOneNamedFileAreRefusedWithA4000() {
        String id = newRequest();
        String path = "problems/" + ok("POST", "problems", "{\"problem\":{\"title\":\"Disk\"}}").path("problem").path("id").asText()
                + "/upload";
        byte[] bytes = {1, 2, 3};
        for (SdpSimulator.Reply refused : List.of(
                upload(path, "application/x-www-form-urlencoded", null),
                upload(path, MULTIPART, List.of(file("file", "a.bin", bytes))),
                upload(path, MULTIPART, List.of(file("input_file", "a.bin", bytes), file("input_file", "b.bin", bytes))),
                upload(path, MULTIPART, List.of(file("input_file", null, bytes))),
                upload(path, MULTIPART, List.of(file("input_file", "empty.txt", new byte[0]))))) {
            assertEquals(400, refused.status(), refused.body());
            JsonNode message = Sim.parse(refused).path("response_status").path("messages").path(0);
            assertEquals(4000, message.path("status_code").asInt());
            assertEquals("input_file", message.path("field").asText());
        }
        assertEquals(404, upload("requests/999999999999999999/upload", MULTIPART, List.of(file("input_file", "a.bin", bytes))).status());
        assertEquals(404, call("POST", "requests/" + id + "/upload", null).status(), "an upload is a PUT");
        assertEquals(404, call("GET", "requests/" + id + "/attachments/1/download", null).status());
    }
}
