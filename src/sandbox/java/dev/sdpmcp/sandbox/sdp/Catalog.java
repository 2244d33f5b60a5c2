package dev.sdpmcp.sandbox.sdp;

import static dev.sdpmcp.sandbox.sdp.Module.Auto.CALLER_DEFAULT;
import static dev.sdpmcp.sandbox.sdp.Module.Auto.CREATED;
import static dev.sdpmcp.sandbox.sdp.Module.Auto.CREATOR;
import static dev.sdpmcp.sandbox.sdp.Module.Auto.UPDATED;
import static dev.sdpmcp.sandbox.sdp.Module.Auto.UPDATER;
import static dev.sdpmcp.sandbox.sdp.Module.Type.BOOL;
import static dev.sdpmcp.sandbox.sdp.Module.Type.DATETIME;
import static dev.sdpmcp.sandbox.sdp.Module.Type.EMAILS;
import static dev.sdpmcp.sandbox.sdp.Module.Type.LIST;
import static dev.sdpmcp.sandbox.sdp.Module.Type.LOOKUP;
import static dev.sdpmcp.sandbox.sdp.Module.Type.NUMBER;
import static dev.sdpmcp.sandbox.sdp.Module.Type.NUMERIC_TEXT;
import static dev.sdpmcp.sandbox.sdp.Module.Type.TEXT;
import static dev.sdpmcp.sandbox.sdp.Module.Type.UDF;
import static dev.sdpmcp.sandbox.sdp.Module.Type.USER;

import dev.sdpmcp.sandbox.sdp.Module.FieldSet;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every module the simulator serves, described once (docs/sdp-api-fidelity.md). Scope modules follow ME's scope format (§10 there): a lookup that
 * the reference files under "setup" or "general" without saying which accepts either; request templates and
 * subcategories need setup (observed); users accept users (and the unverified technicians scope for /technicians).
 */
final class Catalog {

    private static final Map<String, Module> MODULES = new LinkedHashMap<>();
    private static final String[] SETUP = {"setup"};
    private static final String[] SETUP_OR_GENERAL = {"setup", "general"};
    private static final String[] GENERAL_OR_SETUP = {"general", "setup"};

    private Catalog() {
    }

    static Module module(String name) {
        Module module = MODULES.get(name);
        if (module == null) {
            throw new IllegalArgumentException("no module " + name);
        }
        return module;
    }

    /** The module served at /api/v3/{path}, or null. */
    static Module top(String path) {
        return MODULES.values().stream().filter(m -> path.equals(m.path)).findFirst().orElse(null);
    }

    static Collection<Module> all() {
        return MODULES.values();
    }

    private static Module define(Module module) {
        MODULES.put(module.name, module);
        return module;
    }

    /** A read-only list of names (priorities, modes, …); {@code path} null keeps it internal. */
    private static Module lookup(String name, String singular, String path, String[] scopes, Consumer<FieldSet> extra) {
        Module module = define(new Module(name, singular, name).at(path).scopes(scopes).ops(Module.READ))
                .fields(f -> f.field("name", TEXT).field("description", TEXT));
        return module.fields(extra);
    }

    private static Module lookup(String name, String singular, String[] scopes) {
        return lookup(name, singular, name, scopes, f -> { });
    }

    private static Module internal(String name, String singular, Consumer<FieldSet> extra) {
        return lookup(name, singular, null, SETUP, extra);
    }

    static {
        lookups();
        users();
        requests();
        problemsAndChanges();
        approvals();
        projects();
        assetsAndSolutions();
    }

