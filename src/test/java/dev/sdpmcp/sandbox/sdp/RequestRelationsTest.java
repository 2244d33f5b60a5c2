package dev.sdpmcp.sandbox.sdp;

import static dev.sdpmcp.sandbox.sdp.RequestLifecycleTest.assertAction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Links, merges, restore and history of requests (docs/sdp-api-fidelity.md §17). */
class RequestRelationsTest extends ItdeskTestBase {

    RequestRelationsTest() {
        super("1000.RELATIONS");
    }

    String newRequest(String subject) {
        return ok("POST", "requests", "{\"request\":{\"subject\":\"" + subject + "\"}}").get("request").get("id").asText();
    }

    static String links(String... ids) {
        List<String> items = new ArrayList<>();
        for (String id : ids) {
            items.add("{\"linked_request\":{\"id\":\"" + id + "\"},\"comments\":\"same outage\"}");
        }
        return "{\"link_requests\":[" + String.join(",", items) + "]}";
    }

    List<String> linked(String id) {
        List<String> ids = new ArrayList<>();
        JsonNode body = ok("GET", "requests/" + id + "/link_requests", null);
        assertEquals(2000, body.get("response_status").get(0).get("status_code").asInt());
        body.get("link_requests").forEach(item -> ids.add(item.get("linked_request").get("id").asText()));
        return ids;
    }

    @Test
    void linksGoBothWaysWithCommentsAndUnlinkRemovesThem() {
        String a = newRequest("A");
        String b = newRequest("B");
        String c = newRequest("C");
        assertAction(ok("POST", "requests/" + a + "/link_requests", links(b, c)), "linked");
        assertEquals(List.of(b, c), linked(a));
        assertEquals(List.of(a), linked(b));
        JsonNode item = ok("GET", "requests/" + b + "/link_requests", null).get("link_requests").get(0);
        assertEquals("A", item.get("linked_request").get("subject").asText());
        assertEquals("same outage", item.get("comments").asText());
        assertTrue(ok("GET", "requests/" + a, null).get("request").get("has_linked_requests").asBoolean());

        assertAction(ok("DELETE", "requests/" + a + "/link_requests", links(b)), "unlinked");
        assertEquals(List.of(c), linked(a));
        assertEquals(List.of(), linked(b));
        assertFalse(ok("GET", "requests/" + b, null).get("request").get("has_linked_requests").asBoolean());
    }

    @Test
    void badLinksChangeNothing() {
        String a = newRequest("A");
        String b = newRequest("B");
        assertEquals(4001, WriteValidationTest.failure(call("POST", "requests/" + a + "/link_requests", links(b, "999")), 400)
                .get("status_code").asInt());
        assertEquals(List.of(), linked(a));
        assertEquals("linked_request", WriteValidationTest.failure(
                call("POST", "requests/" + a + "/link_requests", links(a)), 400).get("field").asText());
        assertEquals(4012, WriteValidationTest.failure(call("POST", "requests/" + a + "/link_requests", "{\"link_requests\":[]}"), 400)
                .get("status_code").asInt());
        assertEquals(4000, WriteValidationTest.failure(call("POST", "requests/" + a + "/link_requests", "{\"links\":[]}"), 400)
                .get("status_code").asInt());
        // unlinking a request that is not linked
        assertEquals(4001, WriteValidationTest.failure(call("DELETE", "requests/" + a + "/link_requests", links(b)), 400)
                .get("status_code").asInt());
        assertEquals(404, call("PUT", "requests/" + a + "/link_requests", links(b)).status());
    }

    @Test
    void mergedRequestsDisappearIntoTheOneKept() {
        String kept = newRequest("Kept");
        String merged = newRequest("Merged");
        String linkedToMerged = newRequest("Linked");
        ok("POST", "requests/" + merged + "/notes", "{\"request_note\":{\"description\":\"from the merged one\"}}");
        ok("POST", "requests/" + merged + "/link_requests", links(linkedToMerged));
        assertAction(ok("PUT", "requests/" + kept + "/merge_requests", "{\"merge_requests\":[{\"id\":\"" + merged + "\"}]}"), "merged");
        assertEquals(404, call("GET", "requests/" + merged, null).status());
        assertEquals("from the merged one", ok("GET", "requests/" + kept + "/notes", null).get("request_notes").get(0).get("description").asText());
        assertEquals(List.of(linkedToMerged), linked(kept));
        assertEquals(List.of(kept), linked(linkedToMerged));
    }

