package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.RunsOnPostgresql;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The user tools through MCP against the sandbox's ServiceDesk Plus, success and failure. */
@RunsOnPostgresql
class UserToolsIT extends SdpToolTestBase {

    @Test
    void getUserByEmailLooksAmongRequestersThenTechniciansAndSaysWhich() throws Exception {
        Map<String, Object> requester = ok("get_user", Map.of("email", "lincoln@zylker.example"));
        assertEquals("requester", requester.get("found_as"));
        assertEquals("Lincoln Burrows", entity(requester, "user").get("name"));
        assertTrue(text(call("get_user", Map.of("email", "lincoln@zylker.example"))).startsWith("Requester: "));
        String criteria = sent("GET", "/requesters").path("list_info").path("search_criteria").toString();
        assertTrue(criteria.contains("email_id") && criteria.contains("lincoln@zylker.example"), "ServiceDesk Plus searches: " + criteria);
        assertEquals(0, calls("GET", "/technicians"), "found among requesters: technicians are not asked");

        Map<String, Object> technician = ok("get_user", Map.of("email", "Heather.Graham@zylker.example"));
        assertEquals("technician", technician.get("found_as"));
        assertEquals("Heather Graham", entity(technician, "user").get("name"));
        assertEquals(1, calls("GET", "/technicians"), "not a requester, so then among technicians");

        String missing = error("get_user", Map.of("email", "nobody@nowhere.example"));
        assertTrue(missing.contains("Not found") && missing.contains("nobody@nowhere.example"), missing);
        assertTrue(error("get_user", Map.of("email", "Heather")).contains("e-mail address"));
        assertReadOnly("get_user");
    }

    @Test
    void getUserById() {
        String heather = id(rows(ok("search_users", Map.of("query", "heather", "role", "technicians")), "users").get(0));
        Map<String, Object> technician = ok("get_user", Map.of("user_id", heather));
        assertEquals("technician", technician.get("found_as"));
        assertEquals("heather.graham@zylker.example", entity(technician, "user").get("email_id"));
        assertEquals(1, calls("GET", "/requesters/" + heather), "first among requesters…");
        assertEquals(1, calls("GET", "/technicians/" + heather), "…then among technicians");

        String jane = id(rows(ok("search_users", Map.of("query", "jane.cooper@")), "users").get(0));
        Map<String, Object> requester = ok("get_user", Map.of("user_id", jane));
        assertEquals("requester", requester.get("found_as"));
        assertEquals(0, calls("GET", "/technicians/" + jane));

        assertTrue(error("get_user", Map.of("user_id", UNKNOWN_ID)).contains("Not found"));
        assertTrue(error("get_user", Map.of("user_id", "heather")).contains("user_id"));
        assertTrue(error("get_user", Map.of()).contains("either user_id or email"));
        assertTrue(error("get_user", Map.of("user_id", jane, "email", "jane.cooper@zylker.example")).contains("one of them"));
    }

    @Test
    void searchUsersByNameOrEmailOnTheServer() throws Exception {
        Map<String, Object> graham = ok("search_users", Map.of("query", "graham"));
        assertEquals(List.of("Heather Graham"), column(graham, "users", "name"));
        assertEquals(List.of("technician"), column(graham, "users", "found_as"));
        String criteria = searchedFor("/requesters");
        assertTrue(criteria.contains("\"name\"") && criteria.contains("\"email_id\"") && criteria.contains("contains"), criteria);
        assertEquals(criteria, sent("GET", "/technicians").path("list_info").path("search_criteria").toString(),
                "the same search of both kinds");
        assertEquals(0, calls("GET", "/users"), "Cloud answers /users with 404: never asked");

        assertEquals(List.of("Lincoln Burrows"), column(ok("search_users", Map.of("query", "lincoln@")), "users", "name"));

        List<Map<String, Object>> technicians = rows(ok("search_users", Map.of("query", "zylker.example", "role", "technicians",
                "page_size", 100)), "users");
        assertEquals(6, technicians.size(), "the six sample technicians");
        technicians.forEach(row -> assertEquals(true, row.get("is_technician"), row.toString()));
        technicians.forEach(row -> assertEquals("technician", row.get("found_as"), row.toString()));
        assertTrue(sdp().last(user, "GET", "/technicians").path("path").asText().endsWith("/technicians"));

        List<Map<String, Object>> requesters = rows(ok("search_users", Map.of("query", "zylker.example", "role", "requesters",
                "page_size", 100)), "users");
        assertEquals(8, requesters.size(), "the eight sample requesters");
        requesters.forEach(row -> assertFalse(Boolean.TRUE.equals(row.get("is_technician")), row.toString()));
        requesters.forEach(row -> assertEquals("requester", row.get("found_as"), row.toString()));

        assertEquals(List.of("Lincoln Burrows", "Oliver Brown"), column(ok("search_users", Map.of("department", "Finance",
                "sort_by", "name")), "users", "name"));
        assertTrue(sent("GET", "/requesters").path("list_info").path("search_criteria").toString().contains("department.name"));

        assertTrue(error("search_users", Map.of()).contains("Give something to search for"));
        assertTrue(error("search_users", Map.of("query", "a", "role", "admins")).contains("role"));
        assertReadOnly("search_users");
    }

    @Test
    void searchUsersWithoutARolePagesRequestersThenTechnicians() {
        // 8 requesters then 6 technicians, 5 a page: page 2 straddles the two lists
        Map<String, Object> first = ok("search_users", Map.of("query", "zylker.example", "page_size", 5, "with_total", true));
        assertEquals(14, ((Number) first.get("total_count")).intValue());
        assertEquals(true, first.get("has_more_rows"));
        Map<String, Object> second = ok("search_users", Map.of("query", "zylker.example", "page_size", 5, "page", 2));
        assertEquals(List.of("requester", "requester", "requester", "technician", "technician"),
                column(second, "users", "found_as"));
        assertEquals(true, second.get("has_more_rows"));
        Map<String, Object> third = ok("search_users", Map.of("query", "zylker.example", "page_size", 5, "page", 3));
        assertEquals(List.of("technician", "technician", "technician", "technician"), column(third, "users", "found_as"));
        assertEquals(false, third.get("has_more_rows"));
        List<String> everyone = new java.util.ArrayList<>();
        for (Map<String, Object> page : List.of(first, second, third)) {
            everyone.addAll(column(page, "users", "id"));
        }
        assertEquals(14, new java.util.HashSet<>(everyone).size(), "every person once: " + everyone);
    }

    @Test
    void sortFieldsOutsideTheSortableListAreRefusedBeforeAnyCall() {
        long before = sdp().log(user).size();
        String refused = error("search_users", Map.of("query", "a", "sort_by", "job_title"));
        assertTrue(refused.contains("sort_by") && refused.contains("name") && refused.contains("email_id"), refused);
        assertEquals(before, sdp().log(user).size(), "nothing sent");
    }
}