    private static void lookups() {
        lookup("priorities", "priority", "priorities", SETUP_OR_GENERAL, f -> f.field("color", TEXT)).refs("id", "name", "color");
        lookup("statuses", "status", "statuses", SETUP_OR_GENERAL,
                f -> f.field("color", TEXT).field("in_progress", BOOL).field("internal_name", TEXT).field("stop_timer", BOOL))
                .refs("id", "name", "color", "in_progress", "internal_name", "stop_timer");
        for (String[] plain : new String[][] {{"urgencies", "urgency"}, {"impacts", "impact"}, {"levels", "level"},
                {"modes", "mode"}, {"request_types", "request_type"}, {"closure_codes", "closure_code"}}) {
            lookup(plain[0], plain[1], SETUP_OR_GENERAL);
        }
        lookup("sites", "site", "sites", GENERAL_OR_SETUP, f -> f.field("deleted", BOOL).field("is_default", BOOL).field("time_zone", TEXT))
                .refs("id", "name", "deleted", "is_default");
        lookup("departments", "department", "departments", GENERAL_OR_SETUP, f -> f.field("site", LOOKUP, "sites"));
        Consumer<FieldSet> group = f -> f.field("site", LOOKUP, "sites").field("deleted", BOOL).field("email_id", TEXT);
        lookup("support_groups", "support_group", "support_groups", SETUP_OR_GENERAL, group).refs("id", "name", "site", "deleted");
        lookup("groups", "group", "groups", SETUP_OR_GENERAL, group).refs("id", "name", "site", "deleted")
                .view("support_groups", row -> true);
        lookup("categories", "category", "categories", SETUP_OR_GENERAL, f -> f.field("deleted", BOOL))
                .refs("id", "name", "deleted").child("subcategories", "subcategories");
        lookup("subcategories", "subcategory", "subcategories", SETUP, f -> f.field("deleted", BOOL))
                .parent("category", "categories", true).child("items", "items");
        lookup("items", "item", "items", SETUP_OR_GENERAL, f -> f.field("deleted", BOOL)).parent("subcategory", "subcategories", true);
        lookup("request_templates", "request_template", "request_templates", SETUP,
                f -> f.field("inactive", BOOL).field("is_service_template", BOOL))
                .refs("id", "name", "inactive", "is_service_template");

        // per portal, and served: which status means done differs between instances (fidelity §8; the path is a
        // design choice, no source names it)
        lookup("task_statuses", "task_status", "task_statuses", SETUP_OR_GENERAL, f -> f.field("color", TEXT))
                .refs("id", "name", "color");
        internal("task_types", "task_type", f -> { });
        internal("project_statuses", "status", f -> f.field("color", TEXT));
        internal("project_types", "project_type", f -> { });
        // whether problems share the request statuses is unconfirmed (fidelity §7): the stricter, their own list, with
        // no known endpoint to read it from
        internal("problem_statuses", "status", f -> f.field("color", TEXT));
        internal("project_roles", "role", f -> { });
        internal("worklog_types", "type", f -> { });
        internal("asset_states", "state", f -> { });
        internal("change_types", "change_type", f -> f.field("color", TEXT));
        internal("change_stages", "stage", f -> f.field("internal_name", TEXT).field("stage_index", NUMBER))
                .refs("id", "name", "internal_name", "stage_index");
        internal("change_statuses", "status", f -> f.field("internal_name", TEXT)).refs("id", "name", "internal_name");
        internal("change_reasons", "reason_for_change", f -> { });
        internal("risks", "risk", f -> { });
    }

    /**
     * One users table behind /technicians and /requesters; /users itself answers 404 (4007) as on Cloud
     * (docs/sdp-api-fidelity.md §9), so the table has no path.
     */
    private static void users() {
        userModule("users", "user", null).scopes("users");
        userModule("technicians", "technician", "technicians").scopes("users", "technicians")
                .view("users", row -> row.path("is_technician").asBoolean());
        userModule("requesters", "requester", "requesters").scopes("users")
                .view("users", row -> !row.path("is_technician").asBoolean());
    }

    /** One users table (docs/sdp-api-fidelity.md §9), seen whole or as technicians or requesters. */
    private static Module userModule(String name, String singular, String path) {
        return define(new Module(name, singular, name).at(path).ops(Module.READ))
                .refs("id", "name", "email_id", "is_technician", "sms_mail", "phone", "mobile", "photo_url", "is_vip_user",
                        "department")
                .fields(f -> f.fields(TEXT, "name", "first_name", "last_name", "email_id", "phone", "mobile", "sms_mail", "sms_mail_id",
                                "photo_url").fields(BOOL, "is_technician", "is_vip_user")
                        .field("department", LOOKUP, "departments").field("site", LOOKUP, "sites")
                        .fields(TEXT, "job_title", "employee_id").field("cost_per_hour", NUMBER));
    }

