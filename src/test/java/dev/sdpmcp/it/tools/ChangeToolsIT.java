package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.ToolTestBase;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every change tool through MCP against the sandbox's ServiceDesk Plus, success and failure. */
@RunsOnPostgresql
class ChangeToolsIT extends ToolTestBase {

    @Test
    void toolsPresentThemselvesAsTheyAct() {
        assertPresented(Map.of("list_changes", "read", "get_change", "read", "list_change_notes", "read",
                "create_change", "add", "add_note_to_change", "add", "update_change", "change"));
        assertPresented(Map.of("list_change_tasks", "read", "list_change_worklogs", "read", "add_change_task", "add",
                "add_change_worklog", "add", "update_change_task", "change"));
    }

    @Test
    void listChangesFiltersAndSortsOnTheServer() throws Exception {
        Map<String, Object> page = ok("list_changes", Map.of("change_type", "Emergency", "risk", "High", "stage", "Close",
                "status", "Completed", "change_owner", "Heather Graham"));
        List<Map<String, Object>> rows = rows(page, "changes");
        assertFalse(rows.isEmpty(), "the sample data has a completed emergency change of Heather's");
        for (Map<String, Object> row : rows) {
            assertEquals("Emergency", name(row, "change_type"));
            assertEquals("Completed", name(row, "status"));
            assertTrue(name(row, "change_owner").startsWith("Heather"));
        }
        String criteria = sent("GET", "/changes").path("list_info").path("search_criteria").toString();
        for (String field : List.of("change_type.name", "risk.name", "stage.name", "status.name", "change_owner.name")) {
            assertTrue(criteria.contains(field), field + " in " + criteria);
        }

        Map<String, Object> scheduled = ok("list_changes", Map.of("scheduled_from", "2020-01-01", "sort_by",
                "scheduled_start_time", "sort_order", "asc", "page_size", 3, "with_total", true));
        JsonNode listInfo = sent("GET", "/changes").path("list_info");
        assertEquals("scheduled_start_time", listInfo.path("sort_field").asText());
        assertEquals("asc", listInfo.path("sort_order").asText());
        assertTrue(listInfo.path("get_total_count").asBoolean());
        assertTrue(listInfo.path("search_criteria").toString().contains("scheduled_start_time"));
        assertTrue(((Number) scheduled.get("total_count")).intValue() >= 3, "three seeded changes are scheduled: " + scheduled);
        assertEquals(3, rows(scheduled, "changes").size());

        assertTrue(error("list_changes", Map.of("page", 0)).contains("page"));
        assertTrue(error("list_changes", Map.of("scheduled_to", "next friday")).contains("scheduled_to"));
    }

    @Test
    void getChange() {
        String id = created("create_change", "change", Map.of("title", "Rotate the Wi-Fi PSK"));
        Map<String, Object> change = entity(ok("get_change", Map.of("change_id", id)), "change");
        assertEquals(id, String.valueOf(change.get("id")));
        assertEquals("Requested", name(change, "status"));
        assertTrue(error("get_change", Map.of("change_id", UNKNOWN_ID)).contains("Not found"));
        assertTrue(error("get_change", Map.of("change_id", "CH-1")).contains("change_id"));
    }

