package dev.sdpmcp.sandbox.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Problems, changes, projects, assets, solutions, users and the lookup lists (docs/sdp-api-fidelity.md §5–§9). */
class ModulesTest {

    final Sim sim = new Sim();
    final String client = "1000.MODULES";
    final String token = sim.token(client);

    JsonNode ok(String method, String path, String input) {
        return sim.ok(token, method, "itdesk", path, input);
    }

    JsonNode failure(String method, String path, String input) {
        return WriteValidationTest.failure(sim.call(token, method, "itdesk", path, input), 400);
    }

    JsonNode first(String path, String field, String value) {
        for (JsonNode row : ok("GET", path, "{\"list_info\":{\"row_count\":100}}").get(path)) {
            if (row.get(field).asText().equals(value)) {
                return row;
            }
        }
        throw new AssertionError(value);
    }

    /**
     * Problem and change notes as ME's pages show them: root "note" only (another root is an unknown key and adds
     * nothing), performed_by and performed_time, no added_by or last_updated_*; listed under "notes".
     */
    void assertNotesAsDocumented(String path, String wrongRoot) {
        JsonNode wrong = WriteValidationTest.failure(sim.call(token, "POST", "itdesk", path, "{\"" + wrongRoot + "\":{\"description\":\"x\"}}"), 400);
        assertEquals(wrongRoot, wrong.get("field").asText());
        assertEquals("EXTRA_KEY_FOUND_IN_JSON", wrong.get("message").asText());
        JsonNode answer = ok("POST", path, "{\"note\":{\"description\":\"<div>Seen on VLAN 20</div>\"}}");
        Set<String> roots = new HashSet<>();
        answer.fieldNames().forEachRemaining(roots::add);
        assertEquals(Set.of("note", "response_status"), roots);
        JsonNode note = answer.get("note");
        assertEquals("Technician " + client, note.get("performed_by").get("name").asText());
        assertTrue(note.get("performed_time").get("value").asText().matches("\\d+"), note.toString());
        assertFalse(note.get("performed_time").get("display_value").asText().isEmpty());
        for (String absent : List.of("added_by", "added_time", "last_updated_by", "last_updated_time")) {
            assertTrue(note.path(absent).isMissingNode(), absent + " in " + note);
        }
        assertEquals("performed_by", WriteValidationTest.failure(sim.call(token, "POST", "itdesk", path,
                "{\"note\":{\"description\":\"x\",\"performed_by\":{\"name\":\"Heather Graham\"}}}"), 400).get("field").asText());
        JsonNode list = ok("GET", path, null);
        assertEquals(1, list.get("notes").size(), "the refused notes were not added: " + list);
        assertTrue(list.path(wrongRoot + "s").isMissingNode());
    }

    @Test
    void problemsWithNotesAndWorklogs() {
        JsonNode problem = ok("POST", "problems", "{\"problem\":{\"title\":\"Network latency\",\"urgency\":{\"name\":\"High\"},"
                + "\"impact\":{\"name\":\"Affects Group\"},\"priority\":{\"name\":\"High\"}}}").get("problem");
        assertEquals("PB-6", problem.get("display_id").get("display_value").asText(), "five seeded problems");
        assertEquals("Open", problem.get("status").get("name").asText());
        assertEquals("Technician " + client, problem.get("created_by").get("name").asText());
        String id = problem.get("id").asText();
        assertNotesAsDocumented("problems/" + id + "/notes", "problem_note");
        ok("POST", "problems/" + id + "/worklogs", "{\"worklog\":{\"owner\":{\"name\":\"Heather Graham\"},\"time_spent\":{\"hours\":\"1\",\"minutes\":\"0\"}}}");
        assertEquals(1, ok("GET", "problems/" + id + "/worklogs", null).get("worklogs").size());
        // problems have their own statuses: a request-only one is refused
        assertEquals("status", failure("PUT", "problems/" + id, "{\"problem\":{\"status\":{\"name\":\"On Hold\"}}}").get("field").asText());
        JsonNode closed = ok("PUT", "problems/" + id, "{\"problem\":{\"status\":{\"name\":\"Closed\"}}}").get("problem");
        assertFalse(closed.get("closed_time").isNull());
        assertEquals(List.of("title"), WriteValidationTest.strings(failure("POST", "problems", "{\"problem\":{\"description\":\"x\"}}").get("fields")));
    }