    @Test
    void badMergesChangeNothing() {
        String kept = newRequest("Kept");
        String other = newRequest("Other");
        String body = "{\"merge_requests\":[{\"id\":\"" + other + "\"},{\"id\":\"" + kept + "\"}]}";
        assertEquals("merge_requests", WriteValidationTest.failure(call("PUT", "requests/" + kept + "/merge_requests", body), 400)
                .get("field").asText());
        ok("GET", "requests/" + other, null);
        String unknown = "{\"merge_requests\":[{\"id\":\"" + other + "\"},{\"id\":\"42\"}]}";
        assertEquals(4001, WriteValidationTest.failure(call("PUT", "requests/" + kept + "/merge_requests", unknown), 400)
                .get("status_code").asInt());
        ok("GET", "requests/" + other, null);
        assertEquals(4012, WriteValidationTest.failure(call("PUT", "requests/" + kept + "/merge_requests", "{\"merge_requests\":[]}"), 400)
                .get("status_code").asInt());
    }

    @Test
    void restoreOnlyFromTheTrash() {
        String id = newRequest("Trashed");
        assertEquals(4001, WriteValidationTest.failure(call("PUT", "requests/" + id + "/restore_from_trash", null), 400)
                .get("status_code").asInt());
        assertAction(ok("DELETE", "requests/" + id + "/move_to_trash", null), "trash");
        assertAction(ok("PUT", "requests/" + id + "/restore_from_trash", null), "restored");
        assertFalse(ok("GET", "requests/" + id, null).get("request").get("is_trashed").asBoolean());
    }

    @Test
    void historySaysWhoChangedWhatAndWhen() {
        String id = newRequest("History");
        ok("PUT", "requests/" + id, "{\"request\":{\"priority\":{\"name\":\"High\"}}}");
        ok("DELETE", "requests/" + id + "/move_to_trash", null);
        ok("PUT", "requests/" + id + "/restore_from_trash", null);
        JsonNode body = ok("GET", "requests/" + id + "/history", null);
        assertEquals(2000, body.get("response_status").get(0).get("status_code").asInt());
        JsonNode history = body.get("history");
        List<String> operations = new ArrayList<>();
        history.forEach(entry -> operations.add(entry.get("operation").asText()));
        assertEquals(List.of("Created", "Updated", "Moved to trash", "Restored from trash"), operations);
        JsonNode update = history.get(1);
        assertEquals("Technician 1000.RELATIONS", update.get("by").get("name").asText());
        assertFalse(update.get("time").get("value").asText().isEmpty());
        JsonNode change = update.get("changes").get(0);
        assertEquals("priority", change.get("field").asText());
        assertEquals("High", change.get("new").asText());
    }

    @Test
    void aRequestHasOneProblemAndChangesItInitiatedOrThatCausedIt() {
        String id = newRequest("Outage");
        String problem = ok("POST", "problems", "{\"problem\":{\"title\":\"Root cause\"}}").get("problem").get("id").asText();
        String other = ok("POST", "problems", "{\"problem\":{\"title\":\"Another\"}}").get("problem").get("id").asText();
        String change = ok("POST", "changes", "{\"change\":{\"title\":\"Fix\"}}").get("change").get("id").asText();
        assertEquals(404, call("GET", "requests/" + id + "/problem", null).status());

        String toProblem = "{\"request_problem_association\":{\"problem\":{\"id\":\"" + problem + "\"}}}";
        assertAction(ok("POST", "requests/" + id + "/problem", toProblem), "associated");
        JsonNode read = ok("GET", "requests/" + id + "/problem", null);
        assertEquals("Root cause", read.get("request_problem_association").get("problem").get("title").asText());
        assertTrue(ok("GET", "requests/" + id, null).get("request").get("has_problem").asBoolean());
        String toOther = "{\"request_problem_association\":{\"problem\":{\"id\":\"" + other + "\"}}}";
        assertEquals("problem", WriteValidationTest.failure(call("POST", "requests/" + id + "/problem", toOther), 400).get("field").asText());
        assertEquals(4001, WriteValidationTest.failure(call("DELETE", "requests/" + id + "/problem", toOther), 400).get("status_code").asInt());
        assertEquals(4001, WriteValidationTest.failure(call("POST", "requests/" + newRequest("X") + "/problem",
                "{\"request_problem_association\":{\"problem\":{\"id\":\"42\"}}}"), 400).get("status_code").asInt());
        assertAction(ok("DELETE", "requests/" + id + "/problem", toProblem), "dissociated");
        assertEquals(404, call("GET", "requests/" + id + "/problem", null).status());

        for (String kind : List.of("request_initiated_change", "request_caused_by_change")) {
            String body = "{\"" + kind + "\":{\"change\":{\"id\":\"" + change + "\"}}}";
            assertAction(ok("POST", "requests/" + id + "/" + kind, body), "associated");
            assertEquals(change, ok("GET", "requests/" + id + "/" + kind, null).get(kind).get("change").get("id").asText());
            assertEquals(4000, WriteValidationTest.failure(call("POST", "requests/" + id + "/" + kind,
                    "{\"" + kind + "\":{\"project\":{\"id\":\"" + change + "\"}}}"), 400).get("status_code").asInt());
        }
    }
}
