package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.ToolTestBase;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every problem tool through MCP against the sandbox's ServiceDesk Plus, success and failure. */
@RunsOnPostgresql
class ProblemToolsIT extends ToolTestBase {

    @Test
    void toolsPresentThemselvesAsTheyAct() {
        assertPresented(Map.of("list_problems", "read", "get_problem", "read", "list_problem_notes", "read",
                "create_problem", "add", "add_note_to_problem", "add", "update_problem", "change"));
        assertPresented(Map.of("list_problem_tasks", "read", "list_problem_worklogs", "read", "add_problem_task", "add",
                "add_problem_worklog", "add", "update_problem_task", "change"));
    }

    @Test
    void listProblemsFiltersAndSortsOnTheServer() throws Exception {
        Map<String, Object> page = ok("list_problems", Map.of("status", "Open", "priority", "High",
                "technician", "heather.graham@zylker.example", "page_size", 5));
        List<Map<String, Object>> rows = rows(page, "problems");
        assertFalse(rows.isEmpty(), "the sample data has an open high-priority problem of Heather's");
        for (Map<String, Object> row : rows) {
            assertEquals("Open", name(row, "status"));
            assertEquals("High", name(row, "priority"));
            assertTrue(name(row, "technician").startsWith("Heather"));
        }
        JsonNode listInfo = sent("GET", "/problems").path("list_info");
        assertEquals(5, listInfo.path("row_count").asInt());
        assertEquals("created_time", listInfo.path("sort_field").asText(), "newest first by default");
        assertEquals("desc", listInfo.path("sort_order").asText());
        String criteria = listInfo.path("search_criteria").toString();
        assertTrue(criteria.contains("status.name") && criteria.contains("priority.name")
                && criteria.contains("technician.email_id"), criteria);

        Map<String, Object> first = ok("list_problems", Map.of("page_size", 2, "sort_by", "title", "sort_order", "asc"));
        assertEquals(true, first.get("has_more_rows"), "five problems are seeded");
        assertEquals(2, first.get("next_page"));
        Map<String, Object> second = ok("list_problems", Map.of("page_size", 2, "page", 2, "sort_by", "title", "sort_order", "asc"));
        assertEquals(3, sent("GET", "/problems").path("list_info").path("start_index").asInt());
        rows(second, "problems").forEach(r -> assertFalse(rows(first, "problems").stream()
                .anyMatch(f -> f.get("id").equals(r.get("id"))), "page 2 repeats page 1"));

        ok("list_problems", Map.of("created_from", "2020-01-01", "created_to", "2099-12-31T23:59:59Z", "category", "Network"));
        String dated = sent("GET", "/problems").path("list_info").path("search_criteria").toString();
        assertTrue(dated.contains("greater or equal") && dated.contains("lesser or equal") && dated.contains("category.name"), dated);

        assertTrue(error("list_problems", Map.of("page_size", 500)).contains("100"));
        assertTrue(error("list_problems", Map.of("created_from", "last week")).contains("created_from"));
    }

    @Test
    void getProblem() {
        String id = created("create_problem", "problem", Map.of("title", "Badge readers reject valid cards"));
        Map<String, Object> problem = entity(ok("get_problem", Map.of("problem_id", id)), "problem");
        assertEquals(id, String.valueOf(problem.get("id")));
        assertEquals("Badge readers reject valid cards", problem.get("title"));
        assertTrue(error("get_problem", Map.of("problem_id", UNKNOWN_ID)).contains("Not found"));
        assertTrue(error("get_problem", Map.of("problem_id", "PB-1")).contains("problem_id"));
        assertEquals(0, sdp().log(user).stream().filter(e -> e.path("path").asText().contains("PB-1")).count(),
                "a bad id never reaches ServiceDesk Plus");
    }

    @Test
    void createProblemSendsOnlyWhatWasGivenWithThisInstancesIds() throws Exception {
        Map<String, Object> created = entity(ok("create_problem", Map.of("title", "Wi-Fi drops in the warehouse",
                "description", "Handhelds lose the network", "priority", "high", "urgency", "High", "impact", "Affects Group",
                "category", "Network", "subcategory", "Wi-Fi", "technician", "heather.graham@zylker.example",
                "due_by", "2030-01-15T12:00:00Z")), "problem");
        assertEquals("Wi-Fi drops in the warehouse", created.get("title"));
        assertEquals("High", name(created, "priority"));
        assertEquals("Wi-Fi", name(created, "subcategory"));
        JsonNode problem = sent("POST", "/problems").path("problem");
        assertEquals(Set.of("title", "description", "priority", "urgency", "impact", "category", "subcategory", "technician",
                "due_by_time"), keys(problem), "nothing invented: no status, no reported_by");
        assertFalse(problem.path("priority").path("id").asText().isEmpty(), "names become this instance's ids: " + problem);
        assertFalse(problem.path("priority").has("name"));
        assertEquals("heather.graham@zylker.example", problem.path("technician").path("email_id").asText());
        assertEquals("1894708800000", problem.path("due_by_time").path("value").asText());
        assertEquals("Open", name(created, "status"), "ServiceDesk Plus's own default");

        assertTrue(error("create_problem", Map.of("title", "x", "priority", "Hgh")).contains("Known priority values"));
        assertTrue(error("create_problem", Map.of("title", "x", "subcategory", "VPN")).contains("give category too"));
        assertTrue(error("create_problem", Map.of("title", "x", "technician", "jane.cooper@zylker.example")).contains("technician"),
                "a requester is not a technician");
        assertTrue(error("create_problem", Map.of("priority", "High")).contains("title"));
    }