    @Test
    void problemImpactDetailsIsAGroupedSection() {
        JsonNode problem = ok("POST", "problems", "{\"problem\":{\"title\":\"Mail stalls\",\"impact_details\":"
                + "{\"impact_details_description\":\"No outbound mail\"}}}").get("problem");
        assertEquals("No outbound mail", problem.get("impact_details").get("impact_details_description").asText());
        // the request form (a plain string) is refused on problems
        assertEquals(4021, failure("POST", "problems", "{\"problem\":{\"title\":\"x\",\"impact_details\":\"words\"}}")
                .get("status_code").asInt());
        assertEquals("impact_details", failure("PUT", "problems/" + problem.get("id").asText(),
                "{\"problem\":{\"impact_details\":\"words\"}}").get("field").asText());
    }

    /** The other grouped sections of ANS conf/problem.py: objects whose inner keys keep their full names. */
    @Test
    void problemSectionsAreGroupedObjects() {
        JsonNode problem = ok("POST", "problems", "{\"problem\":{\"title\":\"Disk fills up\","
                + "\"root_cause\":{\"root_cause_description\":\"Log rotation off\"},\"symptoms\":{\"symptoms_description\":\"Slow\"},"
                + "\"known_error_details\":{\"known_error_comments\":\"Rotate by hand\",\"is_known_error\":true},"
                + "\"resolution_details\":{\"resolution_details_description\":\"Turned rotation on\"},"
                + "\"workaround_details\":{\"workaround_details_description\":\"Delete old logs\"},"
                + "\"close_details\":{\"close_details_comments\":\"Fixed\",\"closure_code\":{\"name\":\"Success\"}}}}").get("problem");
        assertEquals("Log rotation off", problem.get("root_cause").get("root_cause_description").asText());
        assertTrue(problem.get("known_error_details").get("is_known_error").asBoolean());
        assertEquals("Success", problem.get("close_details").get("closure_code").get("name").asText());
        assertEquals("Delete old logs", problem.get("workaround_details").get("workaround_details_description").asText());
        assertEquals("root_cause_description", failure("POST", "problems",
                "{\"problem\":{\"title\":\"x\",\"root_cause_description\":\"flat\"}}").get("field").asText(), "the flat key is unknown");
        assertEquals(4021, failure("POST", "problems", "{\"problem\":{\"title\":\"x\",\"symptoms\":\"words\"}}")
                .get("status_code").asInt());
    }

    @ParameterizedTest
    @CsvSource({"requests,subject,description", "requests,scheduled_start_time,title", "problems,reported_time,last_updated_time",
            "problems,closed_time,description", "changes,stage,last_updated_time", "changes,completed_time,description"})
    void onlyAnsiblesSortableFieldsSort(String path, String sortable, String other) {
        ok("GET", path, "{\"list_info\":{\"sort_field\":\"" + sortable + "\",\"sort_order\":\"desc\"}}");
        JsonNode refused = failure("GET", path, "{\"list_info\":{\"sort_field\":\"" + other + "\"}}");
        assertEquals("sort_field", refused.get("field").asText());
        assertTrue(refused.get("message").asText().contains(sortable), refused.toString());
    }