    /** created_by, created_time and last_updated_time, as most modules carry them. */
    private static void audit(FieldSet f) {
        f.field("created_by", USER, "users").readOnly().auto(CREATOR)
                .field("created_time", DATETIME).readOnly().auto(CREATED)
                .field("last_updated_time", DATETIME).readOnly().auto(UPDATED);
    }

    /** The request-like classification fields shared by requests, problems and changes. */
    private static void classification(FieldSet f) {
        f.field("priority", LOOKUP, "priorities").field("urgency", LOOKUP, "urgencies").field("impact", LOOKUP, "impacts")
                .field("site", LOOKUP, "sites").field("group", LOOKUP, "support_groups")
                .field("category", LOOKUP, "categories").field("subcategory", LOOKUP, "subcategories").within("category")
                .field("item", LOOKUP, "items").within("subcategory");
    }

    private static void requests() {
        define(new Module("requests", "request", "requests").at("requests").scopes("requests").ops(Module.CRUD))
                .label("subject").refs("id", "subject", "display_id").displayId(null)
                // ManageEngine's Ansible collection, conf/request.py sortable_fields
                .sortable("created_time", "due_by_time", "first_response_due_by_time", "last_updated_time",
                        "scheduled_start_time", "scheduled_end_time", "subject", "id", "priority", "status")
                .list("requester", "template", "created_time", "has_draft", "cancel_flag_comments", "display_id", "subject",
                        "technician", "due_by_time", "is_service_request", "cancellation_requested", "has_notes", "id", "status", "group")
                .child("notes", "request_notes").child("worklogs", "request_worklogs").child("tasks", "request_tasks")
                .child("notifications", "request_notifications")
                .fields(f -> {
                    f.field("subject", TEXT).mandatory().max(250).field("description", TEXT)
                            .field("requester", USER, "users").auto(CALLER_DEFAULT)
                            .field("technician", USER, "technicians")
                            .field("template", LOOKUP, "request_templates").byDefault("Default Request")
                            .field("request_type", LOOKUP, "request_types")
                            .field("status", LOOKUP, "statuses").byDefault("Open")
                            .field("level", LOOKUP, "levels").field("mode", LOOKUP, "modes").field("department", LOOKUP, "departments");
                    classification(f);
                    f.field("due_by_time", DATETIME).field("first_response_due_by_time", DATETIME)
                            .field("scheduled_start_time", DATETIME).field("scheduled_end_time", DATETIME)
                            .readOnly(DATETIME, "responded_time", "resolved_time", "completed_time", "assigned_time", "deleted_time");
                    audit(f);
                    f.fields(LIST, "email_ids_to_notify", "email_to", "email_cc", "email_bcc").field("udf_fields", UDF)
                            .object("resolution", r -> r.field("content", TEXT).field("add_to_linked_requests", BOOL)
                                    .field("submitted_on", DATETIME).readOnly().auto(UPDATED)
                                    .field("submitted_by", USER, "users").readOnly().auto(UPDATER)
                                    .field("resolution_attachments", LIST).readOnly())
                            .object("closure_info", c -> c.field("closure_code", LOOKUP, "closure_codes").field("closure_comments", TEXT)
                                    .field("requester_ack_resolution", BOOL).field("requester_ack_comments", TEXT))
                            // plain strings of at most 250 characters (ME's request page); the two comments go with a status change or an edit (ANS conf/request.py)
                            .field("impact_details", TEXT).max(250).field("update_reason", TEXT).max(250)
                            .field("status_change_comments", TEXT).field("is_fcr", BOOL)
                            .any("sla").any("onhold_scheduler").any("linked_to_request").any("notification_status")
                            .any("lifecycle").any("approval_status").any("cancel_flag_comments").field("attachments", LIST).readOnly()
                            .field("time_elapsed", TEXT).readOnly().initial("0").field("unreplied_count", NUMBER).readOnly().initial(0)
                            .readOnly(BOOL, "is_read", "is_trashed", "is_escalated", "is_overdue", "is_first_response_overdue",
                                    "is_service_request", "is_reopened", "cancellation_requested", "has_notes", "has_draft",
                                    "has_attachments", "has_linked_requests", "has_problem", "has_project",
                                    "has_request_initiated_change");
                })
                .hook(Behaviors::requestLifecycle);
        notes("request_notes", "request_note", "request_notes", "request", "requests", "added_by", "added_time")
                .aliases("note")
                .fields(f -> f.field("last_updated_by", USER, "users").readOnly().auto(UPDATER)
                        .field("last_updated_time", DATETIME).readOnly().auto(UPDATED)
                        .field("show_to_requester", BOOL).field("notify_technician", BOOL).field("mark_first_response", BOOL)
                        .field("add_to_linked_requests", BOOL));
        // e-mails to the requester and others, and the conversation they make with the notes (docs/sdp-api-fidelity.md §15)
        define(new Module("request_notifications", "notification", "notifications").scopes("requests")
                .ops(EnumSet.of(Module.Op.LIST, Module.Op.GET, Module.Op.ADD)))
                .label("subject").refs("id", "subject").parent("request", "requests", false)
                .fields(f -> f.field("subject", TEXT).mandatory().max(250).field("description", TEXT).mandatory()
                        .field("type", TEXT).mandatory().fields(EMAILS, "to", "cc", "bcc")
                        .field("sender", USER, "users").readOnly().auto(CREATOR)
                        .field("time", DATETIME).readOnly().auto(CREATED))
                .hook(Behaviors::notification);
        // the rows of GET requests/{id}/conversations, made from the notes and notifications (RequestActions.conversations)
        define(new Module("request_conversations", "conversation", "conversations").scopes("requests"))
                .fields(f -> f.field("type", TEXT).field("subject", TEXT).field("sender", USER, "users")
                        .field("time", DATETIME).field("show_to_requester", BOOL));
        worklogs("request_worklogs", "request", "requests", "requests");
        tasks("request_tasks", "request", "requests", "requests").child("worklogs", "request_task_worklogs");
        worklogs("request_task_worklogs", "task", "request_tasks", "requests");
    }

