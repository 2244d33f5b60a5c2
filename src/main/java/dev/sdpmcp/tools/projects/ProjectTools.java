package dev.sdpmcp.tools.projects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.sdp.Lookups;
import dev.sdpmcp.sdp.SdpClient;
import dev.sdpmcp.sdp.SdpException;
import dev.sdpmcp.sdp.SdpRefused;
import dev.sdpmcp.sdp.Values;
import dev.sdpmcp.tools.JsonSchemas;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.ToolDefinition.Hints;
import dev.sdpmcp.tools.ToolException;
import dev.sdpmcp.tools.ToolResult;
import dev.sdpmcp.tools.sdp.CommonFields;
import dev.sdpmcp.tools.sdp.Field;
import dev.sdpmcp.tools.sdp.Filter;
import dev.sdpmcp.tools.sdp.ModuleTools;
import dev.sdpmcp.tools.sdp.Render;
import dev.sdpmcp.tools.sdp.SdpModule;
import dev.sdpmcp.tools.sdp.ToolArgs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Projects with their milestones, tasks and the time logged on those tasks (docs/sdp-api-fidelity.md §8), under the tool
 * names the predecessor's users know.
 */
@ApplicationScoped
public class ProjectTools {

    static final SdpModule PROJECTS = SdpModule.of(Toolset.PROJECTS, "project",
            p -> Render.line(p, "title", "status", "owner", "priority", "percentage_completion", "scheduled_end_time"))
            // no source lists sortable project (or task) fields: a design choice, checked all the same
            .sortable("created_time", "scheduled_start_time", "scheduled_end_time", "title", "id", "priority", "status",
                    "percentage_completion").withUdfs();
    static final SdpModule TASKS = PROJECTS.under("task",
            t -> Render.line(t, "title", "status", "owner", "milestone", "percentage_completion", "scheduled_end_time"))
            .sortable(PROJECTS.sortable().toArray(String[]::new));
    static final SdpModule MILESTONES = PROJECTS.under("milestone",
            m -> Render.line(m, "title", "status", "owner", "percentage_completion", "scheduled_end_time"));
    static final SdpModule WORKLOGS = TASKS.under("worklog",
            w -> Render.line(w, "description", "owner", "time_spent", "start_time"));

    /** Projects, milestones and tasks are all planned, started, ended and done to some percent. */
    static final List<Field> SCHEDULE = List.of(
            Field.time("scheduled_start", "scheduled_start_time", null),
            Field.time("scheduled_end", "scheduled_end_time", null),
            Field.time("actual_start", "actual_start_time", null),
            Field.time("actual_end", "actual_end_time", null),
            Field.integer("percentage_completion", "0-100"));

    /** Project statuses and types have no list to look names up in: ServiceDesk Plus checks them by name. */
    static final List<Field> PROJECT_FIELDS = CommonFields.concat(List.of(
            Field.text("title", null).asMandatory(),
            Field.text("description", null),
            Field.text("project_code", "Short code, e.g. O365-MIG"),
            Field.user("owner", null),
            Field.named("project_type", "e.g. Implementation, Upgrade, Migration"),
            Field.named("status", "e.g. Open, In Progress, On Hold, Completed, Closed"),
            Field.lookup("priority", "priorities", "e.g. High"),
            Field.lookup("site", "sites", null),
            Field.lookup("department", "departments", null)),
            SCHEDULE);

    static final List<Field> MILESTONE_FIELDS = CommonFields.concat(List.of(
            Field.text("title", null).asMandatory(),
            Field.text("description", null),
            Field.user("owner", null),
            Field.named("status", "e.g. Open, In Progress, Completed"),
            Field.lookup("priority", "priorities", null)),
            SCHEDULE);

    /** A new project task: any task's fields, plus its type and effort (start and end come with any task). */
    static final List<Field> NEW_TASK_FIELDS = CommonFields.concat(CommonFields.TASK, List.of(
            Field.named("task_type", "e.g. Implementation, Review, Testing, Documentation"),
            Field.integerText("estimated_effort_hours", null),
            // a task's percentage goes as a numeric string too, as ME's milestone-task sample sends it (fidelity §8)
            Field.integerText("percentage_completion", "0-100")),
            SCHEDULE.subList(2, SCHEDULE.size() - 1));