    @Test
    void changes() {
        JsonNode change = ok("POST", "changes", "{\"change\":{\"title\":\"Patch the firewall\",\"change_type\":{\"name\":\"Standard\"},"
                + "\"risk\":{\"name\":\"Low\"},\"scheduled_start_time\":{\"value\":\"1700000000000\"}}}").get("change");
        assertEquals("Submission", change.get("stage").get("name").asText());
        assertEquals("Requested", change.get("status").get("name").asText());
        assertEquals("submission_requested", change.get("status").get("internal_name").asText());
        assertEquals("Technician " + client, change.get("change_requester").get("name").asText());
        assertEquals("CH-6", change.get("display_id").get("display_value").asText());
        String id = change.get("id").asText();
        // "Whenever the user modifies the status, comment is mandatory"
        JsonNode refused = WriteValidationTest.failure(sim.call(token, "PUT", "itdesk", "changes/" + id,
                "{\"change\":{\"status\":{\"name\":\"In Progress\"},\"stage\":{\"name\":\"Implementation\"}}}"), 400);
        assertEquals(4012, refused.get("status_code").asInt());
        assertEquals("comment", refused.get("fields").get(0).asText());
        assertEquals("Requested", ok("GET", "changes/" + id, null).get("change").get("status").get("name").asText());
        JsonNode moved = ok("PUT", "changes/" + id, "{\"change\":{\"status\":{\"name\":\"In Progress\"},"
                + "\"stage\":{\"name\":\"Implementation\"},\"comment\":\"CAB approved the window\"}}").get("change");
        assertEquals("In Progress", moved.get("status").get("name").asText());
        assertEquals("CAB approved the window", moved.get("status_comments").get(0).get("comment").asText());
        assertTrue(moved.path("comment").isMissingNode(), "the comment is kept with the status, not as a field");
        // plans are grouped objects; the flat keys are not accepted
        JsonNode planned = ok("PUT", "changes/" + id, "{\"change\":{\"roll_out_plan\":{\"roll_out_plan_description\":\"Standby first\"}}}")
                .get("change");
        assertEquals("Standby first", planned.get("roll_out_plan").get("roll_out_plan_description").asText());
        assertEquals("roll_out_plan_description", WriteValidationTest.failure(sim.call(token, "PUT", "itdesk", "changes/" + id,
                "{\"change\":{\"roll_out_plan_description\":\"flat\"}}"), 400).get("field").asText());
        assertNotesAsDocumented("changes/" + id + "/notes", "change_note");
        assertEquals(List.of("title"), WriteValidationTest.strings(failure("POST", "changes", "{\"change\":{\"description\":\"x\"}}").get("fields")));
        JsonNode flags = ok("PUT", "changes/" + id, "{\"change\":{\"emergency\":true,\"retrospective\":false,"
                + "\"closure_code\":{\"name\":\"Postponed\"}}}").get("change");
        assertTrue(flags.get("emergency").asBoolean());
        assertEquals("Postponed", flags.get("closure_code").get("name").asText());
        // change task worklogs need an owner (ME's change task worklog page)
        String taskPath = "changes/" + id + "/tasks/" + ok("POST", "changes/" + id + "/tasks", "{\"task\":{\"title\":\"Back up rules\"}}")
                .get("task").get("id").asText();
        assertEquals(List.of("owner"), WriteValidationTest.strings(failure("POST", taskPath + "/worklogs",
                "{\"worklog\":{\"description\":\"x\"}}").get("fields")));
        JsonNode worklog = ok("POST", taskPath + "/worklogs", "{\"worklog\":{\"owner\":{\"name\":\"Heather Graham\"},"
                + "\"time_spent\":{\"hours\":\"1\",\"minutes\":\"0\"}}}").get("worklog");
        assertEquals(taskPath.substring(taskPath.lastIndexOf('/') + 1), worklog.get("task").get("id").asText());
        assertEquals(1, ok("GET", taskPath + "/worklogs", null).get("worklogs").size());
        assertEquals(6, ok("GET", "changes", "{\"list_info\":{\"get_total_count\":true}}").get("list_info").get("total_count").asInt());
    }

