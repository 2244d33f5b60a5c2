package dev.sdpmcp.tools.changes;

import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.ToolException;
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

/** Changes (planned changes to services and infrastructure) and their notes (docs/sdp-api-fidelity.md §5). */
@ApplicationScoped
public class ChangeTools {

    static final SdpModule CHANGES = SdpModule.of(Toolset.CHANGES, "change",
            c -> Render.line(c, "title", "stage", "status", "change_type", "risk", "change_owner", "scheduled_start_time"))
            // ManageEngine's Ansible collection, conf/change.py sortable_fields
            .sortable("created_time", "completed_time", "scheduled_start_time", "scheduled_end_time", "id", "title",
                    "priority", "status", "stage").withUdfs();
    /** Root "note", as the Cloud documentation of change notes shows it. */
    static final SdpModule NOTES = CHANGES.under("note",
            n -> Render.line(n, "description", "performed_by", "performed_time"));
    static final SdpModule TASKS = CHANGES.under("task",
            t -> Render.line(t, "title", "status", "owner", "priority", "scheduled_end_time"));
    static final SdpModule WORKLOGS = CHANGES.under("worklog",
            w -> Render.line(w, "description", "owner", "time_spent", "start_time"));

    /** Change types, stages, statuses, risks and reasons have no list to look names up in: SDP checks them by name. */
    static final List<Field> FIELDS = CommonFields.concat(List.of(
            Field.text("title", null).asMandatory(),
            Field.text("description", null),
            Field.named("change_type", "e.g. Minor, Standard, Major or Emergency"),
            Field.user("change_requester", null),
            Field.user("change_owner", null),
            Field.user("change_manager", null),
            Field.named("stage", "e.g. Submission, Planning, Approval, Implementation, Review or Close"),
            Field.named("status", "Within the stage, e.g. Requested, Approved, Completed"),
            Field.named("risk", "e.g. Low, Medium, High"),
            Field.named("reason_for_change", "e.g. Upgrade, Maintenance, Fix, Security"),
            Field.time("scheduled_start", "scheduled_start_time", null),
            Field.time("scheduled_end", "scheduled_end_time", null),
            Field.grouped("roll_out_plan", "How the change will be rolled out"),
            Field.grouped("back_out_plan", "How to undo it if it fails")),
            CommonFields.CLASSIFICATION);

    static final List<Filter> FILTERS = CommonFields.concat(List.of(
            Filter.names("status", "status.name", "e.g. Requested,In Progress"),
            Filter.names("stage", "stage.name", "e.g. Approval"),
            Filter.names("change_type", "change_type.name", "e.g. Emergency"),
            Filter.names("risk", "risk.name", null),
            Filter.person("change_owner", "change_owner", null),
            Filter.person("change_manager", "change_manager", null),
            Filter.from("scheduled_from", "scheduled_start_time", "Start at or after"),
            Filter.to("scheduled_to", "scheduled_start_time", "Start at or before")),
            CommonFields.FILTERS);

    @Inject
    ModuleTools tools;

    @Inject
    AttachmentTools attachmentTools;

    @Produces
    ToolDefinition listChanges() {
        return tools.list(CHANGES, "list_changes", "List changes",
                "Lists changes matching the filters, newest first unless sorted.",
                FILTERS, "created_time");
    }

    @Produces
    ToolDefinition getChange() {
        return tools.get(CHANGES, "change_id", "get_change", "Get a change",
                "Shows one change with all its fields.");
    }

    @Produces
    ToolDefinition createChange() {
        return tools.create(CHANGES, "create_change", "Create a change",
                "Creates a change with only the fields you give.",
                FIELDS);
    }

    /** "Whenever the user modifies the status, comment is mandatory" (the change API): the reason, beside the status. */
    static final List<Field> UPDATE_FIELDS = CommonFields.concat(FIELDS,
            List.of(Field.text("comment", "Why the status changes: required with status")));

    @Produces
    ToolDefinition updateChange() {
        ToolDefinition update = tools.update(CHANGES, "change_id", "update_change", "Update a change",
                "Changes the given fields of a change; the others stay.",
                UPDATE_FIELDS);
        return update.withHandler(call -> {
                    if (call.text("status").isPresent() && call.text("comment").isEmpty()) {
                        throw new ToolException("comment is required with status: ServiceDesk Plus asks for the reason "
                                + "whenever a change's status changes. Nothing was changed.");
                    }
                    return update.handler().handle(call);
                });
    }

    @Produces
    ToolDefinition addNoteToChange() {
        return tools.addUnder(CHANGES, "change_id", NOTES, "add_note_to_change", "Add a note to a change",
                "Adds a note to a change.", CommonFields.NOTE);
    }

    @Produces
    ToolDefinition listChangeNotes() {
        return tools.listUnder(CHANGES, "change_id", NOTES, "list_change_notes", "List a change's notes",
                "Lists the notes of a change.");
    }

    @Produces
    ToolGroup tasksAndWorklogs() {
        return tools.tasksAndWorklogs(CHANGES, "change_id", TASKS, WORKLOGS);
    }

    @Produces
    ToolGroup attachments() {
        return attachmentTools.attachments(CHANGES, "change_id");
    }
}
