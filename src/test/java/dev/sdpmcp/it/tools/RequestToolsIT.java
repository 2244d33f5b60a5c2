package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.ToolTestBase;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every request tool through MCP against the sandbox's ServiceDesk Plus, success and failure. */
@RunsOnPostgresql
class RequestToolsIT extends ToolTestBase {

    String anyRequestId() {
        return String.valueOf(rows(ok("list_requests", Map.of("page_size", 1)), "requests").get(0).get("id"));
    }

    String newRequest(String subject) {
        return String.valueOf(entity(ok("create_request", Map.of("subject", subject)), "request").get("id"));
    }

    @Test
    void toolsPresentThemselvesAsTheyAct() {
        assertPresented(Map.ofEntries(Map.entry("list_requests", "read"), Map.entry("search_requests", "read"),
                Map.entry("get_request", "read"), Map.entry("list_request_notes", "read"),
                Map.entry("list_request_worklogs", "read"), Map.entry("list_request_tasks", "read"),
                Map.entry("create_request", "add"), Map.entry("add_note_to_request", "add"),
                Map.entry("add_request_worklog", "add"), Map.entry("add_request_task", "add"),
                Map.entry("update_request", "change"), Map.entry("update_request_task", "change"),
                Map.entry("assign_request", "change"), Map.entry("pickup_request", "change"),
                Map.entry("close_request", "change"), Map.entry("set_resolution", "change"),
                Map.entry("delete_request", "change"), Map.entry("get_resolution", "read"),
                Map.entry("get_request_conversation", "read"), Map.entry("reply_to_request", "add"),
                Map.entry("forward_request", "add")));
    }

    @Test
    void aRequestersTextReachesTheModelMarkedCleanedAndWithinTheAnswerLimit() throws Exception {
        // Hidden: a right-to-left override, tag characters spelling "IGNORE", zero-width runs. Long: 30,000 characters,
        // twice over the answer (text and structured content) beyond the default SDP_MAX_RESULT_BYTES of 48,000.
        String hidden = "\u202E\uDB40\uDC49\uDB40\uDC47\uDB40\uDC4E\uDB40\uDC4F\uDB40\uDC52\uDB40\uDC45\u200B\u200B\u2060";
        String description = "Scanner on floor 3" + hidden + " is jammed. " + "More detail. ".repeat(2300);
        String id = created("create_request", "request", Map.of("subject", "Jammed" + hidden, "description", description));
        assertTrue(sent("POST", "/requests").path("request").path("description").asText().contains(hidden),
                "ServiceDesk Plus keeps what was written");

        CallToolResult answer = call("get_request", Map.of("request_id", id));
        String text = text(answer);
        String structured = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(answer.structuredContent());
        assertTrue(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + structured.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 48_000, "within the answer limit");
        assertTrue(text.contains("description: «Scanner on floor 3 is jammed. More detail."), text.substring(0, 600));
        assertTrue(text.contains("more characters not shown]"), "says that it was cut");
        assertTrue(structured.contains("Scanner on floor 3 is jammed.") && structured.contains("more characters not shown]"));
        assertTrue(text.contains("Jammed") && structured.contains("\"subject\":\"Jammed\""));
        for (String shown : List.of(text, structured)) {
            assertFalse(shown.contains("\u202E") || shown.contains("\u200B") || shown.contains("\u2060") || shown.contains("\uDB40"),
                    "no invisible character reaches the model");
        }
    }

    @Test
    void getAndListShowOnlyTheFieldsAskedFor() throws Exception {
        String id = created("create_request", "request", Map.of("subject", "Fields check", "description", "Not wanted here"));
        CallToolResult one = call("get_request", Map.of("request_id", id, "fields", "subject,status"));
        assertTrue(text(one).contains("Fields check") && !text(one).contains("Not wanted here"), text(one));
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) ((Map<String, Object>) one.structuredContent()).get("request");
        assertEquals(Set.of("id", "display_id", "subject", "status"), record.keySet());