    @Test
    void createChangeSendsOnlyWhatWasGiven() throws Exception {
        Map<String, Object> arguments = new HashMap<>(Map.of("title", "Replace the firewall cluster",
                "change_type", "major", "risk", "High", "reason_for_change", "Maintenance",
                "change_owner", "heather.graham@zylker.example", "change_manager", "Aisha Khan", "priority", "Urgent",
                "category", "Network", "scheduled_start", "2030-01-15T12:00:00Z", "scheduled_end", "2030-01-15T16:00:00Z"));
        arguments.put("roll_out_plan", "Standby first, then fail over");
        Map<String, Object> created = entity(ok("create_change", arguments), "change");
        assertEquals("Replace the firewall cluster", created.get("title"));
        assertEquals("Major", name(created, "change_type"));
        assertTrue(name(created, "change_manager").startsWith("Aisha"));
        JsonNode change = sent("POST", "/changes").path("change");
        assertEquals(Set.of("title", "change_type", "risk", "reason_for_change", "change_owner", "change_manager", "priority",
                "category", "scheduled_start_time", "scheduled_end_time", "roll_out_plan"), keys(change),
                "nothing invented: no requester, stage or status");
        assertEquals("major", change.path("change_type").path("name").asText(), "no list to look it up in: by name");
        assertFalse(change.path("priority").path("id").asText().isEmpty(), "priorities come from the lookup: " + change);
        assertEquals("Aisha Khan", change.path("change_manager").path("name").asText());
        assertEquals("1894708800000", change.path("scheduled_start_time").path("value").asText());
        assertEquals("Standby first, then fail over", change.path("roll_out_plan").path("roll_out_plan_description").asText(),
                "plans are grouped objects, as real Cloud takes them");

        assertTrue(error("create_change", Map.of("title", "x", "priority", "Whenever")).contains("Known priority values"));
        assertTrue(error("create_change", Map.of("title", "x", "change_type", "Gigantic")).contains("change_type"));
        assertTrue(error("create_change", Map.of("title", "x", "change_manager", "jane.cooper@zylker.example"))
                .contains("change_manager"), "a requester cannot manage a change");
        assertTrue(error("create_change", Map.of("title", "x", "scheduled_start", "soon")).contains("scheduled_start"));
        assertTrue(error("create_change", Map.of("risk", "Low")).contains("title"));
    }

    @Test
    void updateChangeMovesItAlong() throws Exception {
        String id = created("create_change", "change", Map.of("title", "Retire the old file server"));
        // a status change needs its reason: refused here, before anything is sent
        assertTrue(error("update_change", Map.of("change_id", id, "stage", "Approval", "status", "Awaiting Approval"))
                .contains("comment"));
        Map<String, Object> updated = entity(ok("update_change", Map.of("change_id", id, "stage", "Approval",
                "status", "Awaiting Approval", "comment", "Ready for the CAB")), "change");
        assertEquals("Approval", name(updated, "stage"));
        assertEquals("Awaiting Approval", name(updated, "status"));
        assertEquals(Set.of("stage", "status", "comment"), keys(sent("PUT", "/changes/" + id).path("change")));
        ok("update_change", Map.of("change_id", id, "back_out_plan", "Keep the old server until Friday"));
        assertEquals("Keep the old server until Friday", sent("PUT", "/changes/" + id).path("change").path("back_out_plan")
                .path("back_out_plan_description").asText());
        assertTrue(error("update_change", Map.of("change_id", id)).contains("Nothing to change"));
        assertTrue(error("update_change", Map.of("change_id", id, "impact", "Everything")).contains("Known impact values"));
        assertTrue(error("update_change", Map.of("change_id", UNKNOWN_ID, "title", "x")).contains("Not found"));
    }

    @Test
    void notesUseTheRootNote() throws Exception {
        String id = created("create_change", "change", Map.of("title", "Patch the hypervisors"));
        Map<String, Object> note = entity(ok("add_note_to_change", Map.of("change_id", id, "description",
                "Maintenance window agreed")), "note");
        assertEquals("Maintenance window agreed", note.get("description"));
        // read back as ME documents it: performed_by, performed_time shown by its display_value
        String shown = text(call("list_change_notes", Map.of("change_id", id)));
        assertTrue(shown.contains("performed by: " + name(note, "performed_by"))
                && shown.contains("performed time: " + ((Map<?, ?>) note.get("performed_time")).get("display_value")), shown);
        JsonNode sent = sent("POST", "/changes/" + id + "/notes");
        assertEquals(Set.of("note"), keys(sent), "root note: " + sent);
        assertEquals("Maintenance window agreed", sent.path("note").path("description").asText());
        assertEquals(1, rows(ok("list_change_notes", Map.of("change_id", id)), "notes").size());
        assertTrue(error("add_note_to_change", Map.of("change_id", id)).contains("description"));
        assertTrue(error("add_note_to_change", Map.of("change_id", UNKNOWN_ID, "description", "x")).contains("Not found"));
    }

    @Test
    void tasksAndWorklogs() throws Exception {
        String id = created("create_change", "change", Map.of("title", "Upgrade the VPN concentrator"));
        assertTasksAndWorklogs("change", "change_id", id);
    }
}