    @Test
    void projectsWithMilestonesTasksWorklogsAndMembers() {
        JsonNode project = ok("POST", "projects", "{\"project\":{\"title\":\"Intranet redesign\",\"project_type\":{\"name\":\"Implementation\"},"
                + "\"priority\":{\"name\":\"High\"},\"scheduled_start_time\":{\"value\":\"1700000000000\"}}}").get("project");
        assertEquals("Technician " + client, project.get("owner").get("name").asText(), "the owner defaults to the caller");
        assertEquals("Open", project.get("status").get("name").asText());
        String id = project.get("id").asText();
        JsonNode milestone = ok("POST", "projects/" + id + "/milestones", "{\"milestone\":{\"title\":\"Design\",\"owner\":{\"name\":\"Aisha Khan\"}}}")
                .get("milestone");
        assertEquals(id, milestone.get("project").get("id").asText());
        // the parent comes from the URL: project in the body is a read-only field (observed on Cloud, fidelity §8)
        JsonNode withProject = failure("POST", "projects/" + id + "/milestones", "{\"milestone\":{\"title\":\"x\",\"project\":{\"id\":\"" + id + "\"}}}");
        assertEquals(4014, withProject.get("status_code").asInt());
        assertEquals("project", withProject.get("field").asText());
        assertEquals("Design done", ok("PUT", "projects/" + id + "/milestones/" + milestone.get("id").asText(),
                "{\"milestone\":{\"title\":\"Design done\"}}").get("milestone").get("title").asText());

        // tasks are created under a milestone (the documented path), not under the project
        SimulatorTest.message(sim.call(token, "POST", "itdesk", "projects/" + id + "/tasks", "{\"task\":{\"title\":\"x\"}}"), 404, 4007);
        String milestonePath = "projects/" + id + "/milestones/" + milestone.get("id").asText();
        JsonNode task = ok("POST", milestonePath + "/tasks", "{\"task\":{\"title\":\"Wireframes\","
                + "\"owner\":{\"email_id\":\"aisha.khan@zylker.example\"},\"estimated_effort_hours\":\"8\"}}").get("task");
        assertEquals(milestone.get("id").asText(), task.get("milestone").get("id").asText());
        assertEquals(id, task.get("project").get("id").asText(), "the milestone's project");
        assertEquals("8", task.get("estimated_effort_hours").asText());
        // ME's samples send the effort as a string; a JSON number is refused
        assertEquals(4021, failure("POST", milestonePath + "/tasks", "{\"task\":{\"title\":\"x\",\"estimated_effort_hours\":8}}")
                .get("status_code").asInt());
        assertEquals(4021, failure("POST", milestonePath + "/tasks", "{\"task\":{\"title\":\"x\",\"percentage_completion\":30}}")
                .get("status_code").asInt());
        JsonNode extra = failure("POST", milestonePath + "/tasks", "{\"task\":{\"title\":\"x\",\"project\":{\"id\":\"" + id + "\"},\"colour\":\"red\"}}");
        assertEquals("EXTRA_KEY_FOUND_IN_JSON", extra.get("message").asText(), "an unknown key in a task (observed on Cloud)");
        assertEquals("colour", extra.get("field").asText());
        assertEquals("milestone", failure("POST", milestonePath + "/tasks", "{\"task\":{\"title\":\"x\",\"milestone\":{\"id\":\""
                + milestone.get("id").asText() + "\"}}}").get("field").asText(), "the milestone comes from the URL");
        String taskPath = "projects/" + id + "/tasks/" + task.get("id").asText();
        assertEquals("Wireframes", ok("GET", milestonePath + "/tasks/" + task.get("id").asText(), null).get("task").get("title").asText());
        // task statuses are the portal's own: this one has no "Completed"; "Closed" completes a task. Their list is an
        // unknown URL unless the portal's rule serves it (no source shows that path)
        SimulatorTest.message(sim.call(token, "GET", "itdesk", "task_statuses", null), 404, 4007);
        sim.sdp.portal("itdesk").taskStatusesListed = true;
        JsonNode statuses = ok("GET", "task_statuses", null).get("task_statuses");
        assertEquals(List.of("Open", "In Progress", "On Hold", "Closed"), java.util.stream.StreamSupport.stream(statuses.spliterator(), false)
                .map(st -> st.get("name").asText()).toList());
        assertEquals("status", failure("PUT", taskPath, "{\"task\":{\"status\":{\"name\":\"Completed\"}}}").get("field").asText());
        JsonNode completed = ok("PUT", taskPath, "{\"task\":{\"status\":{\"name\":\"Closed\"}}}").get("task");
        assertEquals(100, completed.get("percentage_completion").asInt());
        assertEquals("Wireframes", ok("GET", taskPath, null).get("task").get("title").asText());
        JsonNode worklog = ok("POST", taskPath + "/worklogs", "{\"worklog\":{\"owner\":{\"name\":\"Aisha Khan\"},\"description\":\"Sketches\","
                + "\"time_spent\":{\"hours\":\"3\",\"minutes\":\"0\"}}}").get("worklog");
        assertEquals(task.get("id").asText(), worklog.get("task").get("id").asText());
        assertEquals(1, ok("GET", taskPath + "/worklogs", null).get("worklogs").size());
        SimulatorTest.message(sim.call(token, "GET", "itdesk", "projects/" + id + "/worklogs", null), 404, 4007);
        assertEquals(1, ok("GET", "projects/" + id + "/tasks", null).get("tasks").size());
        assertEquals(1, ok("GET", milestonePath + "/tasks", null).get("tasks").size());

        // a milestone of another project is not this project's
        String seeded = first("projects", "title", "Office 365 Migration").get("id").asText();
        String otherMilestone = ok("GET", "projects/" + seeded + "/milestones", null).get("milestones").get(0).get("id").asText();
        SimulatorTest.message(sim.call(token, "POST", "itdesk", "projects/" + id + "/milestones/" + otherMilestone + "/tasks",
                "{\"task\":{\"title\":\"x\"}}"), 404, 4007);
        assertEquals("milestone", failure("PUT", taskPath, "{\"task\":{\"milestone\":{\"title\":\"Pilot group migrated\"}}}")
                .get("field").asText());
        assertEquals(3, ok("GET", "projects/" + seeded + "/milestones", null).get("milestones").size());
        assertEquals(6, ok("GET", "projects/" + seeded + "/tasks", null).get("tasks").size());

        JsonNode member = ok("POST", "projects/" + id + "/members", "{\"project_member\":{\"user\":{\"email_id\":\"priya.raman@zylker.example\"}}}")
                .get("project_member");
        assertEquals("Team Member", member.get("role").get("name").asText());
        assertTrue(member.get("is_active").asBoolean());
        assertTrue(ok("POST", "projects/" + id + "/members", "{\"member\":{\"user\":{\"name\":\"Marco Rossi\"},\"role\":{\"name\":\"Observer\"}}}").has("member"));
        assertEquals(4008, failure("POST", "projects/" + id + "/members", "{\"project_member\":{\"user\":{\"name\":\"Priya Raman\"}}}")
                .get("status_code").asInt());
        assertEquals(List.of("user"), WriteValidationTest.strings(failure("POST", "projects/" + id + "/members", "{\"project_member\":{}}").get("fields")));
        assertEquals(2, ok("GET", "projects/" + id + "/members", null).get("project_members").size());
        assertEquals(4, ok("GET", "projects/" + seeded + "/members", null).get("project_members").size());
    }

