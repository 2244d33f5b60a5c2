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

/** Every project tool (the predecessor's eleven names) through MCP against the sandbox's ServiceDesk Plus. */
@RunsOnPostgresql
class ProjectToolsIT extends ToolTestBase {

    String newProject(String title) {
        return created("create_project", "project", Map.of("title", title));
    }

    String newTask(String projectId, Map<String, Object> fields) {
        Map<String, Object> arguments = new HashMap<>(fields);
        arguments.put("project_id", projectId);
        return created("create_task", "task", arguments);
    }

    /** How many calls of the user reached the simulator with this method and a path ending so. */
    long calls(String method, String pathEnd) {
        return sdp().log(user).stream().filter(entry -> entry.path("method").asText().equals(method)
                && entry.path("path").asText().endsWith(pathEnd)).count();
    }

    static String id(Map<String, Object> entity) {
        return String.valueOf(entity.get("id"));
    }

    @Test
    void toolsPresentThemselvesAsTheyAct() {
        assertPresented(Map.ofEntries(Map.entry("list_projects", "read"), Map.entry("get_project", "read"),
                Map.entry("list_project_tasks", "read"), Map.entry("get_project_summary", "read"),
                Map.entry("create_project", "add"), Map.entry("create_task", "add"), Map.entry("add_worklog", "add"),
                Map.entry("create_milestone", "add"), Map.entry("update_project", "change"), Map.entry("update_task", "change"),
                Map.entry("complete_task", "change")));
    }

    @Test
    void createProjectSendsOnlyWhatWasGiven() throws Exception {
        Map<String, Object> created = entity(ok("create_project", Map.of("title", "Replace the phone system",
                "project_code", "VOIP-26", "project_type", "Implementation", "priority", "high", "site", "London",
                "owner", "aisha.khan@zylker.example", "scheduled_start", "2030-01-15", "scheduled_end", "2030-03-31")), "project");
        assertEquals("Replace the phone system", created.get("title"));
        assertEquals("High", name(created, "priority"));
        assertEquals("Open", name(created, "status"), "ServiceDesk Plus's own default");
        JsonNode project = sent("POST", "/projects").path("project");
        assertEquals(Set.of("title", "project_code", "project_type", "priority", "site", "owner", "scheduled_start_time",
                "scheduled_end_time"), keys(project), "nothing invented");
        assertFalse(project.path("priority").path("id").asText().isEmpty(), "looked up: " + project);
        assertFalse(project.path("site").path("id").asText().isEmpty(), "looked up: " + project);
        assertEquals("Implementation", project.path("project_type").path("name").asText());
        assertEquals("1894665600000", project.path("scheduled_start_time").path("value").asText());

        String mine = newProject("Tidy the server room");
        assertTrue(name(entity(ok("get_project", Map.of("project_id", mine)), "project"), "owner").contains(user.clientId()),
                "without an owner, ServiceDesk Plus makes the caller the owner");

        assertTrue(error("create_project", Map.of("title", "x", "priority", "Top")).contains("Known priority values"));
        assertTrue(error("create_project", Map.of("title", "x", "status", "Dreaming")).contains("status"));
        String notANumber = error("create_project", Map.of("title", "x", "percentage_completion", "lots"));
        assertTrue(notANumber.contains("percentage_completion"), notANumber);
        assertTrue(error("create_project", Map.of("project_code", "X-1")).contains("title"));
    }

    @Test
    void updateAndGetProject() throws Exception {
        String id = newProject("Laptop refresh 2026");
        Map<String, Object> updated = entity(ok("update_project", Map.of("project_id", id, "status", "In Progress",
                "percentage_completion", 30)), "project");
        assertEquals("In Progress", name(updated, "status"));
        assertEquals(Set.of("status", "percentage_completion"), keys(sent("PUT", "/projects/" + id).path("project")));
        Map<String, Object> project = entity(ok("get_project", Map.of("project_id", id)), "project");
        assertEquals(30, ((Number) project.get("percentage_completion")).intValue());

        assertTrue(error("update_project", Map.of("project_id", id)).contains("Nothing to change"));
        assertTrue(error("update_project", Map.of("project_id", id, "percentage_completion", 150)).contains("percentage_completion"));
        assertTrue(error("update_project", Map.of("project_id", UNKNOWN_ID, "title", "x")).contains("Not found"));
        assertTrue(error("get_project", Map.of("project_id", UNKNOWN_ID)).contains("Not found"));
        assertTrue(error("get_project", Map.of("project_id", "PJT-1")).contains("project_id"));
    }

