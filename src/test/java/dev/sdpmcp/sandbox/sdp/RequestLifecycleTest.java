package dev.sdpmcp.sandbox.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Requests (docs/sdp-api-fidelity.md §3, §4): add, update, close, pickup, assign, trash, delete, notes, worklogs, tasks, resolutions. */
class RequestLifecycleTest extends ItdeskTestBase {

    RequestLifecycleTest() {
        super("1000.LIFECYCLE");
    }

    String newRequest() {
        return ok("POST", "requests", "{\"request\":{\"subject\":\"Lifecycle\",\"priority\":{\"name\":\"Normal\"}}}").get("request").get("id").asText();
    }

    JsonNode request(String id) {
        return ok("GET", "requests/" + id, null).get("request");
    }

    static void assertAction(JsonNode body, String text) {
        JsonNode status = body.get("response_status");
        assertEquals(2000, status.get("status_code").asInt());
        assertEquals("success", status.get("status").asText());
        assertEquals("success", status.get("messages").get(0).get("type").asText());
        assertTrue(status.get("messages").get(0).get("message").asText().contains(text), body.toString());
    }

    @Test
    void addAppliesDefaultsAndCountsDisplayIds() {
        JsonNode first = ok("POST", "requests", "{\"request\":{\"subject\":\"One\"}}");
        assertEquals(2000, first.get("response_status").get("status_code").asInt());
        assertEquals("success", first.get("response_status").get("status").asText());
        JsonNode request = first.get("request");
        assertEquals("Open", request.get("status").get("name").asText());
        assertEquals("Default Request", request.get("template").get("name").asText());
        assertFalse(request.get("created_time").get("value").asText().isEmpty());
        assertFalse(request.get("is_trashed").asBoolean());
        assertEquals("0", request.get("time_elapsed").asText());
        JsonNode second = ok("POST", "requests", "{\"request\":{\"subject\":\"Two\"}}").get("request");
        assertEquals(request.get("display_id").asInt() + 1, second.get("display_id").asInt());
        assertTrue(second.get("id").asLong() > request.get("id").asLong());
    }

    @Test
    void updateWithStatusesSetsTheTimes() {
        String id = newRequest();
        JsonNode resolved = ok("PUT", "requests/" + id, "{\"request\":{\"status\":{\"name\":\"Resolved\"},\"technician\":{\"name\":\"Priya Raman\"}}}")
                .get("request");
        assertFalse(resolved.get("resolved_time").isNull());
        assertFalse(resolved.get("assigned_time").isNull());
        JsonNode reopened = ok("PUT", "requests/" + id, "{\"request\":{\"status\":{\"name\":\"Open\"}}}").get("request");
        assertTrue(reopened.get("is_reopened").asBoolean());
        assertTrue(reopened.get("resolved_time").isNull());
    }

    String resolved() {
        String id = newRequest();
        ok("POST", "requests/" + id + "/resolutions", "{\"resolution\":{\"content\":\"Reset the password\"}}");
        return id;
    }

    @Test
    void aCloseWithoutTheResolutionTheInstanceNeedsIsAWarningAndTheRequestStaysOpen() {
        String id = newRequest();
        SdpSimulator.Reply reply = call("PUT", "requests/" + id + "/close", "{\"request\":{\"closure_info\":{\"closure_comments\":\"Done\"}}}");
        assertEquals(200, reply.status(), "a warning comes with HTTP 200");
        JsonNode status = Json.parseObject(reply.body()).get("response_status");
        assertEquals(3000, status.get("status_code").asInt());
        assertEquals("failed", status.get("status").asText());
        JsonNode message = status.get("messages").get(0);
        assertEquals("warning", message.get("type").asText());
        assertEquals("resolution", message.get("fields").get(0).asText());
        assertEquals("Open", request(id).get("status").get("name").asText(), "the request stays open");
        assertTrue(request(id).get("closure_info").path("closure_comments").isNull()
                || request(id).get("closure_info").path("closure_comments").isMissingNode(), "nothing of the close was kept");
        // an instance whose closing rules do not ask for a resolution closes it
        sim.sdp.portal("itdesk").closeNeedsResolution = false;
        assertAction(ok("PUT", "requests/" + id + "/close", null), "closed");
        assertEquals("Closed", request(id).get("status").get("name").asText());
    }