    @Test
    void assetsNeedANameAndAProduct() {
        JsonNode asset = ok("POST", "assets", "{\"asset\":{\"name\":\"LT-0100\",\"product\":{\"name\":\"Dell Latitude 7440\"},"
                + "\"user\":{\"email_id\":\"lincoln@zylker.example\"},\"state\":{\"name\":\"In Use\"}}}").get("asset");
        assertEquals("Workstation", asset.get("product_type").get("name").asText(), "the product's type");
        String productId = first("products", "name", "Cisco Catalyst 9300").get("id").asText();
        JsonNode byId = ok("PUT", "assets/" + asset.get("id").asText(), "{\"asset\":{\"product\":{\"id\":\"" + productId + "\"}}}").get("asset");
        assertEquals("Network Device", byId.get("product_type").get("name").asText());
        // Cloud: name, product and state are mandatory
        assertEquals(List.of("product", "state"), WriteValidationTest.strings(failure("POST", "assets", "{\"asset\":{\"name\":\"X\"}}").get("fields")));
        assertEquals(List.of("state"), WriteValidationTest.strings(failure("POST", "assets",
                "{\"asset\":{\"name\":\"X\",\"product\":{\"name\":\"Dell Latitude 7440\"}}}").get("fields")));
        assertEquals("product", failure("POST", "assets", "{\"asset\":{\"name\":\"X\",\"product\":{\"name\":\"Commodore 64\"},\"state\":{\"name\":\"In Use\"}}}").get("field").asText());
        assertEquals(4014, failure("POST", "assets", "{\"asset\":{\"name\":\"X\",\"product\":{\"name\":\"Apple iPhone 15\"},\"state\":{\"name\":\"In Use\"},\"product_type\":{\"name\":\"Server\"}}}")
                .get("status_code").asInt());
        JsonNode inUse = ok("GET", "assets", "{\"list_info\":{\"row_count\":100,\"search_criteria\":{\"field\":\"state.name\",\"condition\":\"is\",\"value\":\"In Use\"}}}");
        inUse.get("assets").forEach(a -> assertEquals("In Use", a.get("state").get("name").asText()));
        assertEquals(8, inUse.get("assets").size(), "seven seeded and the new one");
        assertFalse(ok("GET", "product_types", null).get("product_types").isEmpty());
        // the old format's add, as the asset API change note shows it
        JsonNode old = ok("POST", "assets", "{\"asset\":{\"name\":\"LT-0200\",\"product\":{\"name\":\"Dell Latitude 7440\"},"
                + "\"state\":{\"name\":\"In Store\"},\"barcode\":\"BC-200\",\"asset_tag\":\"AT-200\",\"acquisition_date\":{\"value\":\"1700000000000\"},"
                + "\"purchase_cost\":\"1000.00\",\"expiry_date\":{\"value\":\"1800000000000\"},\"warranty_expiry\":{\"value\":\"1750000000000\"}}}").get("asset");
        assertEquals("In Store", old.get("state").get("name").asText());
        assertEquals("1750000000000", old.get("warranty_expiry").get("value").asText());
    }