    @Test
    void listProjectsFiltersOnTheServer() throws Exception {
        List<Map<String, Object>> rows = rows(ok("list_projects", Map.of("status", "In Progress", "owner",
                "aisha.khan@zylker.example", "project_type", "Migration")), "projects");
        assertTrue(rows.stream().anyMatch(r -> "Office 365 Migration".equals(r.get("title"))), rows.toString());
        rows.forEach(r -> assertEquals("In Progress", name(r, "status")));
        String criteria = sent("GET", "/projects").path("list_info").path("search_criteria").toString();
        assertTrue(criteria.contains("status.name") && criteria.contains("owner.email_id") && criteria.contains("project_type.name"),
                criteria);

        Map<String, Object> page = ok("list_projects", Map.of("page_size", 1, "sort_by", "title", "sort_order", "asc"));
        assertEquals(1, rows(page, "projects").size());
        assertEquals(true, page.get("has_more_rows"), "three projects are seeded");
        assertTrue(error("list_projects", Map.of("created_to", "soon")).contains("created_to"));
    }

    @Test
    void tasksUnderMilestones() throws Exception {
        String project = newProject("Move to the new office");
        Map<String, Object> milestone = entity(ok("create_milestone", Map.of("project_id", project, "title", "Network ready",
                "owner", "heather.graham@zylker.example", "scheduled_end", "2030-02-01")), "milestone");
        assertEquals(Set.of("title", "owner", "scheduled_end_time"),
                keys(sent("POST", "/projects/" + project + "/milestones").path("milestone")));
        String milestoneId = id(milestone);

        Map<String, Object> byName = entity(ok("create_task", Map.of("project_id", project, "title", "Pull the cables",
                "milestone", "network ready", "owner", "marco.rossi@zylker.example", "priority", "High",
                "estimated_effort_hours", 12)), "task");
        assertEquals("Network ready", String.valueOf(((Map<?, ?>) byName.get("milestone")).get("title")));
        assertEquals(0, calls("POST", "/projects/" + project + "/tasks"), "not the undocumented project-level path");
        JsonNode task = sent("POST", "/projects/" + project + "/milestones/" + milestoneId + "/tasks").path("task");
        assertEquals(Set.of("title", "owner", "priority", "estimated_effort_hours"), keys(task), "the milestone is in the path");
        assertEquals("\"12\"", task.path("estimated_effort_hours").toString(), "a numeric string, as ME's samples send it");
        assertFalse(task.path("priority").path("id").asText().isEmpty());

        String byId = newTask(project, Map.of("title", "Patch the switches", "milestone", milestoneId));
        assertEquals(2, calls("POST", "/projects/" + project + "/milestones/" + milestoneId + "/tasks"), "a milestone id goes as is");
        ok("create_milestone", Map.of("project_id", project, "title", "Furnished"));
        newTask(project, Map.of("title", "Order the furniture", "milestone", "Furnished"));

        List<Map<String, Object>> underMilestone = rows(ok("list_project_tasks", Map.of("project_id", project,
                "milestone", "Network ready", "sort_by", "title")), "tasks");
        assertEquals(List.of("Patch the switches", "Pull the cables"), underMilestone.stream().map(t -> t.get("title")).toList());
        assertTrue(sent("GET", "/projects/" + project + "/tasks").path("list_info").path("search_criteria").toString()
                .contains("milestone.title"));
        assertEquals(3, rows(ok("list_project_tasks", Map.of("project_id", project)), "tasks").size());

        Map<String, Object> updated = entity(ok("update_task", Map.of("project_id", project, "task_id", byId,
                "status", "In Progress", "percentage_completion", 40)), "task");
        assertEquals("\"40\"", sent("PUT", "/projects/" + project + "/tasks/" + byId).path("task").path("percentage_completion")
                .toString(), "a numeric string, as ME's samples send it");
        assertEquals("In Progress", name(updated, "status"));
        assertEquals(Set.of("status", "percentage_completion"), keys(sent("PUT", "/tasks/" + byId).path("task")));

        // this instance does not list its task statuses (no source shows that URL): a status it has not got is refused
        // and named, nothing changes; without one, "Closed" goes by name (the instance's done status; it has no "Completed")
        String unknown = error("complete_task", Map.of("project_id", project, "task_id", byId, "status", "Finished"));
        assertTrue(unknown.contains("does not list its task statuses") && unknown.contains("\"Finished\""), unknown);
        assertEquals(List.of(byId), rows(ok("list_project_tasks", Map.of("project_id", project, "status", "In Progress")),
                "tasks").stream().map(ProjectToolsIT::id).toList(), "the refused status changed nothing");
        Map<String, Object> done = entity(ok("complete_task", Map.of("project_id", project, "task_id", byId)), "task");
        assertEquals("Closed", name(done, "status"));
        assertEquals("100", String.valueOf(done.get("percentage_completion")), "a task's percentage is a numeric string");
        JsonNode completed = sent("PUT", "/tasks/" + byId);
        assertEquals("{\"status\":{\"name\":\"Closed\"}}", completed.path("task").toString());
        assertTrue(calls("GET", "/task_statuses") <= 1, "the instance's answer that it has no such list is remembered");
        assertEquals(1, rows(ok("list_project_tasks", Map.of("project_id", project, "status", "Closed")), "tasks").size());

        String noMilestone = error("create_task", Map.of("project_id", project, "title", "x", "milestone", "Moon landing"));
        assertTrue(noMilestone.contains("Moon landing") && noMilestone.contains("Network ready, Furnished"), noMilestone);
        assertTrue(error("create_task", Map.of("project_id", project, "title", "x")).contains("milestone"));
        assertTrue(error("create_task", Map.of("project_id", project, "milestone", "Furnished")).contains("title"));
        assertTrue(error("create_task", Map.of("project_id", UNKNOWN_ID, "title", "x", "milestone", "M")).contains("Not found"));
        assertTrue(error("update_task", Map.of("project_id", project, "task_id", byId)).contains("Nothing to change"));
        assertTrue(error("complete_task", Map.of("project_id", project, "task_id", UNKNOWN_ID)).contains("Not found"));
        assertTrue(error("complete_task", Map.of("project_id", project, "task_id", "next")).contains("task_id"));
        assertTrue(error("create_milestone", Map.of("project_id", project)).contains("title"));
        assertTrue(error("create_milestone", Map.of("project_id", UNKNOWN_ID, "title", "x")).contains("Not found"));
        assertTrue(error("list_project_tasks", Map.of("project_id", UNKNOWN_ID)).contains("Not found"));
    }

