package dev.sdpmcp.sandbox.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A request's notifications (reply, forward) and its conversation (docs/sdp-api-fidelity.md §15). */
class ConversationTest extends ItdeskTestBase {

    ConversationTest() {
        super("1000.CONVERSATION");
    }

    String newRequest() {
        return ok("POST", "requests", "{\"request\":{\"subject\":\"Talk\"}}").get("request").get("id").asText();
    }

    static String reply(String type, String to) {
        return "{\"notification\":{\"subject\":\"Re: Talk\",\"description\":\"<p>Try again now</p>\",\"type\":\"" + type
                + "\",\"to\":" + to + "}}";
    }

    static JsonNode message(SdpSimulator.Reply reply) {
        return Sim.parse(reply).get("response_status").get("messages").get(0);
    }

    @Test
    void aReplyIsStoredWithItsSenderAndTimeAndReadBack() {
        String id = newRequest();
        JsonNode sent = ok("POST", "requests/" + id + "/notifications", "{\"notification\":{\"subject\":\"Re: Talk\","
                + "\"description\":\"<p>Try again now</p>\",\"type\":\"reply\",\"to\":[{\"email_id\":\"oliver.brown@zylker.example\"}],"
                + "\"cc\":[{\"email_id\":\"heather.graham@zylker.example\"}]}}").get("notification");
        assertEquals("reply", sent.get("type").asText());
        assertEquals("oliver.brown@zylker.example", sent.get("to").get(0).get("email_id").asText());
        assertEquals("heather.graham@zylker.example", sent.get("cc").get(0).get("email_id").asText());
        assertEquals(0, sent.get("bcc").size());
        assertTrue(sent.get("sender").get("name").asText().contains("1000.CONVERSATION"), "sent by the caller");
        assertFalse(sent.get("time").get("value").asText().isEmpty());
        assertFalse(sent.get("time").get("display_value").asText().isEmpty());
        JsonNode read = ok("GET", "requests/" + id + "/notifications/" + sent.get("id").asText(), null).get("notification");
        assertEquals("<p>Try again now</p>", read.get("description").asText());
        assertEquals(1, ok("GET", "requests/" + id + "/notifications", null).get("notifications").size());
    }

    @Test
    void recipientsAreEmailObjectsAndATypeIsReplyOrForward() {
        String id = newRequest();
        String path = "requests/" + id + "/notifications";
        SdpSimulator.Reply plain = call("POST", path, reply("reply", "[\"oliver.brown@zylker.example\"]"));
        assertEquals(400, plain.status());
        assertEquals(4021, message(plain).get("status_code").asInt(), "plain strings are refused");
        assertEquals("to", message(plain).get("field").asText());
        SdpSimulator.Reply bad = call("POST", path, reply("reply", "[{\"email_id\":\"not an address\"}]"));
        assertEquals(4000, message(bad).get("status_code").asInt());
        SdpSimulator.Reply nobody = call("POST", path, reply("forward", "[]"));
        assertEquals(4012, message(nobody).get("status_code").asInt());
        assertEquals("to", message(nobody).get("fields").get(0).asText());
        SdpSimulator.Reply other = call("POST", path, reply("reply_all", "[{\"email_id\":\"a@b.example\"}]"));
        assertEquals(4000, message(other).get("status_code").asInt());
        assertEquals("type", message(other).get("field").asText());
        SdpSimulator.Reply missing = call("POST", path, "{\"notification\":{\"to\":[{\"email_id\":\"a@b.example\"}]}}");
        JsonNode fields = message(missing).get("fields");
        assertEquals(List.of("subject", "description", "type"), List.of(fields.get(0).asText(), fields.get(1).asText(), fields.get(2).asText()));
        SdpSimulator.Reply extra = call("POST", path, "{\"notification\":{\"subject\":\"s\",\"description\":\"d\",\"type\":\"reply\","
                + "\"to\":[{\"email_id\":\"a@b.example\"}],\"mode\":\"E-Mail\"}}");
        assertEquals(ApiException.EXTRA_KEY, message(extra).get("message").asText());
        assertEquals(0, ok("GET", path, null).get("notifications").size(), "nothing refused was stored");
        assertEquals(404, call("PUT", path + "/1", reply("reply", "[]")).status(), "notifications are not edited");
    }

    @Test
    void theConversationIsNotesAndNotificationsInTimeOrderWithoutTheirText() {
        String id = newRequest();
        ok("POST", "requests/" + id + "/notes", "{\"request_note\":{\"description\":\"Checked the logs\"}}");
        ok("POST", "requests/" + id + "/notifications", reply("reply", "[{\"email_id\":\"oliver.brown@zylker.example\"}]"));
        ok("POST", "requests/" + id + "/notifications", "{\"notification\":{\"subject\":\"Fwd: Talk\",\"description\":\"FYI\","
                + "\"type\":\"forward\",\"to\":[{\"email_id\":\"vendor@partner.example\"}]}}");
        JsonNode body = ok("GET", "requests/" + id + "/conversations", null);
        JsonNode rows = body.get("conversations");
        assertEquals(3, rows.size());
        assertEquals(List.of("NOTES", "REPLY", "FORWARD"), List.of(rows.get(0).get("type").asText(), rows.get(1).get("type").asText(),
                rows.get(2).get("type").asText()));
        assertEquals("Fwd: Talk", rows.get(2).get("subject").asText());
        rows.forEach(row -> {
            assertFalse(row.has("description"), "the text is read under notes/{id} or notifications/{id}");
            assertFalse(row.get("time").get("value").asText().isEmpty());
        });
        assertEquals(2000, body.get("response_status").get(0).get("status_code").asInt());
        JsonNode page = ok("GET", "requests/" + id + "/conversations", "{\"list_info\":{\"row_count\":2,\"start_index\":2}}");
        assertEquals(2, page.get("conversations").size());
        assertEquals("REPLY", page.get("conversations").get(0).get("type").asText());
        assertFalse(page.get("list_info").get("has_more_rows").asBoolean());
        assertEquals(404, call("POST", "requests/" + id + "/conversations", null).status());
        assertEquals(404, call("GET", "requests/999999999/conversations", null).status());
    }

    @Test
    void readingTheConversationNeedsTheRequestsScope() {
        String id = newRequest();
        String other = sim.token("1000.SOLUTIONSONLY", "SDPOnDemand.solutions.ALL");
        assertEquals(401, sim.call(other, "GET", "itdesk", "requests/" + id + "/conversations", null).status());
        assertEquals(401, sim.call(other, "POST", "itdesk", "requests/" + id + "/notifications",
                reply("reply", "[{\"email_id\":\"a@b.example\"}]")).status());
    }
}