    /** Notes: a mandatory description and who added it when; the parent learns it has notes. */
    private static Module notes(String name, String singular, String plural, String parentField, String parent, String byField,
            String timeField) {
        return define(new Module(name, singular, plural).scopes(Catalog.module(parent).scopes.get(0)).ops(Module.CRUD))
                .label("description").refs("id").parent(parentField, parent, false)
                .fields(f -> f.field("description", TEXT).mandatory()
                        .field(byField, USER, "users").readOnly().auto(CREATOR)
                        .field(timeField, DATETIME).readOnly().auto(CREATED))
                .hook(Behaviors::notedOnParent);
    }

    /** Worklogs (docs/sdp-api-fidelity.md §4, new format): mandatory owner; time_spent {hours, minutes}; the parent comes from the URL. */
    private static Module worklogs(String name, String parentField, String parent, String scope) {
        return define(new Module(name, "worklog", "worklogs").scopes(scope).ops(Module.CRUD))
                .label("description").refs("id").parent(parentField, parent, true)
                .fields(f -> f.field("owner", USER, "technicians").mandatory().field("description", TEXT)
                        .field("start_time", DATETIME).field("end_time", DATETIME)
                        .object("time_spent", t -> t.field("hours", NUMBER).field("minutes", NUMBER))
                        .field("include_nonoperational_hours", BOOL).field("type", LOOKUP, "worklog_types")
                        .field("other_cost", NUMBER).field("owner_cost", NUMBER).readOnly().field("total_cost", NUMBER).readOnly()
                        .field("created_by", USER, "users").readOnly().auto(CREATOR)
                        .field("created_time", DATETIME).readOnly().auto(CREATED)
                        .field("recorded_time", DATETIME).readOnly().auto(CREATED))
                .hook(Behaviors::worklogTimes);
    }