    /** A task's fields when it is changed: also the milestone it moves to (it is created under one). */
    static final List<Field> TASK_FIELDS = CommonFields.concat(NEW_TASK_FIELDS, List.of(
            Field.named("milestone", "Milestone to move it to")));

    /**
     * Task statuses are the instance's own; complete_task uses the first of these that the instance has (the names
     * that mean done; none is reserved by SDP, so an instance that calls it otherwise is told so).
     */
    static final List<String> DONE_STATUSES = List.of("completed", "closed", "done", "resolved", "finished");
    /** Sent by name where the instance does not list task statuses: the done status of ServiceDesk Plus's task samples. */
    static final String UNLISTED_DONE_STATUS = "Closed";

    static final List<Filter> FILTERS = List.of(
            Filter.names("status", "status.name", "e.g. Open,In Progress"),
            Filter.names("priority", "priority.name", null),
            Filter.person("owner", "owner", null),
            Filter.names("project_type", "project_type.name", null),
            Filter.names("site", "site.name", null),
            Filter.from("created_from", "created_time", null),
            Filter.to("created_to", "created_time", null));

    static final List<Filter> TASK_FILTERS = List.of(
            Filter.names("status", "status.name", "e.g. Open,In Progress"),
            Filter.person("owner", "owner", null),
            Filter.names("milestone", "milestone.title", null),
            Filter.names("priority", "priority.name", null));

    /** get_project_summary reads at most this many pages of 100 milestones, and of 100 tasks… */
    static final int MAX_PAGES = 5;
    /** …and the worklogs of at most this many tasks (one call each), at most one page of 100 per task. */
    static final int MAX_WORKLOG_TASKS = 50;

    @Inject
    ModuleTools tools;

    @Inject
    SdpClient sdp;

    @Inject
    Lookups lookups;

    @Produces
    ToolDefinition createProject() {
        return tools.create(PROJECTS, "create_project", "Create a project",
                "Creates a project with only the fields you give (owner: you, by default).",
                PROJECT_FIELDS);
    }

    @Produces
    ToolDefinition updateProject() {
        return tools.update(PROJECTS, "project_id", "update_project", "Update a project",
                "Changes the given fields of a project; the others stay.",
                PROJECT_FIELDS);
    }

    @Produces
    ToolDefinition getProject() {
        return tools.get(PROJECTS, "project_id", "get_project", "Get a project",
                "Shows one project; get_project_summary adds milestones, tasks and logged time.");
    }

    @Produces
    ToolDefinition listProjects() {
        return tools.list(PROJECTS, "list_projects", "List projects",
                "Lists projects matching the filters, newest first unless sorted.",
                FILTERS, "created_time");
    }

    @Produces
    ToolDefinition createTask() {
        JsonSchemas schema = JsonSchemas.object().id("project_id", null, true)
                .string("milestone", "Milestone to put it under", true);
        return new ToolDefinition("create_task", "Add a task to a project",
                "Adds a task under a project's milestone (create_milestone adds one).", Toolset.PROJECTS,
                Field.schema(schema, NEW_TASK_FIELDS, true).build(),
                ModuleTools.entitySchema(TASKS), Hints.writes(), call -> {
                    String project = ToolArgs.id(call, "project_id");
                    String milestone = milestoneId(call, project,
                            call.text("milestone").orElseThrow(() -> new ToolException("milestone is required.")));
                    ObjectNode task = Field.entity(call, NEW_TASK_FIELDS, lookups);
                    return tools.created(call, TASKS, ModuleTools.childPath(PROJECTS, project, MILESTONES) + "/" + milestone
                            + "/" + TASKS.path(), task);
                });
    }

