package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.ToolTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Links, merges, problem and change associations, restore and history of requests, through MCP against the sandbox. */
@RunsOnPostgresql
class LinkToolsIT extends ToolTestBase {

    String newRequest(String subject) {
        return created("create_request", "request", Map.of("subject", subject));
    }

    @Test
    void toolsPresentThemselvesAsTheyAct() {
        assertPresented(Map.of("link_requests", "add", "unlink_requests", "remove", "list_linked_requests", "read",
                "merge_requests", "remove", "restore_request", "add", "get_request_history", "read",
                "associate_requests", "add", "dissociate_requests", "remove", "get_request_associations", "read"));
    }

    @Test
    void linkListAndUnlink() throws Exception {
        String a = newRequest("Mail down (floor 1)");
        String b = newRequest("Mail down (floor 2)");
        String c = newRequest("Mail down (floor 3)");
        String linked = text(call("link_requests", Map.of("request_id", a, "request_ids", List.of(b, c), "comments", "one outage")));
        assertTrue(linked.contains("Linked request " + a), linked);
        JsonNode sent = sent("POST", "/requests/" + a + "/link_requests");
        assertEquals(b, sent.path("link_requests").get(0).path("linked_request").path("id").asText());
        assertEquals("one outage", sent.path("link_requests").get(1).path("comments").asText());

        Map<String, Object> fromB = ok("list_linked_requests", Map.of("request_id", b));
        assertEquals(1, rows(fromB, "link_requests").size(), "links go both ways");
        String listed = text(call("list_linked_requests", Map.of("request_id", a)));
        assertTrue(listed.contains("Mail down (floor 2)") && listed.contains("Mail down (floor 3)") && listed.contains("one outage"), listed);

        ok("unlink_requests", Map.of("request_id", a, "request_ids", List.of(b)));
        assertEquals(b, sent("DELETE", "/requests/" + a + "/link_requests").path("link_requests").get(0).path("linked_request").path("id").asText());
        assertEquals(1, rows(ok("list_linked_requests", Map.of("request_id", a)), "link_requests").size());
        assertTrue(text(call("list_linked_requests", Map.of("request_id", b))).contains("no linked requests"));
    }

    @Test
    void badLinksAreRefusedAndChangeNothing() {
        String a = newRequest("Alone");
        String self = error("link_requests", Map.of("request_id", a, "request_ids", List.of(a)));
        assertTrue(self.contains("itself") && self.contains("Nothing was changed"), self);
        String unknown = error("link_requests", Map.of("request_id", a, "request_ids", List.of(newRequest("Other"), UNKNOWN_ID)));
        assertTrue(unknown.contains("Nothing was linked") && unknown.contains("linked_request"), unknown);
        assertTrue(rows(ok("list_linked_requests", Map.of("request_id", a)), "link_requests").isEmpty());
        String notLinked = error("unlink_requests", Map.of("request_id", a, "request_ids", List.of(newRequest("Stranger"))));
        assertTrue(notLinked.contains("Nothing was unlinked"), notLinked);
        assertTrue(error("link_requests", Map.of("request_id", a, "request_ids", List.of("12a"))).contains("digits only"));
    }

    @Test
    void mergedRequestsDisappearIntoTheOneKept() throws Exception {
        String kept = newRequest("Printer jammed");
        String duplicate = newRequest("Printer jammed again");
        ok("add_note_to_request", Map.of("request_id", duplicate, "description", "Paper tray 2"));
        String merged = text(call("merge_requests", Map.of("request_id", kept, "request_ids", List.of(duplicate))));
        assertTrue(merged.contains("Merged " + duplicate + " into request " + kept), merged);
        assertEquals(duplicate, sent("PUT", "/requests/" + kept + "/merge_requests").path("merge_requests").get(0).path("id").asText());
        assertTrue(error("get_request", Map.of("request_id", duplicate)).contains("Not found"));
        assertTrue(text(call("list_request_notes", Map.of("request_id", kept))).contains("Paper tray 2"));

        String self = error("merge_requests", Map.of("request_id", kept, "request_ids", List.of(kept)));
        assertTrue(self.contains("itself"), self);
        String other = newRequest("Still here");
        String unknown = error("merge_requests", Map.of("request_id", kept, "request_ids", List.of(other, UNKNOWN_ID)));
        assertTrue(unknown.contains(UNKNOWN_ID) && unknown.contains("nothing was changed"), "refused before the user is asked: " + unknown);
        ok("get_request", Map.of("request_id", other));
    }