        Map<String, Object> page = ok("list_requests", Map.of("page_size", 3, "fields", "subject"));
        assertEquals("[\"subject\"]", sent("GET", "/requests").path("fields_required").toString(), "asked of ServiceDesk Plus");
        rows(page, "requests").forEach(row -> assertTrue(Set.of("id", "display_id", "subject").containsAll(row.keySet()), row.toString()));
        assertTrue(error("get_request", Map.of("request_id", id, "fields", "subject;drop")).contains("is not one"));
    }

    @Test
    void listRequestsAppliesEveryFilterAndSortOnTheServer() throws Exception {
        Map<String, Object> page = ok("list_requests", Map.of("status", "Open", "priority", "High", "sort_by", "created_time",
                "sort_order", "asc", "page_size", 5));
        List<Map<String, Object>> rows = rows(page, "requests");
        assertFalse(rows.isEmpty(), "the sample data has open high-priority requests");
        for (Map<String, Object> row : rows) {
            assertEquals("Open", name(row, "status"));
        }
        JsonNode listInfo = sent("GET", "/requests").path("list_info");
        assertEquals(5, listInfo.path("row_count").asInt());
        assertEquals("created_time", listInfo.path("sort_field").asText());
        assertEquals("asc", listInfo.path("sort_order").asText());
        String criteria = listInfo.path("search_criteria").toString();
        assertTrue(criteria.contains("status.name") && criteria.contains("priority.name"), criteria);

        Map<String, Object> first = ok("list_requests", Map.of("page_size", 5));
        assertEquals(true, first.get("has_more_rows"));
        assertEquals(2, first.get("next_page"));
        Map<String, Object> second = ok("list_requests", Map.of("page_size", 5, "page", 2));
        Set<Object> ids = new HashSet<>();
        rows(first, "requests").forEach(r -> ids.add(r.get("id")));
        rows(second, "requests").forEach(r -> assertFalse(ids.contains(r.get("id")), "page 2 repeats page 1"));
        assertEquals(6, sent("GET", "/requests").path("list_info").path("start_index").asInt(), "1-based: page 2 of 5 starts at 6");

        Map<String, Object> dated = ok("list_requests", Map.of("created_from", "2020-01-01", "technician", "heather.graham@zylker.example"));
        String datedCriteria = sent("GET", "/requests").path("list_info").path("search_criteria").toString();
        assertTrue(datedCriteria.contains("created_time") && datedCriteria.contains("technician.email_id"), datedCriteria);
        rows(dated, "requests").forEach(r -> assertTrue(name(r, "technician").startsWith("Heather")));

        assertTrue(error("list_requests", Map.of("page_size", 500)).contains("100"));
        assertTrue(error("list_requests", Map.of("created_from", "last tuesday")).contains("date"));
    }

    @Test
    void listRequestsSendsTheOtherFiltersAsSearchCriteriaToo() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant createdTo = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> page = ok("list_requests", Map.of("requester", "oliver.brown@zylker.example",
                "group", "Network,Hardware", "site", "London", "request_type", "Incident", "created_to", createdTo.toString(),
                "due_from", today.minusDays(30).toString(), "due_to", today.toString()));
        JsonNode criteria = sent("GET", "/requests").path("list_info").path("search_criteria");
        assertEquals(Set.of("requester.email_id is \"oliver.brown@zylker.example\"", "group.name is [\"Network\",\"Hardware\"]",
                "site.name is \"London\"", "request_type.name is \"Incident\"",
                "created_time lesser or equal \"" + createdTo.toEpochMilli() + "\"",
                "due_by_time greater or equal \"" + millis(today.minusDays(30)) + "\"",
                "due_by_time lesser or equal \"" + millis(today) + "\""), conditions(criteria));
        for (int i = 1; i < criteria.size(); i++) {
            assertEquals("AND", criteria.get(i).path("logical_operator").asText(), "every filter must hold: " + criteria);
        }
        // ServiceDesk Plus evaluated them: of Oliver's London network incidents, the one due ten days ago
        assertEquals(List.of("Slow file server access from London"),
                rows(page, "requests").stream().map(r -> String.valueOf(r.get("subject"))).toList());

        Map<String, Object> byName = ok("list_requests", Map.of("requester", "Oliver Brown", "page_size", 5));
        assertEquals(Set.of("requester.name is \"Oliver Brown\""),
                conditions(sent("GET", "/requests").path("list_info").path("search_criteria")));
        assertFalse(rows(byName, "requests").isEmpty());
        rows(byName, "requests").forEach(r -> assertEquals("Oliver Brown", name(r, "requester")));
        assertTrue(error("list_requests", Map.of("due_to", "soon")).contains("due_to"));
    }

    static long millis(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** A search_criteria's conditions as "field condition value(s)", nested ones included. */
    static Set<String> conditions(JsonNode criteria) {
        Set<String> conditions = new HashSet<>();
        for (JsonNode condition : criteria) {
            JsonNode values = condition.has("values") ? condition.path("values") : condition.path("value");
            conditions.add(condition.path("field").asText() + " " + condition.path("condition").asText() + " " + values);
            conditions.addAll(conditions(condition.path("children")));
        }
        return conditions;
    }

    @Test
    void searchRequestsSearchesOnTheServerNeverFetchAndFilter() throws Exception {
        Map<String, Object> found = ok("search_requests", Map.of("query", "printer"));
        JsonNode listInfo = sent("GET", "/requests").path("list_info");
        assertFalse(rows(found, "requests").isEmpty());
        // the list projection has no description: a row matched by its description is checked whole
        rows(found, "requests").forEach(r -> assertTrue(r.toString().toLowerCase().contains("printer") || entity(ok("get_request",
                Map.of("request_id", String.valueOf(r.get("id")))), "request").toString().toLowerCase().contains("printer"), r.toString()));
        assertEquals(20, listInfo.path("row_count").asInt(), "one page, not a bulk fetch");
        assertTrue(listInfo.path("search_criteria").toString().contains("contains"));

        Map<String, Object> high = ok("search_requests", Map.of("criteria", List.of(Map.of("field", "priority.name",
                "condition", "is", "value", "High"))));
        assertFalse(rows(high, "requests").isEmpty());
        // list rows are SDP's compact projection (no priority): check each one whole
        rows(high, "requests").forEach(r -> assertEquals("High", name(entity(ok("get_request", Map.of("request_id",
                String.valueOf(r.get("id")))), "request"), "priority")));
        String number = String.valueOf(rows(ok("list_requests", Map.of("page_size", 1)), "requests").get(0).get("display_id"));
        Map<String, Object> byNumber = ok("search_requests", Map.of("display_id", "#" + number));
        assertEquals(1, rows(byNumber, "requests").size());

        assertTrue(error("search_requests", Map.of()).contains("Give something to search for"));
        assertTrue(error("search_requests", Map.of("criteria", List.of(Map.of("field", "subject", "condition", "sounds like",
                "value", "x")))).contains("condition"), "the schema's enum names the argument");
        assertTrue(error("search_requests", Map.of("criteria", List.of(Map.of("field", "subject; drop", "condition", "is",
                "value", "x")))).contains("not a field name"));
    }

    @Test
    void getRequest() {
        String id = anyRequestId();
        Map<String, Object> request = entity(ok("get_request", Map.of("request_id", id)), "request");
        assertEquals(id, String.valueOf(request.get("id")));
        assertTrue(error("get_request", Map.of("request_id", "999999999999999999")).contains("Not found"));
        assertTrue(error("get_request", Map.of("request_id", "12; DROP TABLE")).contains("request_id"));
        assertEquals(0, sdp().log(user).stream().filter(e -> e.path("path").asText().contains("DROP")).count(),
                "a bad id never reaches ServiceDesk Plus");
    }

    long posts() {
        return sdp().log(user).stream().filter(e -> e.path("method").asText().equals("POST")).count();
    }

    @Test
    void userDefinedFieldsGoByLabelAndMandatoryOnesAreNamedByLabel() throws Exception {
        anyRequestId();
        String portal = sdp().last(user, "GET", "/requests").path("portal").asText(); // the server's instance
        JsonNode seeded = sdp().fields(portal, "{\"module\":\"requests\"}");
        var udfs = seeded.get("udfs").deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) udfs).addObject().put("key", "udf_sline_9001").put("label", "Desk Number")
                .put("mandatory", true);
        try {
            sdp().fields(portal, "{\"module\":\"requests\",\"udfs\":" + udfs + "}");
            String missing = error("create_request", Map.of("subject", "Monitor flickers"));
            assertTrue(missing.contains("in udf_fields: Desk Number") && !missing.contains("udf_sline_9001"), missing);

            long before = posts();
            String wrong = error("create_request", Map.of("subject", "Monitor flickers",
                    "udf_fields", Map.of("Desk Number", "D-12", "Business Unit", "Marketing")));
            assertTrue(wrong.contains("Business Unit must be one of Finance, Sales, Engineering, Operations"), wrong);
            assertEquals(before, posts(), "a wrong pick-list value is refused before anything is sent");

            Map<String, Object> created = entity(ok("create_request", Map.of("subject", "Monitor flickers",
                    "udf_fields", Map.of("desk number", "D-12", "Business Unit", "finance", "Needed By", "2026-03-01"))), "request");
            JsonNode sentUdfs = sent("POST", "/requests").path("request").path("udf_fields");
            assertEquals("D-12", sentUdfs.path("udf_sline_9001").asText());
            assertEquals("Finance", sentUdfs.path("udf_pick_1501").asText());
            assertEquals("1772323200000", sentUdfs.path("date_needed_by").path("value").asText());
            @SuppressWarnings("unchecked")
            Map<String, Object> stored = (Map<String, Object>) created.get("udf_fields");
            assertEquals("D-12", stored.get("udf_sline_9001"), "the simulator keeps it under its key");

            String shown = text(call("get_request", Map.of("request_id", String.valueOf(created.get("id")))));
            assertTrue(shown.contains("Desk Number: D-12") && shown.contains("Business Unit: Finance"), shown);
            String described = text(call("describe_fields", Map.of("module", "requests")));
            assertTrue(described.contains("in udf_fields: Desk Number"), described);
            assertTrue(described.contains("Asset Tag (udf_sline_1502): text, mandatory on template Hardware Request"), described);
            assertTrue(described.contains("Business Unit (udf_pick_1501): one of Finance, Sales, Engineering, Operations"), described);
        } finally {
            sdp().fields(portal, "{\"module\":\"requests\",\"udfs\":" + seeded.get("udfs") + "}");
        }
    }

    @Test
    void aSeededTemplateNeedsItsAssetTag() {
        String missing = error("create_request", Map.of("subject", "Second monitor", "template", "Hardware Request"));
        assertTrue(missing.contains("in udf_fields: Asset Tag"), missing);
        ok("create_request", Map.of("subject", "Second monitor", "template", "Hardware Request", "udf_fields", Map.of("Asset Tag", "AT-77")));
    }

    @Test
    void createRequestSendsOnlyWhatWasGivenWithThisInstancesIds() throws Exception {
        Map<String, Object> created = entity(ok("create_request", Map.of("subject", "VPN drops every hour", "priority", "high",
                "category", "Hardware", "subcategory", "Printer")), "request");
        assertEquals("VPN drops every hour", created.get("subject"));
        assertEquals("High", name(created, "priority"));
        JsonNode request = sent("POST", "/requests").path("request");
        Set<String> keys = new HashSet<>();
        request.fieldNames().forEachRemaining(keys::add);
        assertEquals(Set.of("subject", "priority", "category", "subcategory"), keys, "nothing invented: no requester, no status");
        String highHere = request.path("priority").path("id").asText();
        assertFalse(highHere.isEmpty());
        // the same name has another id on another instance: ids come from this instance's lookups, never hard-coded
        assertNotEquals(highHere, lookupId("otherportal", "priorities", "High"));

        assertTrue(error("create_request", Map.of("subject", "x", "priority", "Hgh")).contains("Known priority values"));
        assertTrue(error("create_request", Map.of("subject", "x", "subcategory", "Printer")).contains("give category too"));
        assertTrue(error("create_request", Map.of("subject", "x", "requester", "nobody@nowhere.example")).contains("requester"));
        assertTrue(error("create_request", Map.of("priority", "High")).contains("subject"));
    }

    @Test
    void updateRequest() throws Exception {
        String id = newRequest("Laptop fan is loud");
        Map<String, Object> updated = entity(ok("update_request", Map.of("request_id", id, "priority", "Low",
                "status", "On Hold")), "request");
        assertEquals("Low", name(updated, "priority"));
        assertEquals("On Hold", name(updated, "status"));
        JsonNode sent = sent("PUT", "/requests/" + id).path("request");
        assertEquals(2, sent.size(), "only the changed fields: " + sent);
        assertTrue(error("update_request", Map.of("request_id", id)).contains("Nothing to change"));
        assertTrue(error("update_request", Map.of("request_id", id, "status", "Sleeping")).contains("Known status values"));
    }

    @Test
    void closeRequestWithAClosureCodeByName() throws Exception {
        String id = newRequest("Monitor flickers");
        ok("close_request", Map.of("request_id", id, "resolution", "Replaced the cable", "closure_code", "success",
                "closure_comments", "Replaced cable", "requester_ack_resolution", true));
        assertEquals("Replaced the cable", sent("POST", "/requests/" + id + "/resolutions").path("resolution").path("content").asText());
        JsonNode closure = sent("PUT", "/requests/" + id + "/close").path("request").path("closure_info");
        assertFalse(closure.path("closure_code").path("id").asText().isEmpty());
        assertEquals("Replaced cable", closure.path("closure_comments").asText());
        assertEquals("Closed", name(entity(ok("get_request", Map.of("request_id", id)), "request"), "status"));
        assertTrue(error("close_request", Map.of("request_id", id, "closure_code", "Vanished")).contains("closure code"));
    }

    @Test
    void aCloseTheInstanceAnswersWithAWarningIsNeverReportedAsDone() throws Exception {
        String id = newRequest("Printer offline");
        // real Cloud: HTTP 200, status_code 3000, type warning, fields ["resolution"], and the request stays open
        String refused = error("close_request", Map.of("request_id", id, "closure_code", "Success"));
        assertTrue(refused.contains("still open") && refused.contains("resolution"), refused);
        assertEquals("Open", name(entity(ok("get_request", Map.of("request_id", id)), "request"), "status"));
        ok("set_resolution", Map.of("request_id", id, "content", "Power-cycled the printer"));
        assertEquals("Power-cycled the printer", String.valueOf(((Map<?, ?>) entity(ok("get_request",
                Map.of("request_id", id)), "request").get("resolution")).get("content")));
        assertTrue(text(call("close_request", Map.of("request_id", id, "closure_code", "Success"))).startsWith("Closed request"));
        assertEquals("Closed", name(entity(ok("get_request", Map.of("request_id", id)), "request"), "status"));
        String blank = error("set_resolution", Map.of("request_id", id, "content", " "));
        assertTrue(blank.contains("content") || blank.contains("empty"), blank);
    }

    @Test
    void aClosedRequestIsReopenedBeforeItChanges() {
        String id = newRequest("Mouse double-clicks");
        ok("close_request", Map.of("request_id", id, "resolution", "Replaced the mouse"));
        Map<String, Object> closed = entity(ok("get_request", Map.of("request_id", id)), "request");
        for (Map<String, Object> refused : List.<Map<String, Object>>of(
                Map.of("tool", "update_request", "request_id", id, "priority", "High"),
                Map.of("tool", "update_request", "request_id", id, "status", "Open", "subject", "Renamed"),
                Map.of("tool", "assign_request", "request_id", id, "group", "Network"),
                Map.of("tool", "set_resolution", "request_id", id, "content", "Other fix"))) {
            Map<String, Object> arguments = new HashMap<>(refused);
            String message = error((String) arguments.remove("tool"), arguments);
            assertTrue(message.contains("closed") && message.contains("reopen") && message.contains("status Open")
                    && message.contains("nothing was changed"), message);
        }
        assertEquals(closed, entity(ok("get_request", Map.of("request_id", id)), "request"), "nothing changed");
        assertEquals("Open", name(entity(ok("update_request", Map.of("request_id", id, "status", "Open")), "request"), "status"));
        assertEquals("High", name(entity(ok("update_request", Map.of("request_id", id, "priority", "High")), "request"), "priority"));
    }

    @Test
    void pickupAndAssign() {
        String id = newRequest("Keyboard missing keys");
        ok("pickup_request", Map.of("request_id", id));
        String technician = name(entity(ok("get_request", Map.of("request_id", id)), "request"), "technician");
        assertTrue(technician.contains(user.clientId()), "picked up by the caller's technician: " + technician);
        ok("assign_request", Map.of("request_id", id, "technician", "heather.graham@zylker.example", "group", "Network"));
        Map<String, Object> assigned = entity(ok("get_request", Map.of("request_id", id)), "request");
        assertTrue(name(assigned, "technician").startsWith("Heather"));
        assertEquals("Network", name(assigned, "group"));
        assertTrue(error("assign_request", Map.of("request_id", id)).contains("technician, a group, or both"));
        assertTrue(error("pickup_request", Map.of("request_id", "999999999999999999")).contains("Not found"));
    }

    @Test
    void deleteRequestMovesItToTheTrash() {
        String id = newRequest("Old duplicate");
        ok("delete_request", Map.of("request_id", id));
        assertEquals("DELETE", sdp().last(user, "DELETE", "/move_to_trash").path("method").asText());
        List<Map<String, Object>> listed = rows(ok("search_requests", Map.of("query", "Old duplicate")), "requests");
        listed.forEach(r -> assertNotEquals(id, String.valueOf(r.get("id")), "trashed requests leave the list"));
        assertTrue(error("delete_request", Map.of("request_id", "999999999999999999")).contains("There is no request"));
    }

    @Test
    void notesUseTheDocumentedShape() throws Exception {
        String id = newRequest("Shared drive is slow");
        Map<String, Object> note = entity(ok("add_note_to_request", Map.of("request_id", id, "description", "Checked the NAS",
                "show_to_requester", true)), "request_note");
        assertEquals("Checked the NAS", note.get("description"));
        JsonNode sent = sent("POST", "/requests/" + id + "/notes");
        assertEquals("Checked the NAS", sent.path("request_note").path("description").asText(), "request_note.description: " + sent);
        assertTrue(sent.path("request_note").path("show_to_requester").asBoolean());
        List<Map<String, Object>> notes = rows(ok("list_request_notes", Map.of("request_id", id)), "notes");
        assertEquals(1, notes.size());
        assertTrue(error("add_note_to_request", Map.of("request_id", id)).contains("description"));
        assertTrue(error("add_note_to_request", Map.of("request_id", "999999999999999999", "description", "x")).contains("Not found"));
    }

    @Test
    void worklogs() throws Exception {
        String id = newRequest("Install VPN client");
        Map<String, Object> worklog = entity(ok("add_request_worklog", Map.of("request_id", id, "owner", "Administrator",
                "hours", 1, "minutes", 30, "description", "Installed and tested")), "worklog");
        assertEquals("Installed and tested", worklog.get("description"));
        JsonNode sent = sent("POST", "/requests/" + id + "/worklogs").path("worklog");
        assertEquals("1", sent.path("time_spent").path("hours").asText());
        assertEquals("Administrator", sent.path("owner").path("name").asText());
        assertEquals(1, rows(ok("list_request_worklogs", Map.of("request_id", id)), "worklogs").size());
        assertTrue(error("add_request_worklog", Map.of("request_id", id, "hours", 1)).contains("owner"));
        assertTrue(error("add_request_worklog", Map.of("request_id", id, "owner", "Administrator", "start_time", "noon")).contains("start_time"));
    }

    @Test
    void tasks() {
        String id = newRequest("Onboard new hire");
        Map<String, Object> task = entity(ok("add_request_task", Map.of("request_id", id, "title", "Create accounts",
                "priority", "High", "status", "Open")), "task");
        String taskId = String.valueOf(task.get("id"));
        assertEquals(1, rows(ok("list_request_tasks", Map.of("request_id", id)), "tasks").size());
        Map<String, Object> done = entity(ok("update_request_task", Map.of("request_id", id, "task_id", taskId, "status", "Closed")), "task");
        assertEquals("Closed", name(done, "status"));
        assertTrue(error("update_request_task", Map.of("request_id", id, "task_id", taskId)).contains("Nothing to change"));
        assertTrue(error("update_request_task", Map.of("request_id", id, "task_id", "999999999999999999", "title", "x")).contains("Not found"));
        assertTrue(error("add_request_task", Map.of("request_id", id)).contains("title"));
    }

    @Test
    void aReplyAndAForwardAreSentAndTheConversationShowsThemWithTheNotesInTimeOrder() throws Exception {
        String id = newRequest("VPN drops every hour");
        ok("add_note_to_request", Map.of("request_id", id, "description", "Checked the VPN logs"));
        Map<String, Object> reply = entity(ok("reply_to_request", Map.of("request_id", id, "description", "Please try the new profile",
                "cc", List.of("heather.graham@zylker.example"))), "notification");
        assertEquals("reply", reply.get("type"));
        JsonNode sent = sent("POST", "/requests/" + id + "/notifications").path("notification");
        assertEquals("reply", sent.path("type").asText());
        assertEquals("Re: VPN drops every hour", sent.path("subject").asText());
        assertEquals("Please try the new profile", sent.path("description").asText());
        Object requester = ((Map<?, ?>) entity(ok("get_request", Map.of("request_id", id)), "request").get("requester")).get("email_id");
        assertEquals(String.valueOf(requester), sent.path("to").path(0).path("email_id").asText(), "to the requester unless to is given");
        assertEquals("heather.graham@zylker.example", sent.path("cc").path(0).path("email_id").asText());

        String noText = error("forward_request", Map.of("request_id", id, "to", List.of("vendor@partner.example")));
        assertTrue(noText.contains("description") && noText.contains("Nothing was sent"), "the request has no text to forward: " + noText);
        String forwarded = text(call("forward_request", Map.of("request_id", id, "to", List.of("vendor@partner.example"),
                "description", "Can you look at this?")));
        assertTrue(forwarded.startsWith("Forwarded request " + id + " to vendor@partner.example"), forwarded);
        JsonNode forward = sent("POST", "/requests/" + id + "/notifications").path("notification");
        assertEquals("forward", forward.path("type").asText());
        assertEquals("Fwd: VPN drops every hour", forward.path("subject").asText());
        assertEquals("vendor@partner.example", forward.path("to").path(0).path("email_id").asText());

        String badAddress = error("reply_to_request", Map.of("request_id", id, "description", "x", "to", List.of("oliver at zylker")));
        assertTrue(badAddress.contains("not an e-mail address") && badAddress.contains("nothing was sent"), badAddress);
        assertTrue(error("forward_request", Map.of("request_id", id, "to", List.of())).contains("Give to"));

        List<Map<String, Object>> entries = rows(ok("get_request_conversation", Map.of("request_id", id)), "conversations");
        assertEquals(List.of("NOTES", "REPLY", "FORWARD"), entries.stream().map(e -> String.valueOf(e.get("type"))).toList(),
                "nothing refused was sent, and the rest in time order");
        assertEquals("Please try the new profile", entries.get(1).get("description"), "each entry's text is read where it lives");
        assertTrue(sdp().last(user, "GET", "/notifications/").path("path").asText().contains("/requests/" + id + "/notifications/"));
        String text = text(call("get_request_conversation", Map.of("request_id", id)));
        int note = text.indexOf("«Checked the VPN logs»");
        int replied = text.indexOf("«Please try the new profile»");
        int asked = text.indexOf("«Can you look at this?»");
        assertTrue(note > 0 && replied > note && asked > replied, text);
        assertTrue(text.contains("to: vendor@partner.example"), text);
        assertTrue(error("get_request_conversation", Map.of("request_id", "999999999999999999")).contains("Not found"));
        assertTrue(error("get_request_conversation", Map.of("request_id", id, "page_size", 26)).contains("page_size up to 25"));
    }

    @Test
    void aResolutionIsReadBackAndCanLinkASolutionFoundBySearch() throws Exception {
        String id = newRequest("Outlook keeps asking for the password");
        assertTrue(text(call("get_resolution", Map.of("request_id", id))).contains("no resolution yet"));
        Map<String, Object> solution = rows(ok("search_solutions", Map.of("query", "a")), "solutions").get(0);
        String solutionId = String.valueOf(solution.get("id"));
        String title = String.valueOf(solution.get("title"));
        String set = text(call("set_resolution", Map.of("request_id", id, "content", "Reset the credential cache.",
                "solution_id", solutionId)));
        assertTrue(set.contains("solution " + solutionId), set);
        String content = sent("POST", "/requests/" + id + "/resolutions").path("resolution").path("content").asText();
        assertTrue(content.startsWith("Reset the credential cache.<br>Solution: <a href=\"http"), content);
        assertTrue(content.contains("/sandbox/sdp/app/") && content.contains("/ui/solutions/" + solutionId + "\">"),
                "beside the portal's API base: " + content);
        assertTrue(content.contains(title.replace("&", "&amp;")), content);
        String read = text(call("get_resolution", Map.of("request_id", id)));
        assertTrue(read.contains("«Reset the credential cache.") && read.contains("Solution: " + title), read);

        ok("set_resolution", Map.of("request_id", id, "solution_id", solutionId));
        assertTrue(sent("POST", "/requests/" + id + "/resolutions").path("resolution").path("content").asText().startsWith("Solution: <a href="));
        String missing = error("set_resolution", Map.of("request_id", id, "solution_id", "999999999999999999"));
        assertTrue(missing.contains("no solution") && missing.contains("nothing was changed"), missing);
        assertTrue(error("set_resolution", Map.of("request_id", id)).contains("content"));
        assertTrue(text(call("get_resolution", Map.of("request_id", id))).contains("Solution: " + title), "the refused calls changed nothing");
        assertTrue(error("get_resolution", Map.of("request_id", "999999999999999999")).contains("Not found"));
    }

    @Test
    void beforeAuthorizationEveryServiceDeskToolExplainsTheThreeWays() {
        try (var stranger = dev.sdpmcp.it.support.McpClients.sse(base, dev.sdpmcp.it.support.TestUsers.fresh().headers())) {
            stranger.initialize();
            var result = stranger.callTool(new io.modelcontextprotocol.spec.McpSchema.CallToolRequest("list_requests", Map.of()));
            assertTrue(result.isError());
            String steps = text(result);
            assertTrue(steps.contains("authorize tool") && steps.contains("/oauth/setup") && steps.contains("X-SDP-Refresh-Token"), steps);
            assertNull(result.structuredContent());
        }
    }
}