    /** The id of the project's milestone with this id or title (any case); the list is read fresh, not cached. */
    private String milestoneId(ToolCall call, String project, String milestone) throws ToolException, SdpException {
        SdpClient.Rows rows = sdp.rows(ToolArgs.caller(call), ModuleTools.childPath(PROJECTS, project, MILESTONES), MILESTONES.plural(), MAX_PAGES);
        List<String> titles = new ArrayList<>();
        for (JsonNode row : rows.items()) {
            if (milestone.trim().equals(row.path("id").asText()) || milestone.trim().equalsIgnoreCase(row.path("title").asText())) {
                return row.path("id").asText();
            }
            titles.add(row.path("title").asText());
        }
        throw new ToolException("Project " + project + " has no milestone \"" + milestone.trim() + "\". "
                + (titles.isEmpty() ? "It has none yet: add one with create_milestone." : "Its milestones: "
                        + String.join(", ", titles) + "."));
    }

    @Produces
    ToolDefinition updateTask() {
        return tools.updateUnder(PROJECTS, "project_id", TASKS, "task_id", "update_task", "Update a project task",
                "Changes the given fields of a project's task; fields not given stay as they are.", TASK_FIELDS);
    }

    @Produces
    ToolDefinition completeTask() {
        return new ToolDefinition("complete_task", "Complete a project task",
                "Gives a project's task this instance's done status (ServiceDesk Plus then sets it 100% done).", Toolset.PROJECTS,
                JsonSchemas.object().id("project_id", null, true).id("task_id", null, true)
                        .string("status", "The task status that means done here, if not Completed, Closed, Done, Resolved "
                                + "or Finished", false).build(),
                ModuleTools.entitySchema(TASKS), Hints.writes().destructive().idempotent(), call -> {
                    String path = taskPath(call);
                    Optional<String> given = call.text("status");
                    Optional<List<JsonNode>> listed = lookups.listIfServed(ToolArgs.caller(call), "task_statuses");
                    ObjectNode task = SdpClient.JSON.createObjectNode();
                    if (listed.isPresent()) {
                        task.set("status", given.isPresent() ? lookups.reference(ToolArgs.caller(call), "task_statuses", given.get(), "task status")
                                : reference(doneStatus(listed.get()).orElseThrow(() -> noDoneStatus(listed.get()))));
                        return tools.updated(call, TASKS, path, task);
                    }
                    // the instance does not list its task statuses: the status goes by name, "Closed" unless told
                    String name = given.map(String::trim).orElse(UNLISTED_DONE_STATUS);
                    task.putObject("status").put("name", name);
                    try {
                        return tools.updated(call, TASKS, path, task);
                    } catch (SdpRefused refused) {
                        throw new ToolException(refused.getMessage() + " This ServiceDesk Plus does not list its task "
                                + "statuses, so the status was sent by name (\"" + Values.shorten(name) + "\")"
                                + (given.isPresent() ? "" : ": give status, the name your instance uses for a finished task")
                                + ".");
                    }
                });
    }

    private static ObjectNode reference(JsonNode status) {
        ObjectNode reference = SdpClient.JSON.createObjectNode();
        reference.put("id", status.path("id").asText());
        return reference;
    }

    private static ToolException noDoneStatus(List<JsonNode> statuses) {
        return new ToolException("This ServiceDesk Plus has no task status that means done (its task statuses: "
                + String.join(", ", statuses.stream().map(s -> s.path("name").asText()).toList())
                + "). Give status: the one your instance uses for a finished task.");
    }

    /** The instance's task status that means done: the first of DONE_STATUSES it has, by name in any case. */
    static Optional<JsonNode> doneStatus(List<JsonNode> statuses) {
        for (String name : DONE_STATUSES) {
            for (JsonNode status : statuses) {
                if (status.path("name").asText().trim().equalsIgnoreCase(name)) {
                    return Optional.of(status);
                }
            }
        }
        return Optional.empty();
    }

    @Produces
    ToolDefinition listProjectTasks() {
        return tools.listUnder(PROJECTS, "project_id", TASKS, "list_project_tasks", "List a project's tasks",
                "Lists a project's tasks matching the filters.", TASK_FILTERS);
    }