    @Test
    void solutionsSearchTitleDescriptionAndTopic() {
        JsonNode vpn = ok("GET", "solutions", "{\"list_info\":{\"search_criteria\":{\"field\":\"title\",\"condition\":\"contains\",\"value\":\"vpn\"}}}");
        assertEquals(1, vpn.get("solutions").size());
        JsonNode network = ok("GET", "solutions", "{\"list_info\":{\"search_criteria\":[{\"field\":\"topic.name\",\"condition\":\"is\",\"value\":\"Network\"},"
                + "{\"field\":\"description\",\"condition\":\"contains\",\"value\":\"spooler\",\"logical_operator\":\"OR\"}]}}");
        assertEquals(3, network.get("solutions").size());
        String id = vpn.get("solutions").get(0).get("id").asText();
        assertEquals("Network", ok("GET", "solutions/" + id, null).get("solution").get("topic").get("name").asText());
        assertEquals(5, ok("GET", "topics", null).get("topics").size());
    }

    @Test
    void usersTechniciansAndRequesters() {
        JsonNode technicians = ok("GET", "technicians", "{\"list_info\":{\"row_count\":100}}").get("technicians");
        technicians.forEach(t -> assertTrue(t.get("is_technician").asBoolean()));
        JsonNode requesters = ok("GET", "requesters", "{\"list_info\":{\"row_count\":100}}").get("requesters");
        requesters.forEach(r -> assertFalse(r.get("is_technician").asBoolean()));
        assertEquals(15, technicians.size() + requesters.size(), "six seeded technicians and the caller, eight requesters");
        // Cloud has no generic /users (docs/sdp-api-fidelity.md §9)
        SimulatorTest.message(sim.call(token, "GET", "itdesk", "users", null), 404, 4007);
        SimulatorTest.message(sim.call(token, "GET", "itdesk", "users/1", null), 404, 4007);
        JsonNode jane = ok("GET", "requesters", "{\"list_info\":{\"search_fields\":{\"email_id\":\"jane.cooper@zylker.example\"}}}").get("requesters").get(0);
        assertEquals("Sales", jane.get("department").get("name").asText());
        assertEquals("Jane Cooper", ok("GET", "requesters/" + jane.get("id").asText(), null).get("requester").get("name").asText());
        SimulatorTest.message(sim.call(token, "GET", "itdesk", "technicians/" + jane.get("id").asText(), null), 404, 4007);
        String heather = first("technicians", "name", "Heather Graham").get("id").asText();
        assertEquals("45", ok("GET", "technicians/" + heather, null).get("technician").get("cost_per_hour").asText());
    }

    @ParameterizedTest
    @CsvSource({"priorities,Urgent", "categories,Hardware", "subcategories,VPN", "items,Outlook", "statuses,On Hold",
            "request_types,Incident", "urgencies,Normal", "impacts,Affects Group", "levels,Tier 2", "modes,E-Mail",
            "sites,Base Site", "support_groups,Network", "groups,Network", "request_templates,Default Request",
            "closure_codes,Success", "departments,Finance", "products,Apple iPhone 15", "product_types,Server"})
    void lookupListsUseThePluralRoot(String path, String name) {
        JsonNode row = first(path, "name", name);
        String singular = Catalog.top(path).singular;
        assertEquals(name, ok("GET", path + "/" + row.get("id").asText(), null).get(singular).get("name").asText());
    }

    @Test
    void nestedLookups() {
        String hardware = first("categories", "name", "Hardware").get("id").asText();
        JsonNode subcategories = ok("GET", "categories/" + hardware + "/subcategories", null).get("subcategories");
        assertEquals(4, subcategories.size());
        subcategories.forEach(s -> assertEquals(hardware, s.get("category").get("id").asText()));
        String laptop = first("subcategories", "name", "Laptop").get("id").asText();
        JsonNode items = ok("GET", "subcategories/" + laptop + "/items", null).get("items");
        assertEquals(List.of("Dell", "Lenovo", "Apple"), java.util.stream.StreamSupport.stream(items.spliterator(), false)
                .map(i -> i.get("name").asText()).toList());
        JsonNode templates = ok("GET", "request_templates", "{\"list_info\":{\"search_fields\":{\"is_service_template\":true}}}");
        assertEquals(3, templates.get("request_templates").size());
    }
}