    @Test
    void projectUdfsTakePeopleAndDepartmentsByNameOrEmail() throws Exception {
        String described = text(call("describe_fields", Map.of("module", "projects")));
        assertTrue(described.contains("Sponsor (udf_ref_3001): user name or e-mail or id"), described);
        String id = created("create_project", "project", Map.of("title", "Badge readers", "udf_fields", Map.of("sponsor", "aisha.khan@zylker.example",
                "Funding Department", "Finance", "Budget", 12000.5)));
        JsonNode sentUdfs = sent("POST", "/projects").path("project").path("udf_fields");
        assertEquals("{\"email_id\":\"aisha.khan@zylker.example\"}", sentUdfs.path("udf_ref_3001").toString());
        assertEquals("{\"name\":\"Finance\"}", sentUdfs.path("udf_ref_3002").toString());
        assertEquals("12000.5", sentUdfs.path("num_budget").asText());
        String shown = text(call("get_project", Map.of("project_id", id)));
        assertTrue(shown.contains("Sponsor: Aisha Khan <aisha.khan@zylker.example>") && shown.contains("Funding Department: Finance"), shown);

        ok("update_project", Map.of("project_id", id, "udf_fields", Map.of("Sponsor", "Marco Rossi")));
        assertEquals("{\"name\":\"Marco Rossi\"}", sent("PUT", "/projects/" + id).path("project").path("udf_fields")
                .path("udf_ref_3001").toString());
        String nobody = error("update_project", Map.of("project_id", id, "udf_fields", Map.of("Sponsor", "Nobody Here")));
        assertTrue(nobody.contains("\"Sponsor\" (udf_ref_3001)") && nobody.contains("does not exist"), nobody);
        assertTrue(text(call("get_project", Map.of("project_id", id))).contains("Sponsor: Marco Rossi"), "unchanged by the refusal");
        assertTrue(error("create_project", Map.of("title", "x", "udf_fields", Map.of("Budget", "lots"))).contains("Budget must be a number"));
    }