    /** Tasks (docs/sdp-api-fidelity.md §4, §8) of requests, problems, changes and projects; a status Closed/Completed or 100 % completes them. */
    private static Module tasks(String name, String parentField, String parent, String scope) {
        return define(new Module(name, "task", "tasks").scopes(scope).ops(Module.CRUD))
                .label("title").refs("id", "title").parent(parentField, parent, true)
                .fields(f -> {
                    f.field("title", TEXT).mandatory().max(250).field("description", TEXT)
                            .field("owner", USER, "technicians").field("group", LOOKUP, "support_groups")
                            .field("status", LOOKUP, "task_statuses").byDefault("Open")
                            .field("priority", LOOKUP, "priorities").field("task_type", LOOKUP, "task_types")
                            // ME's samples send the effort and the percentage as numeric strings (fidelity §8): a
                            // JSON number is refused
                            .field("percentage_completion", NUMERIC_TEXT).field("estimated_effort_hours", NUMERIC_TEXT)
                            .fields(NUMERIC_TEXT, "estimated_effort_minutes", "estimated_effort_days", "email_before", "additional_cost")
                            .field("scheduled_start_time", DATETIME).field("scheduled_end_time", DATETIME)
                            .field("actual_start_time", DATETIME).field("actual_end_time", DATETIME);
                    audit(f);
                })
                .hook(Behaviors::taskCompletion);
    }

    private static void problemsAndChanges() {
        itsm("problems", "problem", "PB", "closed_time", f -> f
                .field("status", LOOKUP, "problem_statuses").byDefault("Open")
                .field("technician", USER, "technicians").field("reported_by", USER, "users").auto(CALLER_DEFAULT)
                .field("due_by_time", DATETIME).field("reported_time", DATETIME)
                // a grouped section, unlike a request's plain-text impact_details (docs/sdp-api-fidelity.md §7)
                .object("impact_details", i -> i.field("impact_details_description", TEXT))
                // the other grouped sections of ANS conf/problem.py, each inner key with its full name
                .object("root_cause", r -> r.field("root_cause_description", TEXT))
                .object("symptoms", y -> y.field("symptoms_description", TEXT))
                .object("known_error_details", k -> k.field("known_error_comments", TEXT).field("is_known_error", BOOL))
                .object("close_details", c -> c.field("close_details_comments", TEXT).field("closure_code", LOOKUP, "closure_codes"))
                .object("resolution_details", r -> r.field("resolution_details_description", TEXT))
                .object("workaround_details", w -> w.field("workaround_details_description", TEXT)));
        itsm("changes", "change", "CH", "completed_time", f -> f
                .field("change_type", LOOKUP, "change_types")
                .field("change_requester", USER, "users").auto(CALLER_DEFAULT)
                .field("change_owner", USER, "technicians").field("change_manager", USER, "technicians")
                .field("stage", LOOKUP, "change_stages").byDefault("Submission")
                .field("status", LOOKUP, "change_statuses").byDefault("Requested")
                .field("risk", LOOKUP, "risks").field("reason_for_change", LOOKUP, "change_reasons")
                .fields(BOOL, "retrospective", "emergency").field("closure_code", LOOKUP, "closure_codes")
                .field("scheduled_start_time", DATETIME).field("scheduled_end_time", DATETIME)
                // grouped sections: an object whose one key keeps the full name (docs/sdp-api-fidelity.md §5)
                .object("roll_out_plan", r -> r.field("roll_out_plan_description", TEXT))
                .object("back_out_plan", b -> b.field("back_out_plan_description", TEXT))
                // the reason for a status change, mandatory with it; kept in status_comments, not as a field
                .field("comment", TEXT).field("status_comments", LIST).readOnly());
        // ManageEngine's Ansible collection, conf/problem.py and conf/change.py sortable_fields
        module("problems").sortable("reported_time", "due_by_time", "closed_time", "created_time", "id", "title",
                "priority", "status");
        // change task worklogs (ME's change task worklog page); problem tasks have no documented worklogs
        module("change_tasks").child("worklogs", "change_task_worklogs");
        worklogs("change_task_worklogs", "task", "change_tasks", "changes");
        module("changes").sortable("created_time", "completed_time", "scheduled_start_time", "scheduled_end_time", "id",
                "title", "priority", "status", "stage").hook(Behaviors::statusComment);
    }

