package dev.sdpmcp.sandbox.sdp;

import static dev.sdpmcp.sandbox.sdp.Module.Auto.CALLER_DEFAULT;
import static dev.sdpmcp.sandbox.sdp.Module.Auto.CREATED;
import static dev.sdpmcp.sandbox.sdp.Module.Auto.CREATOR;
import static dev.sdpmcp.sandbox.sdp.Module.Auto.UPDATED;
import static dev.sdpmcp.sandbox.sdp.Module.Auto.UPDATER;
import static dev.sdpmcp.sandbox.sdp.Module.Type.BOOL;
import static dev.sdpmcp.sandbox.sdp.Module.Type.DATETIME;

import dev.sdpmcp.sandbox.sdp.Module.FieldSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every module the simulator serves, described once (sdp-cloud-api.md §2). Scope modules follow §3.5: a lookup that
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
                .fields(f -> f.text("name").text("description"));
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
        projects();
        assetsAndSolutions();
    }

    private static void lookups() {
        lookup("priorities", "priority", "priorities", SETUP_OR_GENERAL, f -> f.text("color")).refs("id", "name", "color");
        lookup("statuses", "status", "statuses", SETUP_OR_GENERAL,
                f -> f.text("color").bool("in_progress").text("internal_name").bool("stop_timer"))
                .refs("id", "name", "color", "in_progress", "internal_name", "stop_timer");
        for (String[] plain : new String[][] {{"urgencies", "urgency"}, {"impacts", "impact"}, {"levels", "level"},
                {"modes", "mode"}, {"request_types", "request_type"}, {"closure_codes", "closure_code"}}) {
            lookup(plain[0], plain[1], SETUP_OR_GENERAL);
        }
        lookup("sites", "site", "sites", GENERAL_OR_SETUP, f -> f.bool("deleted").bool("is_default").text("time_zone"))
                .refs("id", "name", "deleted", "is_default");
        lookup("departments", "department", "departments", GENERAL_OR_SETUP, f -> f.lookup("site", "sites"));
        Consumer<FieldSet> group = f -> f.lookup("site", "sites").bool("deleted").text("email_id");
        lookup("support_groups", "support_group", "support_groups", SETUP_OR_GENERAL, group).refs("id", "name", "site", "deleted");
        lookup("groups", "group", "groups", SETUP_OR_GENERAL, group).refs("id", "name", "site", "deleted")
                .view("support_groups", row -> true);
        lookup("categories", "category", "categories", SETUP_OR_GENERAL, f -> f.bool("deleted"))
                .refs("id", "name", "deleted").child("subcategories", "subcategories");
        lookup("subcategories", "subcategory", "subcategories", SETUP, f -> f.bool("deleted"))
                .parent("category", "categories", true).child("items", "items");
        lookup("items", "item", "items", SETUP_OR_GENERAL, f -> f.bool("deleted")).parent("subcategory", "subcategories", true);
        lookup("request_templates", "request_template", "request_templates", SETUP,
                f -> f.bool("inactive").bool("is_service_template"))
                .refs("id", "name", "inactive", "is_service_template");

        internal("task_statuses", "status", f -> f.text("color"));
        internal("task_types", "task_type", f -> { });
        internal("project_statuses", "status", f -> f.text("color"));
        internal("project_types", "project_type", f -> { });
        internal("project_roles", "role", f -> { });
        internal("worklog_types", "type", f -> { });
        internal("asset_states", "state", f -> { });
        internal("change_types", "change_type", f -> f.text("color"));
        internal("change_stages", "stage", f -> f.text("internal_name").number("stage_index"))
                .refs("id", "name", "internal_name", "stage_index");
        internal("change_statuses", "status", f -> f.text("internal_name")).refs("id", "name", "internal_name");
        internal("change_reasons", "reason_for_change", f -> { });
        internal("risks", "risk", f -> { });
    }

    private static void users() {
        userModule("users", "user").scopes("users");
        userModule("technicians", "technician").scopes("users", "technicians")
                .view("users", row -> row.path("is_technician").asBoolean());
        userModule("requesters", "requester").scopes("users")
                .view("users", row -> !row.path("is_technician").asBoolean());
    }

    /** §1.9 / §2.8: one users table, seen whole or as technicians or requesters. */
    private static Module userModule(String name, String singular) {
        return define(new Module(name, singular, name).at(name).ops(Module.READ))
                .refs("id", "name", "email_id", "is_technician", "sms_mail", "phone", "mobile", "photo_url", "is_vip_user", "department")
                .fields(f -> f.text("name").text("first_name").text("last_name").text("email_id").text("phone").text("mobile")
                        .text("sms_mail").text("sms_mail_id").text("photo_url").bool("is_technician").bool("is_vip_user")
                        .lookup("department", "departments").lookup("site", "sites").text("job_title").text("employee_id")
                        .number("cost_per_hour"));
    }

    /** created_by, created_time and last_updated_time, as most modules carry them. */
    private static void audit(FieldSet f) {
        f.user("created_by", "users").readOnly().auto(CREATOR)
                .datetime("created_time").readOnly().auto(CREATED)
                .datetime("last_updated_time").readOnly().auto(UPDATED);
    }

    /** The request-like classification fields shared by requests, problems and changes. */
    private static void classification(FieldSet f) {
        f.lookup("priority", "priorities").lookup("urgency", "urgencies").lookup("impact", "impacts")
                .lookup("site", "sites").lookup("group", "support_groups")
                .lookup("category", "categories").lookup("subcategory", "subcategories").within("category")
                .lookup("item", "items").within("subcategory");
    }

    private static void requests() {
        define(new Module("requests", "request", "requests").at("requests").scopes("requests").ops(Module.CRUD))
                .label("subject").refs("id", "subject", "display_id").displayId(null)
                .list("requester", "template", "created_time", "has_draft", "cancel_flag_comments", "display_id", "subject",
                        "technician", "due_by_time", "is_service_request", "cancellation_requested", "has_notes", "id", "status", "group")
                .child("notes", "request_notes").child("worklogs", "request_worklogs").child("tasks", "request_tasks")
                .fields(f -> {
                    f.text("subject").mandatory().max(250).text("description")
                            .user("requester", "users").auto(CALLER_DEFAULT)
                            .user("technician", "technicians")
                            .lookup("template", "request_templates").byDefault("Default Request")
                            .lookup("request_type", "request_types")
                            .lookup("status", "statuses").byDefault("Open")
                            .lookup("level", "levels").lookup("mode", "modes").lookup("department", "departments");
                    classification(f);
                    f.datetime("due_by_time").datetime("first_response_due_by_time")
                            .readOnly(DATETIME, "responded_time", "resolved_time", "completed_time", "assigned_time", "deleted_time");
                    audit(f);
                    f.list("email_ids_to_notify").list("email_to").list("email_cc").list("email_bcc").udf("udf_fields")
                            .object("resolution", r -> r.text("content").bool("add_to_linked_requests")
                                    .datetime("submitted_on").readOnly().auto(UPDATED)
                                    .user("submitted_by", "users").readOnly().auto(UPDATER)
                                    .list("resolution_attachments").readOnly())
                            .object("closure_info", c -> c.lookup("closure_code", "closure_codes").text("closure_comments")
                                    .bool("requester_ack_resolution").text("requester_ack_comments"))
                            .text("impact_details").bool("is_fcr")
                            .any("sla").any("onhold_scheduler").any("linked_to_request").any("notification_status")
                            .any("lifecycle").any("approval_status").any("cancel_flag_comments").list("attachments").readOnly()
                            .text("time_elapsed").readOnly().initial("0").number("unreplied_count").readOnly().initial(0)
                            .readOnly(BOOL, "is_read", "is_trashed", "is_escalated", "is_overdue", "is_first_response_overdue",
                                    "is_service_request", "is_reopened", "cancellation_requested", "has_notes", "has_draft",
                                    "has_attachments", "has_linked_requests", "has_problem", "has_project",
                                    "has_request_initiated_change");
                })
                .hook(Behaviors::requestLifecycle);
        notes("request_notes", "request_note", "request", "requests", "added_by", "added_time")
                .fields(f -> f.bool("show_to_requester").bool("notify_technician").bool("mark_first_response")
                        .bool("add_to_linked_requests"));
        worklogs("request_worklogs", "request", "requests", "requests");
        tasks("request_tasks", "request", "requests", "requests").child("worklogs", "request_task_worklogs");
        worklogs("request_task_worklogs", "task", "request_tasks", "requests");
    }

    /** Notes: root {@code <parent>_note} (Cloud) or {@code note} (on-prem); the parent learns it has notes. */
    private static Module notes(String name, String singular, String parentField, String parent, String byField, String timeField) {
        return define(new Module(name, singular, singular + "s").scopes(Catalog.module(parent).scopes.get(0)).ops(Module.CRUD))
                .aliases("note").label("description").refs("id").parent(parentField, parent, false)
                .fields(f -> f.text("description").mandatory()
                        .user(byField, "users").readOnly().auto(CREATOR)
                        .datetime(timeField).readOnly().auto(CREATED)
                        .user("last_updated_by", "users").readOnly().auto(UPDATER)
                        .datetime("last_updated_time").readOnly().auto(UPDATED))
                .hook(Behaviors::notedOnParent);
    }

    /** Worklogs (§2.3, new format): mandatory owner; time_spent {hours, minutes}; the parent comes from the URL. */
    private static Module worklogs(String name, String parentField, String parent, String scope) {
        return define(new Module(name, "worklog", "worklogs").scopes(scope).ops(Module.CRUD))
                .label("description").refs("id").parent(parentField, parent, true)
                .fields(f -> f.user("owner", "technicians").mandatory().text("description")
                        .datetime("start_time").datetime("end_time")
                        .object("time_spent", t -> t.number("hours").number("minutes"))
                        .bool("include_nonoperational_hours").lookup("type", "worklog_types")
                        .number("other_cost").number("owner_cost").readOnly().number("total_cost").readOnly()
                        .user("created_by", "users").readOnly().auto(CREATOR)
                        .datetime("created_time").readOnly().auto(CREATED)
                        .datetime("recorded_time").readOnly().auto(CREATED))
                .hook(Behaviors::worklogTimes);
    }

    /** Tasks (§2.4) of requests, problems, changes and projects; a status Closed/Completed or 100 % completes them. */
    private static Module tasks(String name, String parentField, String parent, String scope) {
        return define(new Module(name, "task", "tasks").scopes(scope).ops(Module.CRUD))
                .label("title").refs("id", "title").parent(parentField, parent, true)
                .fields(f -> {
                    f.text("title").mandatory().max(250).text("description")
                            .user("owner", "technicians").lookup("group", "support_groups")
                            .lookup("status", "task_statuses").byDefault("Open")
                            .lookup("priority", "priorities").lookup("task_type", "task_types")
                            .number("percentage_completion").number("estimated_effort_hours")
                            .datetime("scheduled_start_time").datetime("scheduled_end_time")
                            .datetime("actual_start_time").datetime("actual_end_time");
                    audit(f);
                })
                .hook(Behaviors::taskCompletion);
    }

    private static void problemsAndChanges() {
        itsm("problems", "problem", "PB", "closed_time", f -> f
                .lookup("status", "statuses").byDefault("Open")
                .user("technician", "technicians").user("reported_by", "users").auto(CALLER_DEFAULT)
                .datetime("due_by_time").text("impact_details"));
        itsm("changes", "change", "CH", "completed_time", f -> f
                .lookup("change_type", "change_types")
                .user("change_requester", "users").auto(CALLER_DEFAULT)
                .user("change_owner", "technicians").user("change_manager", "technicians")
                .lookup("stage", "change_stages").byDefault("Submission")
                .lookup("status", "change_statuses").byDefault("Requested")
                .lookup("risk", "risks").lookup("reason_for_change", "change_reasons")
                .datetime("scheduled_start_time").datetime("scheduled_end_time")
                .text("roll_out_plan_description").text("back_out_plan_description"));
    }

    /**
     * Problems and changes: a title, their own fields, the request-like classification, a display id with a prefix,
     * a closing time, and notes ({@code <singular>_note}, filed by performed_by), worklogs and tasks below them.
     */
    private static void itsm(String name, String singular, String prefix, String closedField, Consumer<FieldSet> own) {
        define(new Module(name, singular, name).at(name).scopes(name).ops(Module.CRUD))
                .label("title").refs("id", "title", "display_id").displayId(prefix)
                .child("notes", singular + "_notes").child("worklogs", singular + "_worklogs").child("tasks", singular + "_tasks")
                .fields(f -> {
                    f.text("title").mandatory().max(250).text("description");
                    own.accept(f);
                    classification(f);
                    f.udf("udf_fields").datetime(closedField).readOnly();
                    audit(f);
                })
                .hook(Behaviors::closedTime);
        notes(singular + "_notes", singular + "_note", singular, name, "performed_by", "performed_time");
        worklogs(singular + "_worklogs", singular, name, name);
        tasks(singular + "_tasks", singular, name, name);
    }

    private static void projects() {
        define(new Module("projects", "project", "projects").at("projects").scopes("projects").ops(Module.CRUD))
                .label("title").refs("id", "title", "project_code", "display_id").displayId("PJT")
                .child("tasks", "project_tasks").child("milestones", "project_milestones").child("members", "project_members")
                .fields(f -> {
                    f.text("title").mandatory().max(250).text("description").text("project_code")
                            .user("owner", "technicians").auto(CALLER_DEFAULT)
                            .lookup("project_type", "project_types")
                            .lookup("status", "project_statuses").byDefault("Open")
                            .lookup("priority", "priorities").lookup("site", "sites").lookup("department", "departments");
                    schedule(f);
                    f.udf("udf_fields");
                    audit(f);
                })
                .hook(Behaviors::percentage);
        define(new Module("project_milestones", "milestone", "milestones").scopes("projects").ops(Module.CRUD))
                .label("title").refs("id", "title").parent("project", "projects", true)
                .fields(f -> {
                    f.text("title").mandatory().max(250).text("description").user("owner", "technicians")
                            .lookup("status", "project_statuses").byDefault("Open").lookup("priority", "priorities");
                    schedule(f);
                    audit(f);
                })
                .hook(Behaviors::percentage);
        tasks("project_tasks", "project", "projects", "projects")
                .fields(f -> f.lookup("milestone", "project_milestones").within("project"))
                .child("worklogs", "project_task_worklogs");
        worklogs("project_task_worklogs", "task", "project_tasks", "projects");
        define(new Module("project_members", "project_member", "project_members").scopes("projects").ops(Module.CRUD))
                .aliases("member").refs("id", "user").parent("project", "projects", true)
                .fields(f -> f.user("user", "users").mandatory().unique()
                        .lookup("role", "project_roles").byDefault("Team Member").bool("is_active").initial(true));
    }

    private static void schedule(FieldSet f) {
        f.datetime("scheduled_start_time").datetime("scheduled_end_time")
                .datetime("actual_start_time").datetime("actual_end_time").number("percentage_completion");
    }

    private static void assetsAndSolutions() {
        define(new Module("assets", "asset", "assets").at("assets").scopes("assets").ops(Module.CRUD))
                .fields(f -> {
                    f.text("name").mandatory().max(250)
                            .lookup("product", "products").mandatory()
                            .lookup("product_type", "product_types").readOnly()
                            .text("asset_tag").text("barcode").text("serial_number")
                            .lookup("state", "asset_states").byDefault("In Store")
                            .user("user", "users").lookup("department", "departments").lookup("site", "sites")
                            .text("location").number("purchase_cost")
                            .datetime("acquisition_date").datetime("expiry_date").datetime("warranty_expiry")
                            .text("description");
                    audit(f);
                })
                .hook(Behaviors::productType);
        define(new Module("products", "product", "products").at("products").scopes("assets"))
                .fields(f -> f.text("name").lookup("product_type", "product_types").text("manufacturer").text("part_no")
                        .number("cost").text("description"));
        define(new Module("product_types", "product_type", "product_types").at("product_types").scopes("assets"))
                .fields(f -> f.text("name").text("category").text("description"));
        define(new Module("solutions", "solution", "solutions").at("solutions").scopes("solutions"))
                .label("title").refs("id", "title")
                .fields(f -> {
                    f.text("title").text("description").lookup("topic", "topics").text("keywords")
                            .text("approval_status").bool("is_public").number("view_count").datetime("expiry_date");
                    audit(f);
                });
        define(new Module("topics", "topic", "topics").at("topics").scopes("solutions"))
                .fields(f -> f.text("name").text("description").lookup("parent_topic", "topics"));
    }
}