    @Test
    void impactDetailsGoAsTheGroupedSection() throws Exception {
        String id = created("create_problem", "problem", Map.of("title", "Mail queue stalls",
                "impact_details", "Nobody outside gets mail"));
        assertEquals("{\"impact_details_description\":\"Nobody outside gets mail\"}",
                sent("POST", "/problems").path("problem").path("impact_details").toString(),
                "a problem's impact_details is an object, not a request's plain string");
        Map<?, ?> impact = (Map<?, ?>) entity(ok("get_problem", Map.of("problem_id", id)), "problem").get("impact_details");
        assertEquals("Nobody outside gets mail", impact.get("impact_details_description"));
    }

    @Test
    void sortFieldsOutsideAnsiblesListAreRefusedBeforeAnyCall() {
        long before = sdp().log(user).size();
        String refused = error("list_problems", Map.of("sort_by", "last_updated_time"));
        // refused by the tool's schema (its enumeration is the module's sortable list), naming the allowed fields
        for (String allowed : List.of("sort_by", "reported_time", "due_by_time", "closed_time", "created_time", "id", "title",
                "priority", "status")) {
            assertTrue(refused.contains(allowed), refused);
        }
        assertEquals(before, sdp().log(user).size(), "nothing sent");
        ok("list_problems", Map.of("sort_by", "reported_time"));
    }

    @Test
    void updateProblemChangesOnlyTheGivenFields() throws Exception {
        String id = created("create_problem", "problem", Map.of("title", "Scanner driver crashes"));
        Map<String, Object> updated = entity(ok("update_problem", Map.of("problem_id", id, "status", "closed",
                "priority", "Low")), "problem");
        assertEquals("Closed", name(updated, "status"));
        assertEquals("Low", name(updated, "priority"));
        assertNotNull(updated.get("closed_time"), "closing sets closed_time");
        JsonNode sent = sent("PUT", "/problems/" + id).path("problem");
        assertEquals(Set.of("status", "priority"), keys(sent));
        assertEquals("closed", sent.path("status").path("name").asText(),
                "by name: problems may not share the request statuses, and their own list has no known endpoint");
        assertTrue(error("update_problem", Map.of("problem_id", id)).contains("Nothing to change"));
        assertTrue(error("update_problem", Map.of("problem_id", id, "status", "Sleeping")).contains("\"status\""));
        assertTrue(error("update_problem", Map.of("problem_id", id, "status", "On Hold")).contains("\"status\""),
                "a request status that this instance's problems do not have");
        assertTrue(error("update_problem", Map.of("problem_id", UNKNOWN_ID, "title", "x")).contains("Not found"));
    }

    @Test
    void notesUseTheRootNote() throws Exception {
        String id = created("create_problem", "problem", Map.of("title", "Mail queue grows overnight"));
        Map<String, Object> note = entity(ok("add_note_to_problem", Map.of("problem_id", id, "description",
                "Backup job floods the relay")), "note");
        assertEquals("Backup job floods the relay", note.get("description"));
        // read back as ME documents it: performed_by, performed_time shown by its display_value
        String shown = text(call("list_problem_notes", Map.of("problem_id", id)));
        assertTrue(shown.contains("performed by: " + name(note, "performed_by"))
                && shown.contains("performed time: " + ((Map<?, ?>) note.get("performed_time")).get("display_value")), shown);
        JsonNode sent = sent("POST", "/problems/" + id + "/notes");
        assertEquals(Set.of("note"), keys(sent), "root note: " + sent);
        assertEquals(Set.of("description"), keys(sent.path("note")));
        assertEquals("Backup job floods the relay", sent.path("note").path("description").asText());

        ok("add_note_to_problem", Map.of("problem_id", id, "description", "Moved the job to 03:00"));
        List<Map<String, Object>> notes = rows(ok("list_problem_notes", Map.of("problem_id", id)), "notes");
        assertEquals(2, notes.size());
        assertTrue(error("add_note_to_problem", Map.of("problem_id", id)).contains("description"));
        assertTrue(error("add_note_to_problem", Map.of("problem_id", UNKNOWN_ID, "description", "x")).contains("Not found"));
        assertTrue(error("list_problem_notes", Map.of("problem_id", UNKNOWN_ID)).contains("Not found"));
    }

    @Test
    void tasksAndWorklogs() throws Exception {
        String id = created("create_problem", "problem", Map.of("title", "Intermittent VPN drops"));
        assertTasksAndWorklogs("problem", "problem_id", id);
    }
}