    /**
     * Problems and changes: a title, their own fields, the request-like classification, a display id with a prefix,
     * a closing time, and notes, worklogs and tasks below them. Notes have the root {@code note} only (ME's problem- and
     * change-note pages), performed_by and performed_time; the list root {@code notes} is inferred from it.
     */
    private static void itsm(String name, String singular, String prefix, String closedField, Consumer<FieldSet> own) {
        define(new Module(name, singular, name).at(name).scopes(name).ops(Module.CRUD))
                .label("title").refs("id", "title", "display_id").displayId(prefix)
                .child("notes", singular + "_notes").child("worklogs", singular + "_worklogs").child("tasks", singular + "_tasks")
                .fields(f -> {
                    f.field("title", TEXT).mandatory().max(250).field("description", TEXT);
                    own.accept(f);
                    classification(f);
                    f.field("udf_fields", UDF).field(closedField, DATETIME).readOnly();
                    audit(f);
                })
                .hook(Behaviors::closedTime);
        notes(singular + "_notes", "note", "notes", singular, name, "performed_by", "performed_time");
        worklogs(singular + "_worklogs", singular, name, name);
        tasks(singular + "_tasks", singular, name, name);
    }

    /**
     * Approval levels and approvals of requests and changes (docs/sdp-api-fidelity.md §14), as ME's request and
     * change approval pages describe them; the status, the entity and the sending are the server's ({@link Approvals}).
     * GET /approvals lists the caller's approvals of both.
     */
    private static void approvals() {
        Set<Module.Op> ops = EnumSet.of(Module.Op.LIST, Module.Op.GET, Module.Op.ADD, Module.Op.DELETE);
        for (String[] owner : new String[][] {{"requests", "request"}, {"changes", "change"}}) {
            String levels = owner[1] + "_approval_levels";
            String approvals = owner[1] + "_approvals";
            define(new Module(levels, "approval_level", "approval_levels").scopes(owner[0]).ops(ops))
                    .label("level").refs("id", "level").parent(owner[1], owner[0], true).child("approvals", approvals)
                    .fields(f -> f.field("level", NUMBER).mandatory().any("status").any("associated_entity")
                            .field("created_by", USER, "users").readOnly().auto(CREATOR)
                            .field("created_time", DATETIME).readOnly().auto(CREATED))
                    .hook(Approvals::level);
            module(owner[0]).child("approval_levels", levels);
            define(new Module(approvals, "approval", "approvals").scopes(owner[0]).ops(ops))
                    .refs("id").parent("approval_level", levels, true)
                    .fields(f -> approvalFields(f, owner[1])).hook(Approvals::sent);
        }
        define(new Module("approvals", "approval", "approvals").at("approvals").scopes("requests", "changes").ops(EnumSet.of(Module.Op.LIST)))
                .fields(f -> approvalFields(f, "request").any("change").any("approval_level"));
    }

    /** An approval: the approver is mandatory; comments are the approver's, at most 250 characters (ME's approval pages). */
    private static FieldSet approvalFields(FieldSet f, String owner) {
        return f.field("approver", USER, "users").mandatory().field("comments", TEXT).max(250)
                .field("original_approver", USER, "users").readOnly()
                .any("status").any("associated_entity").any(owner)
                .field("sent_by", USER, "users").readOnly().auto(CREATOR)
                .field("sent_on", DATETIME).readOnly().auto(CREATED)
                .field("action_taken_on", DATETIME).readOnly();
    }