    @Produces
    ToolDefinition addWorklog() {
        return tools.addWorklog(WORKLOGS, "add_worklog", "Log work on a project task",
                "Records time a technician spent on a project's task (start and end, or hours and minutes).",
                JsonSchemas.object().id("project_id", null, true).id("task_id", null, true),
                call -> taskPath(call) + "/" + WORKLOGS.path());
    }

    @Produces
    ToolDefinition createMilestone() {
        return tools.addUnder(PROJECTS, "project_id", MILESTONES, "create_milestone", "Add a milestone to a project",
                "Adds a milestone to a project; tasks can then be put under it (create_task with milestone).",
                MILESTONE_FIELDS);
    }

    private static String taskPath(ToolCall call) throws ToolException, SdpException {
        return ModuleTools.childPath(PROJECTS, ToolArgs.id(call, "project_id"), TASKS) + "/" + ToolArgs.id(call, "task_id");
    }

    // --- the summary

    @Produces
    ToolDefinition getProjectSummary() {
        Map<String, Object> output = JsonSchemas.object().property("project", JsonSchemas.typed("object", null), true)
                .objects("milestones", null, true).objects("tasks", "Each with its worklogs", true)
                .property("totals", JsonSchemas.typed("object", null), true)
                .bool("complete", "False when cut off (see omitted)", true).strings("omitted", null, true)
                .buildResult();
        return new ToolDefinition("get_project_summary", "Summarize a project",
                "A project with its milestones, tasks, logged time and totals in one answer (cut off at 500 milestones "
                        + "or tasks; worklogs of the first 50 tasks).",
                Toolset.PROJECTS, JsonSchemas.object().id("project_id", null, true)
                        .bool("include_worklogs", "Default true; one call per task", false)
                        .build(),
                output, Hints.reads(), this::summary);
    }

    private ToolResult summary(ToolCall call) throws ToolException, SdpException {
        String id = ToolArgs.id(call, "project_id");
        boolean withWorklogs = ToolArgs.bool(call, "include_worklogs").orElse(true);
        JsonNode project = sdp.get(ToolArgs.caller(call), PROJECTS.path() + "/" + id, null).path(PROJECTS.singular());
        ProjectSummary summary = new ProjectSummary(project, withWorklogs);
        summary.milestones(sdp.rows(ToolArgs.caller(call), ModuleTools.childPath(PROJECTS, id, MILESTONES), MILESTONES.plural(),
                MAX_PAGES));
        SdpClient.Rows tasks = summary.whole(sdp.rows(ToolArgs.caller(call), ModuleTools.childPath(PROJECTS, id, TASKS),
                TASKS.plural(), MAX_PAGES), "tasks");
        for (JsonNode task : tasks.items()) {
            boolean logged = withWorklogs && summary.tasks() < MAX_WORKLOG_TASKS;
            summary.task(task, logged ? worklogs(call, id, task, summary) : null);
        }
        if (withWorklogs && tasks.items().size() > MAX_WORKLOG_TASKS) {
            summary.omitted("worklogs of the " + (tasks.items().size() - MAX_WORKLOG_TASKS) + " tasks after the first "
                    + MAX_WORKLOG_TASKS);
        }
        return ToolResult.of(summary.text(), summary.structured());
    }

    /** One page of a task's worklogs (a task with more is noted as cut short). */
    private SdpClient.Rows worklogs(ToolCall call, String projectId, JsonNode task, ProjectSummary summary)
            throws SdpException {
        String taskId = task.path("id").asText();
        SdpClient.Rows worklogs = sdp.rows(ToolArgs.caller(call), ModuleTools.childPath(PROJECTS, projectId, TASKS) + "/"
                + taskId + "/" + WORKLOGS.path(), WORKLOGS.plural(), 1);
        if (!worklogs.complete()) {
            summary.omitted("worklogs of task " + taskId + " after the first 100");
        }
        return worklogs;
    }

    /** What get_project_summary gathers, task by task, and how it reads: totals, text and what was left out. */
    private static final class ProjectSummary {