    @Test
    void restoreBringsBackWhatDeleteMovedToTheTrash() throws Exception {
        String id = newRequest("Trashed by mistake");
        String notTrashed = error("restore_request", Map.of("request_id", id));
        assertTrue(notTrashed.contains("not restored") && notTrashed.contains("trash"), notTrashed);
        ok("delete_request", Map.of("request_id", id));
        assertTrue(text(call("restore_request", Map.of("request_id", id))).contains("Restored request " + id));
        assertTrue(sdp().last(user, "PUT", "/requests/" + id + "/restore_from_trash").path("path").asText().endsWith("restore_from_trash"));
        assertEquals(Boolean.FALSE, entity(ok("get_request", Map.of("request_id", id)), "request").get("is_trashed"));
    }

    @Test
    void historySaysWhoChangedWhatAndWhen() {
        String id = newRequest("History check");
        ok("update_request", Map.of("request_id", id, "priority", "High"));
        String history = text(call("get_request_history", Map.of("request_id", id)));
        assertTrue(history.contains("Created") && history.contains("Updated") && history.contains("priority"), history);
        assertTrue(history.contains("→ High"), history);
        assertEquals(2, rows(ok("get_request_history", Map.of("request_id", id)), "history").size());
    }

    @Test
    void requestsAreAssociatedWithAProblemOrAChange() throws Exception {
        String problem = created("create_problem", "problem", Map.of("title", "Mail server disk full"));
        String change = created("create_change", "change", Map.of("title", "Grow the mail volume"));
        String a = newRequest("No mail");
        String b = newRequest("No mail either");

        ok("associate_requests", Map.of("request_ids", List.of(a, b), "problem_id", problem));
        assertEquals(problem, sent("POST", "/requests/" + b + "/problem").path("request_problem_association").path("problem").path("id").asText());
        ok("associate_requests", Map.of("request_ids", List.of(a), "change_id", change, "caused", true));
        assertEquals(change, sent("POST", "/requests/" + a + "/request_caused_by_change").path("request_caused_by_change").path("change").path("id").asText());

        Map<String, Object> associations = ok("get_request_associations", Map.of("request_id", a));
        assertEquals(problem, String.valueOf(entity(associations, "problem").get("id")));
        assertEquals(change, String.valueOf(entity(associations, "caused_by_change").get("id")));
        assertNull(associations.get("initiated_change"));
        assertTrue(text(call("get_request_associations", Map.of("request_id", a))).contains("Mail server disk full"));

        // another problem for a request that has one: refused before anything is sent
        String other = created("create_problem", "problem", Map.of("title", "Another"));
        String c = newRequest("Fresh");
        String taken = error("associate_requests", Map.of("request_ids", List.of(c, a), "problem_id", other));
        assertTrue(taken.contains("already associated") && taken.contains("nothing was changed"), taken);
        assertTrue(entity(ok("get_request_associations", Map.of("request_id", c)), "problem") == null);
        assertTrue(error("associate_requests", Map.of("request_ids", List.of(c), "problem_id", UNKNOWN_ID)).contains("no problem"));
        assertTrue(error("associate_requests", Map.of("request_ids", List.of(c), "problem_id", problem, "change_id", change))
                .contains("either"));

        ok("dissociate_requests", Map.of("request_ids", List.of(b), "problem_id", problem));
        assertEquals(problem, sent("DELETE", "/requests/" + b + "/problem").path("request_problem_association").path("problem").path("id").asText());
        assertFalse(text(call("get_request_associations", Map.of("request_id", b))).contains("Mail server disk full"));
        assertTrue(error("dissociate_requests", Map.of("request_ids", List.of(b), "problem_id", problem)).contains("is not associated"));
    }
}