    @Test
    void worklogsOnProjectTasks() throws Exception {
        String project = newProject("Printer fleet renewal");
        ok("create_milestone", Map.of("project_id", project, "title", "Surveyed"));
        String task = newTask(project, Map.of("title", "Survey the printers", "milestone", "Surveyed"));
        Map<String, Object> worklog = entity(ok("add_worklog", Map.of("project_id", project, "task_id", task,
                "owner", "priya.raman@zylker.example", "hours", 2, "minutes", 15, "description", "Walked every floor")), "worklog");
        assertEquals("Walked every floor", worklog.get("description"));
        JsonNode sent = sent("POST", "/projects/" + project + "/tasks/" + task + "/worklogs");
        assertEquals(Set.of("worklog"), keys(sent));
        assertEquals(Set.of("owner", "description", "time_spent"), keys(sent.path("worklog")));
        assertEquals("2", sent.path("worklog").path("time_spent").path("hours").asText());
        assertEquals("15", sent.path("worklog").path("time_spent").path("minutes").asText());
        assertEquals("priya.raman@zylker.example", sent.path("worklog").path("owner").path("email_id").asText());

        ok("add_worklog", Map.of("project_id", project, "task_id", task, "owner", "Priya Raman",
                "start_time", "2030-01-15T09:00:00Z", "end_time", "2030-01-15T10:30:00Z"));
        assertTrue(error("add_worklog", Map.of("project_id", project, "task_id", task, "hours", 1)).contains("owner"));
        assertTrue(error("add_worklog", Map.of("project_id", project, "task_id", task, "owner", "Priya Raman",
                "start_time", "2030-01-15T10:00:00Z", "end_time", "2030-01-15T09:00:00Z")).contains("date or time"));
        assertTrue(error("add_worklog", Map.of("project_id", project, "task_id", UNKNOWN_ID, "owner", "Priya Raman")).contains("Not found"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void projectSummaryInOneAnswer() throws Exception {
        String project = newProject("Backup overhaul");
        ok("create_milestone", Map.of("project_id", project, "title", "New backup target"));
        String first = newTask(project, Map.of("title", "Buy the appliance", "milestone", "New backup target"));
        String second = newTask(project, Map.of("title", "Migrate the jobs", "milestone", "New backup target"));
        ok("add_worklog", Map.of("project_id", project, "task_id", first, "owner", "Administrator", "hours", 1, "minutes", 30));
        ok("add_worklog", Map.of("project_id", project, "task_id", second, "owner", "Administrator", "hours", 2));
        ok("complete_task", Map.of("project_id", project, "task_id", first));

        Map<String, Object> summary = ok("get_project_summary", Map.of("project_id", project));
        assertEquals("Backup overhaul", entity(summary, "project").get("title"));
        assertEquals(1, rows(summary, "milestones").size());
        List<Map<String, Object>> tasks = rows(summary, "tasks");
        assertEquals(2, tasks.size());
        tasks.forEach(t -> assertEquals(1, ((List<?>) t.get("worklogs")).size(), "each task carries its worklogs"));
        Map<String, Object> totals = (Map<String, Object>) summary.get("totals");
        assertEquals(2, totals.get("tasks"));
        assertEquals(1, totals.get("tasks_done"));
        assertEquals(2, totals.get("worklogs"));
        assertEquals(210, ((Number) totals.get("minutes_logged")).intValue());
        assertEquals(true, summary.get("complete"));
        String text = text(call("get_project_summary", Map.of("project_id", project)));
        assertTrue(text.contains("Backup overhaul") && text.contains("Migrate the jobs") && text.contains("3h 30m"), text);
        JsonNode taskList = sent("GET", "/projects/" + project + "/tasks");
        assertEquals(100, taskList.path("list_info").path("row_count").asInt(), "read a page at a time, 100 rows each");

        sdp().call("DELETE", "/log?client_id=" + user.clientId(), null);
        Map<String, Object> lean = ok("get_project_summary", Map.of("project_id", project, "include_worklogs", false));
        assertFalse(((Map<String, Object>) lean.get("totals")).containsKey("minutes_logged"));
        assertTrue(sdp().log(user).stream().noneMatch(e -> e.path("path").asText().contains("/worklogs")),
                "without worklogs, no worklog calls");
        assertEquals(3, sdp().log(user).size(), "project, milestones, tasks: one call each");

        assertTrue(error("get_project_summary", Map.of("project_id", UNKNOWN_ID)).contains("Not found"));
        assertTrue(error("get_project_summary", Map.of("project_id", "latest")).contains("project_id"));
    }
}