        private final JsonNode project;
        private final boolean withWorklogs;
        private final List<String> omitted = new ArrayList<>();
        private List<JsonNode> milestones = List.of();
        private final List<JsonNode> taskRows = new ArrayList<>();
        private final Map<String, Integer> byStatus = new LinkedHashMap<>();
        private final StringBuilder taskText = new StringBuilder();
        private int done;
        private int worklogCount;
        private long minutes;

        ProjectSummary(JsonNode project, boolean withWorklogs) {
            this.project = project;
            this.withWorklogs = withWorklogs;
        }

        /** The rows, noting when there were more than the pages read. */
        SdpClient.Rows whole(SdpClient.Rows rows, String what) {
            if (!rows.complete()) {
                omitted(what + " after the first " + rows.items().size());
            }
            return rows;
        }

        void milestones(SdpClient.Rows rows) {
            milestones = whole(rows, "milestones").items();
        }

        void omitted(String what) {
            omitted.add(what);
        }

        int tasks() {
            return taskRows.size();
        }

        /** A task, with its worklogs when they were read (null otherwise). */
        void task(JsonNode task, SdpClient.Rows worklogs) {
            ObjectNode row = task.deepCopy();
            String status = Render.value(task.path("status"));
            byStatus.merge(status.isEmpty() ? "(none)" : status, 1, Integer::sum);
            if (DONE_STATUSES.contains(status.trim().toLowerCase(Locale.ROOT))) {
                done++;
            }
            String logged = "";
            if (worklogs != null) {
                long taskMinutes = worklogs.items().stream().mapToLong(ProjectTools::minutes).sum();
                row.set(WORKLOGS.plural(), SdpClient.JSON.valueToTree(worklogs.items()));
                worklogCount += worklogs.items().size();
                minutes += taskMinutes;
                logged = worklogs.items().isEmpty() ? "" : " — logged " + duration(taskMinutes);
            }
            taskRows.add(row);
            taskText.append("- ").append(TASKS.line().apply(task)).append(logged).append('\n');
        }

        String text() {
            StringBuilder text = new StringBuilder("Project ").append(PROJECTS.line().apply(project)).append('\n');
            text.append("Milestones (").append(milestones.size()).append("):\n");
            milestones.forEach(m -> text.append("- ").append(MILESTONES.line().apply(m)).append('\n'));
            List<String> statuses = new ArrayList<>();
            byStatus.forEach((status, count) -> statuses.add(count + " " + status));
            text.append("Tasks (").append(taskRows.size()).append(", ").append(done).append(" done")
                    .append(statuses.isEmpty() ? "" : ": " + String.join(", ", statuses)).append("):\n").append(taskText);
            if (withWorklogs) {
                text.append("Time logged: ").append(duration(minutes)).append(" in ").append(worklogCount).append(" worklog")
                        .append(worklogCount == 1 ? "" : "s").append(".\n");
            }
            if (!omitted.isEmpty()) {
                text.append("Left out (the project is large): ").append(String.join("; ", omitted))
                        .append(". Use list_project_tasks to page through the rest.");
            }
            return text.toString().trim();
        }

        Map<String, Object> structured() {
            Map<String, Object> totals = new LinkedHashMap<>();
            totals.put("milestones", milestones.size());
            totals.put("tasks", taskRows.size());
            totals.put("tasks_done", done);
            totals.put("tasks_by_status", byStatus);
            if (withWorklogs) {
                totals.put("worklogs", worklogCount);
                totals.put("minutes_logged", minutes);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("project", project);
            out.put("milestones", milestones);
            out.put("tasks", taskRows);
            out.put("totals", totals);
            out.put("complete", omitted.isEmpty());
            out.put("omitted", omitted);
            return out;
        }
    }

    /** A worklog's time_spent in minutes ({"hours": "1", "minutes": "30"}, numbers or text). */
    static long minutes(JsonNode worklog) {
        JsonNode spent = worklog.path("time_spent");
        return Math.round(spent.path("hours").asDouble(0) * 60 + spent.path("minutes").asDouble(0));
    }

    static String duration(long minutes) {
        return minutes / 60 + "h " + minutes % 60 + "m";
    }
}
