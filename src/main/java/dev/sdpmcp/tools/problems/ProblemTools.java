package dev.sdpmcp.tools.problems;

import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.ToolGroup;
import dev.sdpmcp.tools.sdp.AttachmentTools;
import dev.sdpmcp.tools.sdp.CommonFields;
import dev.sdpmcp.tools.sdp.Field;
import dev.sdpmcp.tools.sdp.Filter;
import dev.sdpmcp.tools.sdp.ModuleTools;
import dev.sdpmcp.tools.sdp.Render;
import dev.sdpmcp.tools.sdp.SdpModule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.List;

/** Problems (the causes behind incidents) and their notes (docs/sdp-api-fidelity.md §5). */
@ApplicationScoped
public class ProblemTools {

    static final SdpModule PROBLEMS = SdpModule.of(Toolset.PROBLEMS, "problem",
            p -> Render.line(p, "title", "status", "priority", "technician", "created_time"))
            // ManageEngine's Ansible collection, conf/problem.py sortable_fields
            .sortable("reported_time", "due_by_time", "closed_time", "created_time", "id", "title", "priority", "status").withUdfs();
    /** Root "note", as the Cloud documentation of problem notes shows it. */
    static final SdpModule NOTES = PROBLEMS.under("note",
            n -> Render.line(n, "description", "performed_by", "performed_time"));
    static final SdpModule TASKS = PROBLEMS.under("task",
            t -> Render.line(t, "title", "status", "owner", "priority", "scheduled_end_time"));
    static final SdpModule WORKLOGS = PROBLEMS.under("worklog",
            w -> Render.line(w, "description", "owner", "time_spent", "start_time"));

    static final List<Field> FIELDS = CommonFields.concat(List.of(
            Field.text("title", null).asMandatory(),
            Field.text("description", null),
            // problems may not share the request statuses and their own list has no known endpoint: sent by name
            Field.named("status", "e.g. Open, Resolved, Closed"),
            Field.user("technician", null),
            Field.user("reported_by", null),
            Field.time("due_by", "due_by_time", null),
            Field.grouped("impact_details", "What the impact is, in words")),
            CommonFields.CLASSIFICATION);

    static final List<Filter> FILTERS = CommonFields.concat(List.of(
            Filter.names("status", "status.name", "e.g. Open,In Progress"),
            Filter.person("technician", "technician", null),
            Filter.names("category", "category.name", null)),
            CommonFields.FILTERS);

    @Inject
    ModuleTools tools;

    @Inject
    AttachmentTools attachmentTools;

    @Produces
    ToolDefinition listProblems() {
        return tools.list(PROBLEMS, "list_problems", "List problems",
                "Lists problems matching the filters, newest first unless sorted.",
                FILTERS, "created_time");
    }

    @Produces
    ToolDefinition getProblem() {
        return tools.get(PROBLEMS, "problem_id", "get_problem", "Get a problem",
                "Shows one problem with all its fields.");
    }

    @Produces
    ToolDefinition createProblem() {
        return tools.create(PROBLEMS, "create_problem", "Create a problem",
                "Creates a problem with only the fields you give.",
                FIELDS);
    }

    @Produces
    ToolDefinition updateProblem() {
        return tools.update(PROBLEMS, "problem_id", "update_problem", "Update a problem",
                "Changes the given fields of a problem (e.g. status Closed); fields not given stay as they are.", FIELDS);
    }

    @Produces
    ToolDefinition addNoteToProblem() {
        return tools.addUnder(PROBLEMS, "problem_id", NOTES, "add_note_to_problem", "Add a note to a problem",
                "Adds a note to a problem.", CommonFields.NOTE);
    }

    @Produces
    ToolDefinition listProblemNotes() {
        return tools.listUnder(PROBLEMS, "problem_id", NOTES, "list_problem_notes", "List a problem's notes",
                "Lists the notes of a problem.");
    }

    @Produces
    ToolGroup tasksAndWorklogs() {
        return tools.tasksAndWorklogs(PROBLEMS, "problem_id", TASKS, WORKLOGS);
    }

    @Produces
    ToolGroup attachments() {
        return attachmentTools.attachments(PROBLEMS, "problem_id");
    }
}