    @Test
    void closeWithClosureInfo() {
        String id = resolved();
        JsonNode closed = ok("PUT", "requests/" + id + "/close", "{\"request\":{\"closure_info\":{\"requester_ack_resolution\":true,"
                + "\"requester_ack_comments\":\"Works now\",\"closure_comments\":\"Reset the password\",\"closure_code\":{\"name\":\"success\"}}}}");
        assertAction(closed, "closed");
        JsonNode request = request(id);
        assertEquals("Closed", request.get("status").get("name").asText());
        assertEquals("Success", request.get("closure_info").get("closure_code").get("name").asText());
        assertEquals("Reset the password", request.get("closure_info").get("closure_comments").asText());
        assertTrue(request.get("closure_info").get("requester_ack_resolution").asBoolean());
        assertFalse(request.get("completed_time").isNull());

        String other = resolved();
        JsonNode unknown = WriteValidationTest.failure(call("PUT", "requests/" + other + "/_close",
                "{\"request\":{\"closure_info\":{\"closure_code\":{\"name\":\"Fixed by magic\"}}}}"), 400);
        assertEquals(4001, unknown.get("status_code").asInt());
        assertEquals("closure_code", unknown.get("field").asText());
        assertEquals("Open", request(other).get("status").get("name").asText(), "a failed close changes nothing");
        assertAction(ok("PUT", "requests/" + other + "/_close", null), "closed");
        assertEquals("Closed", request(other).get("status").get("name").asText());
    }

    /** A design choice (no source shows the real answer): 403, 4002, nothing changed; a status change alone reopens. */
    @Test
    void aClosedRequestTakesNoEditsButAReopen() {
        String id = resolved();
        ok("PUT", "requests/" + id + "/close", "{\"request\":{\"closure_info\":{\"closure_comments\":\"Done\"}}}");
        JsonNode before = request(id);
        for (String[] edit : new String[][] {
                {"PUT", "requests/" + id, "{\"request\":{\"subject\":\"Changed\"}}"},
                {"PUT", "requests/" + id, "{\"request\":{\"status\":{\"name\":\"Open\"},\"subject\":\"Changed\"}}"},
                {"PUT", "requests/" + id, "{\"request\":{\"status\":{\"name\":\"Closed\"}}}"},
                {"PUT", "requests/" + id + "/assign", "{\"request\":{\"group\":{\"name\":\"Network\"}}}"},
                {"PUT", "requests/" + id + "/pickup", null},
                {"PUT", "requests/" + id + "/close", null},
                {"POST", "requests/" + id + "/resolutions", "{\"resolution\":{\"content\":\"Other\"}}"}}) {
            JsonNode refused = SimulatorTest.message(call(edit[0], edit[1], edit[2]), 403, 4002);
            assertTrue(refused.get("message").asText().contains("closed"), refused.toString());
        }
        assertEquals(before, request(id), "a refused edit changes nothing");
        // notes may still be added (as technicians do to closed tickets)
        ok("POST", "requests/" + id + "/notes", "{\"request_note\":{\"description\":\"Follow-up call made\"}}");

        JsonNode reopened = ok("PUT", "requests/" + id, "{\"request\":{\"status\":{\"name\":\"Open\"}}}").get("request");
        assertEquals("Open", reopened.get("status").get("name").asText());
        assertTrue(reopened.get("is_reopened").asBoolean());
        assertEquals("Changed", ok("PUT", "requests/" + id, "{\"request\":{\"subject\":\"Changed\"}}")
                .get("request").get("subject").asText(), "once reopened it takes edits again");
    }

