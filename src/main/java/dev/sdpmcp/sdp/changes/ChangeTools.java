package dev.sdpmcp.sdp.changes;

import dev.sdpmcp.sdp.CommonFields;
import dev.sdpmcp.sdp.Field;
import dev.sdpmcp.sdp.Filter;
import dev.sdpmcp.sdp.Render;
import dev.sdpmcp.sdp.SdpModule;
import dev.sdpmcp.sdp.SdpTools;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.List;

/** Changes (planned changes to services and infrastructure) and their notes (docs/sdp-api-fidelity.md §5). */
@ApplicationScoped
public class ChangeTools {

    static final SdpModule CHANGES = new SdpModule("changes", "changes", "change", "changes", "change",
            c -> Render.line(c, "title", "stage", "status", "change_type", "risk", "change_owner", "scheduled_start_time"))
            // ManageEngine's Ansible collection, conf/change.py sortable_fields
            .sortable("created_time", "completed_time", "scheduled_start_time", "scheduled_end_time", "id", "title",
                    "priority", "status", "stage").withUdfs();
    /** Root "note", as the Cloud documentation of change notes shows it. */
    static final SdpModule NOTES = CHANGES.under("notes", "note", "notes", "note",
            n -> Render.line(n, "description", "performed_by", "performed_time"));

    /** Change types, stages, statuses, risks and reasons have no list to look names up in: SDP checks them by name. */
    static final List<Field> FIELDS = CommonFields.concat(List.of(
            Field.text("title", "Title, at most 250 characters").asMandatory(),
            Field.text("description", "Description (plain text or HTML)"),
            Field.named("change_type", "Change type name, e.g. Minor, Standard, Major or Emergency"),
            Field.user("change_requester", "Who asks for the change: e-mail or name"),
            Field.user("change_owner", "Technician who owns the change: e-mail or name"),
            Field.user("change_manager", "Technician who manages the change: e-mail or name"),
            Field.named("stage", "Stage name, e.g. Submission, Planning, Approval, Implementation, Review or Close"),
            Field.named("status", "Status name within the stage, e.g. Requested, Approved, In Progress or Completed"),
            Field.named("risk", "Risk name, e.g. Low, Medium, High"),
            Field.named("reason_for_change", "Reason name, e.g. Upgrade, Maintenance, Fix, Security"),
            Field.time("scheduled_start", "scheduled_start_time", "Planned start, e.g. 2026-03-01T22:00:00Z"),
            Field.time("scheduled_end", "scheduled_end_time", "Planned end"),
            Field.grouped("roll_out_plan", "How the change will be rolled out"),
            Field.grouped("back_out_plan", "How to undo it if it fails")),
            CommonFields.CLASSIFICATION);

    static final List<Filter> FILTERS = CommonFields.concat(List.of(
            Filter.names("status", "status.name", "Status name(s), comma-separated, e.g. Requested,In Progress"),
            Filter.names("stage", "stage.name", "Stage name(s), e.g. Approval"),
            Filter.names("change_type", "change_type.name", "Change type name(s), e.g. Emergency"),
            Filter.names("risk", "risk.name", "Risk name(s)"),
            Filter.person("change_owner", "change_owner", "Change owner: e-mail or name"),
            Filter.person("change_manager", "change_manager", "Change manager: e-mail or name"),
            Filter.from("scheduled_from", "scheduled_start_time", "Scheduled to start at or after (date or date-time)"),
            Filter.to("scheduled_to", "scheduled_start_time", "Scheduled to start at or before")),
            CommonFields.FILTERS);

    @Inject
    SdpTools tools;

    @Produces
    ToolDefinition listChanges() {
        return tools.list(CHANGES, "list_changes", "List changes",
                "Lists changes, newest first unless sort_by is given, filtered by status, stage, type, risk, owner, manager, "
                        + "priority, group, site, schedule and creation date — all evaluated by ServiceDesk Plus. Paged.",
                FILTERS, "created_time");
    }

    @Produces
    ToolDefinition getChange() {
        return tools.get(CHANGES, "change_id", "get_change", "Get a change",
                "Shows one change with all its fields (type, stage, status, risk, people, schedule, plans).");
    }

    @Produces
    ToolDefinition createChange() {
        return tools.create(CHANGES, "create_change", "Create a change",
                "Creates a change with only the fields you give; names (type, risk, priority, category…) are matched to "
                        + "this ServiceDesk Plus's own values.",
                FIELDS);
    }

    /** "Whenever the user modifies the status, comment is mandatory" (the change API): the reason, beside the status. */
    static final List<Field> UPDATE_FIELDS = CommonFields.concat(FIELDS,
            List.of(Field.text("comment", "Why the status changes: required with status")));

    @Produces
    ToolDefinition updateChange() {
        ToolDefinition update = tools.update(CHANGES, "change_id", "update_change", "Update a change",
                "Changes the given fields of a change (e.g. stage and status); fields not given stay as they are.",
                UPDATE_FIELDS);
        return new ToolDefinition(update.name(), update.title(), update.description(), update.toolset(),
                update.inputSchema(), update.outputSchema(), update.annotations(), call -> {
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
                "Lists the notes of a change. Paged.");
    }
}