    private static void projects() {
        define(new Module("projects", "project", "projects").at("projects").scopes("projects").ops(Module.CRUD))
                .label("title").refs("id", "title", "project_code", "display_id").displayId("PJT")
                .child("tasks", "project_tasks").child("milestones", "project_milestones").child("members", "project_members")
                .fields(f -> {
                    f.field("title", TEXT).mandatory().max(250).field("description", TEXT).field("project_code", TEXT)
                            .field("owner", USER, "technicians").auto(CALLER_DEFAULT)
                            .field("project_type", LOOKUP, "project_types")
                            .field("status", LOOKUP, "project_statuses").byDefault("Open")
                            .field("priority", LOOKUP, "priorities").field("site", LOOKUP, "sites")
                            .field("department", LOOKUP, "departments");
                    schedule(f);
                    f.field("udf_fields", UDF);
                    audit(f);
                })
                .hook(Behaviors::percentage);
        define(new Module("project_milestones", "milestone", "milestones").scopes("projects").ops(Module.CRUD))
                .label("title").refs("id", "title").parent("project", "projects", true)
                .fields(f -> {
                    f.field("title", TEXT).mandatory().max(250).field("description", TEXT).field("owner", USER, "technicians")
                            .field("status", LOOKUP, "project_statuses").byDefault("Open").field("priority", LOOKUP, "priorities");
                    schedule(f);
                    audit(f);
                })
                .hook(Behaviors::percentage);
        // a project's tasks are read and changed under the project, but created only under a milestone, the one
        // documented create path (fidelity §8): POST projects/{id}/tasks is not served
        tasks("project_tasks", "project", "projects", "projects")
                .fields(f -> f.field("milestone", LOOKUP, "project_milestones").within("project"))
                .ops(EnumSet.of(Module.Op.LIST, Module.Op.GET, Module.Op.UPDATE, Module.Op.DELETE))
                .child("worklogs", "project_task_worklogs");
        tasks("milestone_tasks", "milestone", "project_milestones", "projects")
                .fields(f -> f.field("project", LOOKUP, "projects").readOnly())
                .view("project_tasks", row -> true).hook(Behaviors::projectOfMilestone)
                .child("worklogs", "project_task_worklogs");
        module("project_milestones").child("tasks", "milestone_tasks");
        worklogs("project_task_worklogs", "task", "project_tasks", "projects");
        define(new Module("project_members", "project_member", "project_members").scopes("projects").ops(Module.CRUD))
                .aliases("member").refs("id", "user").parent("project", "projects", true)
                .fields(f -> f.field("user", USER, "users").mandatory().unique()
                        .field("role", LOOKUP, "project_roles").byDefault("Team Member").field("is_active", BOOL).initial(true));
    }

    private static void schedule(FieldSet f) {
        f.field("scheduled_start_time", DATETIME).field("scheduled_end_time", DATETIME)
                .field("actual_start_time", DATETIME).field("actual_end_time", DATETIME).field("percentage_completion", NUMBER);
    }

    private static void assetsAndSolutions() {
        define(new Module("assets", "asset", "assets").at("assets").scopes("assets").ops(Module.CRUD))
                .fields(f -> {
                    f.field("name", TEXT).mandatory().max(250)
                            .field("product", LOOKUP, "products").mandatory()
                            .field("product_type", LOOKUP, "product_types").readOnly()
                            .field("asset_tag", TEXT).field("barcode", TEXT).field("serial_number", TEXT)
                            .field("state", LOOKUP, "asset_states").mandatory()
                            .field("user", USER, "users").field("department", LOOKUP, "departments").field("site", LOOKUP, "sites")
                            .field("location", TEXT).field("purchase_cost", NUMBER)
                            .field("acquisition_date", DATETIME).field("expiry_date", DATETIME).field("warranty_expiry", DATETIME)
                            .field("description", TEXT).field("udf_fields", UDF);
                    audit(f);
                })
                .hook(Behaviors::productType);
        define(new Module("products", "product", "products").at("products").scopes("assets"))
                .fields(f -> f.field("name", TEXT).field("product_type", LOOKUP, "product_types")
                        .fields(TEXT, "manufacturer", "part_no").field("cost", NUMBER).field("description", TEXT));
        define(new Module("product_types", "product_type", "product_types").at("product_types").scopes("assets"))
                .fields(f -> f.fields(TEXT, "name", "category", "description"));
        define(new Module("solutions", "solution", "solutions").at("solutions").scopes("solutions"))
                .label("title").refs("id", "title")
                .fields(f -> {
                    f.fields(TEXT, "title", "description").field("topic", LOOKUP, "topics").fields(TEXT, "keywords", "approval_status")
                            .field("is_public", BOOL).field("view_count", NUMBER).field("expiry_date", DATETIME);
                    audit(f);
                });
        define(new Module("topics", "topic", "topics").at("topics").scopes("solutions"))
                .fields(f -> f.field("name", TEXT).field("description", TEXT).field("parent_topic", LOOKUP, "topics"));
    }
}