    @Test
    void pickupAndAssign() {
        String id = newRequest();
        assertAction(ok("PUT", "requests/" + id + "/pickup", null), "picked up");
        assertEquals("Technician " + client, request(id).get("technician").get("name").asText());
        String other = newRequest();
        assertAction(ok("PUT", "requests/" + other + "/_pickup", null), "picked up");

        assertAction(ok("PUT", "requests/" + id + "/assign", "{\"request\":{\"group\":{\"name\":\"Network\"},\"technician\":{\"name\":\"Heather Graham\"}}}"), "assigned");
        JsonNode assigned = request(id);
        assertEquals("Network", assigned.get("group").get("name").asText());
        assertEquals("Heather Graham", assigned.get("technician").get("name").asText());
        assertAction(ok("PUT", "requests/" + id + "/_assign", "{\"request\":{\"technician\":{\"email_id\":\"charles.smith@zylker.example\"}}}"), "assigned");
        assertEquals("Charles Smith", request(id).get("technician").get("name").asText());
        assertEquals(4012, WriteValidationTest.failure(call("PUT", "requests/" + id + "/assign", "{\"request\":{}}"), 400).get("status_code").asInt());
        assertEquals("technician", WriteValidationTest.failure(call("PUT", "requests/" + id + "/assign",
                "{\"request\":{\"technician\":{\"name\":\"Lincoln Burrows\"}}}"), 400).get("field").asText());
        assertEquals("status", WriteValidationTest.failure(call("PUT", "requests/" + id + "/assign",
                "{\"request\":{\"status\":{\"name\":\"Closed\"}}}"), 400).get("field").asText());
    }

    int listed(String id) {
        int found = 0;
        for (JsonNode row : ok("GET", "requests", "{\"list_info\":{\"row_count\":100}}").get("requests")) {
            found += row.get("id").asText().equals(id) ? 1 : 0;
        }
        return found;
    }

    @Test
    void trashRestoreAndDelete() {
        String id = newRequest();
        assertEquals(1, listed(id));
        assertAction(ok("DELETE", "requests/" + id + "/move_to_trash", null), "trash");
        assertEquals(0, listed(id), "trashed requests leave the default list");
        JsonNode trashed = request(id);
        assertTrue(trashed.get("is_trashed").asBoolean());
        assertFalse(trashed.get("deleted_time").isNull());
        assertAction(ok("PUT", "requests/" + id + "/restore_from_trash", null), "restored");
        assertEquals(1, listed(id));
        assertAction(ok("DELETE", "requests/" + id + "/_move_to_trash", null), "trash");
        assertAction(ok("DELETE", "requests/" + id, null), "deleted");
        SimulatorTest.message(call("GET", "requests/" + id, null), 404, 4007);
        SimulatorTest.message(call("GET", "requests/" + newRequest() + "/move_to_trash", null), 404, 4007);
    }

    @Test
    void notesInBothRoots() {
        String id = newRequest();
        JsonNode cloud = ok("POST", "requests/" + id + "/notes", "{\"request_note\":{\"description\":\"<p>Cloud note</p>\",\"show_to_requester\":true}}");
        JsonNode note = cloud.get("request_note");
        assertEquals("Technician " + client, note.get("added_by").get("name").asText());
        assertFalse(note.get("added_time").isNull());
        assertTrue(note.get("show_to_requester").asBoolean());
        assertFalse(note.has("request"), "the parent comes from the URL and is not echoed");
        JsonNode onPrem = ok("POST", "requests/" + id + "/notes", "{\"note\":{\"description\":\"On-prem style\"}}");
        assertTrue(onPrem.has("note"));
        assertTrue(request(id).get("has_notes").asBoolean());

        JsonNode list = ok("GET", "requests/" + id + "/notes", null);
        assertEquals(2, list.get("request_notes").size());
        String noteId = note.get("id").asText();
        assertEquals("<p>Cloud note</p>", ok("GET", "requests/" + id + "/notes/" + noteId, null).get("request_note").get("description").asText());
        assertEquals("Edited", ok("PUT", "requests/" + id + "/notes/" + noteId, "{\"request_note\":{\"description\":\"Edited\"}}")
                .get("request_note").get("description").asText());
        assertAction(ok("DELETE", "requests/" + id + "/notes/" + noteId, null), "deleted");
        assertEquals(1, ok("GET", "requests/" + id + "/notes", null).get("request_notes").size());

        assertEquals("description", WriteValidationTest.strings(WriteValidationTest.failure(
                call("POST", "requests/" + id + "/notes", "{\"request_note\":{\"show_to_requester\":true}}"), 400).get("fields")).get(0));
        assertEquals("content", WriteValidationTest.failure(
                call("POST", "requests/" + id + "/notes", "{\"note\":{\"content\":\"wrong key\"}}"), 400).get("field").asText());
        assertEquals("request", WriteValidationTest.failure(
                call("POST", "requests/" + id + "/notes", "{\"request_note\":{\"description\":\"x\",\"request\":{\"id\":\"" + id + "\"}}}"), 400)
                .get("field").asText());
        String otherRequest = newRequest();
        SimulatorTest.message(call("GET", "requests/" + otherRequest + "/notes/" + onPrem.get("note").get("id").asText(), null), 404, 4007);
    }

    @Test
    void worklogs() {
        String id = newRequest();
        long start = 1_700_000_000_000L;
        JsonNode worklog = ok("POST", "requests/" + id + "/worklogs", "{\"worklog\":{\"owner\":{\"email_id\":\"priya.raman@zylker.example\"},"
                + "\"description\":\"Remote session\",\"start_time\":{\"value\":\"" + start + "\"},\"end_time\":{\"value\":\"" + (start + 90 * 60_000) + "\"}}}")
                .get("worklog");
        assertEquals("1", worklog.get("time_spent").get("hours").asText());
        assertEquals("30", worklog.get("time_spent").get("minutes").asText());
        assertEquals("75.00", worklog.get("owner_cost").asText(), "1.5 h at Priya's 50 per hour");
        assertEquals(id, worklog.get("request").get("id").asText());
        assertEquals("Technician " + client, worklog.get("created_by").get("name").asText());
        JsonNode given = ok("POST", "requests/" + id + "/worklogs", "{\"worklog\":{\"owner\":{\"name\":\"Marco Rossi\"},"
                + "\"time_spent\":{\"hours\":\"2\",\"minutes\":\"15\"},\"other_cost\":\"10\"}}").get("worklog");
        assertEquals("77.50", given.get("total_cost").asText(), "2.25 h at 30 plus 10");
        assertEquals(2, ok("GET", "requests/" + id + "/worklogs", null).get("worklogs").size());

        assertEquals("owner", WriteValidationTest.strings(WriteValidationTest.failure(
                call("POST", "requests/" + id + "/worklogs", "{\"worklog\":{\"description\":\"x\"}}"), 400).get("fields")).get(0));
        JsonNode backwards = WriteValidationTest.failure(call("POST", "requests/" + id + "/worklogs", "{\"worklog\":{\"owner\":{\"name\":\"Marco Rossi\"},"
                + "\"start_time\":{\"value\":\"" + start + "\"},\"end_time\":{\"value\":\"" + (start - 1) + "\"}}}"), 400);
        assertEquals(4016, backwards.get("status_code").asInt());
        assertEquals("owner", WriteValidationTest.failure(call("POST", "requests/" + id + "/worklogs",
                "{\"worklog\":{\"owner\":{\"email_id\":\"lincoln@zylker.example\"}}}"), 400).get("field").asText());
        // keys a live site refused on worklogs (fidelity §4)
        for (String key : java.util.List.of("status", "is_billable")) {
            JsonNode refused = WriteValidationTest.failure(call("POST", "requests/" + id + "/worklogs",
                    "{\"worklog\":{\"owner\":{\"name\":\"Marco Rossi\"},\"" + key + "\":true}}"), 400);
            assertEquals("EXTRA_KEY_FOUND_IN_JSON", refused.get("message").asText());
            assertEquals(key, refused.get("field").asText());
        }
    }

    @Test
    void tasksMoveByStatusNameOrPercentage() {
        String id = newRequest();
        JsonNode task = ok("POST", "requests/" + id + "/tasks", "{\"task\":{\"title\":\"Replace cable\",\"owner\":{\"name\":\"Charles Smith\"}}}").get("task");
        assertEquals("Open", task.get("status").get("name").asText());
        String taskPath = "requests/" + id + "/tasks/" + task.get("id").asText();
        assertEquals("In Progress", ok("PUT", taskPath, "{\"task\":{\"status\":{\"name\":\"In Progress\"}}}").get("task").get("status").get("name").asText());
        JsonNode closed = ok("PUT", taskPath, "{\"task\":{\"status\":{\"name\":\"Closed\"}}}").get("task");
        assertEquals(100, closed.get("percentage_completion").asInt());
        assertFalse(closed.get("actual_end_time").isNull());

        String second = ok("POST", "requests/" + id + "/tasks", "{\"task\":{\"title\":\"Test\"}}").get("task").get("id").asText();
        JsonNode done = ok("PUT", "requests/" + id + "/tasks/" + second, "{\"task\":{\"percentage_completion\":\"100\"}}").get("task");
        assertEquals("Closed", done.get("status").get("name").asText());
        assertEquals(2, ok("GET", "requests/" + id + "/tasks", null).get("tasks").size());
        assertEquals("title", WriteValidationTest.strings(WriteValidationTest.failure(
                call("POST", "requests/" + id + "/tasks", "{\"task\":{}}"), 400).get("fields")).get(0));
        assertEquals(4001, WriteValidationTest.failure(call("PUT", "requests/" + id + "/tasks/" + second,
                "{\"task\":{\"percentage_completion\":\"120\"}}"), 400).get("status_code").asInt());
        JsonNode taskWorklog = ok("POST", "requests/" + id + "/tasks/" + second + "/worklogs",
                "{\"worklog\":{\"owner\":{\"name\":\"Charles Smith\"},\"time_spent\":{\"hours\":1,\"minutes\":0}}}").get("worklog");
        assertEquals(second, taskWorklog.get("task").get("id").asText());
    }

    /** ME's request task sample: numbers as strings, datetimes as {"value"}; a JSON number is a type mismatch. */
    @Test
    void tasksTakeMesSampleWithNumbersAsStrings() {
        String id = newRequest();
        JsonNode task = ok("POST", "requests/" + id + "/tasks", "{\"task\":{\"title\":\"Cable check\",\"description\":\"<p>Floor 2</p>\","
                + "\"owner\":{\"email_id\":\"charles.smith@zylker.example\"},\"priority\":{\"name\":\"High\"},"
                + "\"percentage_completion\":\"30\",\"estimated_effort_hours\":\"20\",\"estimated_effort_minutes\":\"45\","
                + "\"estimated_effort_days\":\"2\",\"email_before\":\"3600000\",\"additional_cost\":\"100\","
                + "\"scheduled_start_time\":{\"value\":\"1700000000000\"},\"scheduled_end_time\":{\"value\":\"1700003600000\"}}}").get("task");
        assertEquals("Charles Smith", task.get("owner").get("name").asText());
        assertEquals("45", task.get("estimated_effort_minutes").asText());
        assertEquals("3600000", task.get("email_before").asText());
        assertEquals("100", task.get("additional_cost").asText());
        assertEquals("1700003600000", task.get("scheduled_end_time").get("value").asText());
        JsonNode number = WriteValidationTest.failure(call("POST", "requests/" + id + "/tasks",
                "{\"task\":{\"title\":\"x\",\"additional_cost\":100}}"), 400);
        assertEquals(4021, number.get("status_code").asInt());
        assertEquals("additional_cost", number.get("field").asText());
    }

    @Test
    void resolutions() {
        String id = newRequest();
        JsonNode empty = ok("GET", "requests/" + id + "/resolutions", null).get("resolution");
        assertTrue(empty.get("content").isNull());
        JsonNode added = ok("POST", "requests/" + id + "/resolutions", "{\"resolution\":{\"content\":\"Cleared the cache\",\"add_to_linked_requests\":\"false\"}}")
                .get("resolution");
        assertEquals("Cleared the cache", added.get("content").asText());
        assertEquals("Technician " + client, added.get("submitted_by").get("name").asText());
        assertFalse(added.get("submitted_on").isNull());
        assertEquals("Cleared the cache", ok("GET", "requests/" + id + "/resolutions", null).get("resolution").get("content").asText());
        assertEquals("Cleared the cache", request(id).get("resolution").get("content").asText());
        // the other way, observed live: the resolution as a field of the request; a close then succeeds
        String other = newRequest();
        ok("PUT", "requests/" + other, "{\"request\":{\"resolution\":{\"content\":\"Replaced the toner\"}}}");
        assertEquals("Replaced the toner", ok("GET", "requests/" + other + "/resolutions", null).get("resolution").get("content").asText());
        assertAction(ok("PUT", "requests/" + other + "/close", null), "closed");
        assertEquals("text", WriteValidationTest.failure(call("POST", "requests/" + id + "/resolutions",
                "{\"resolution\":{\"text\":\"x\"}}"), 400).get("field").asText());
    }
}
