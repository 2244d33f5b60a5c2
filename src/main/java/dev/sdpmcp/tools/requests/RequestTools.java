package dev.sdpmcp.tools.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.sdp.Lookups;
import dev.sdpmcp.sdp.SdpAddress;
import dev.sdpmcp.sdp.SdpClient;
import dev.sdpmcp.sdp.SdpException;
import dev.sdpmcp.sdp.SdpMissingFields;
import dev.sdpmcp.sdp.SdpRefused;
import dev.sdpmcp.sdp.SdpWarning;
import dev.sdpmcp.sdp.SearchCriteria;
import dev.sdpmcp.tokens.TokenException;
import dev.sdpmcp.tools.JsonSchemas;
import dev.sdpmcp.tools.Preview;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.ToolDefinition.Hints;
import dev.sdpmcp.tools.ToolException;
import dev.sdpmcp.tools.ToolGroup;
import dev.sdpmcp.tools.ToolResult;
import dev.sdpmcp.tools.UntrustedText;
import dev.sdpmcp.tools.sdp.AttachmentTools;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Requests (tickets) and what hangs off them: notes, worklogs, tasks (docs/sdp-api-fidelity.md §3–4). */
@ApplicationScoped
public class RequestTools {

    static final SdpModule REQUESTS = SdpModule.of(Toolset.REQUESTS, "request",
            r -> Render.line(r, "subject", "status", "priority", "technician", "requester", "created_time"))
            // ManageEngine's Ansible collection, conf/request.py sortable_fields
            .sortable("created_time", "due_by_time", "first_response_due_by_time", "last_updated_time",
                    "scheduled_start_time", "scheduled_end_time", "subject", "id", "priority", "status").withUdfs();
    static final SdpModule NOTES = REQUESTS.under("note",
            n -> Render.line(n, "description", "added_by", "added_time", "show_to_requester")).root("request_note");
    static final SdpModule WORKLOGS = REQUESTS.under("worklog",
            w -> Render.line(w, "description", "owner", "time_spent", "start_time"));
    static final SdpModule TASKS = REQUESTS.under("task",
            t -> Render.line(t, "title", "status", "owner", "priority", "scheduled_end_time"));

    static final List<Field> FIELDS = CommonFields.concat(List.of(
            Field.text("subject", null).asMandatory(),
            Field.text("description", null),
            Field.user("requester", null),
            Field.user("technician", null),
            Field.lookup("level", "levels", "e.g. Tier 1"),
            Field.lookup("mode", "modes", "e.g. E-Mail"),
            Field.lookup("request_type", "request_types", "e.g. Incident"),
            Field.lookup("status", "statuses", "e.g. Open"),
            Field.lookup("template", "request_templates", null),
            Field.time("due_by", "due_by_time", null),
            Field.emails("email_ids_to_notify", null)),
            CommonFields.CLASSIFICATION);

    static final List<Filter> FILTERS = CommonFields.concat(List.of(
            Filter.names("status", "status.name", "e.g. Open,On Hold"),
            Filter.person("technician", "technician", null),
            Filter.person("requester", "requester", null),
            Filter.names("request_type", "request_type.name", null),
            Filter.from("due_from", "due_by_time", null),
            Filter.to("due_to", "due_by_time", null)),
            CommonFields.FILTERS);

    /** The conditions the schema offers, in ServiceDesk Plus's words. */
    static final List<String> CONDITIONS = List.of("is", "is not", "contains", "not contains", "starts with", "ends with",
            "greater than", "greater or equal", "lesser than", "lesser or equal", "between", "not between");
    /** Also taken, as ServiceDesk Plus takes them: the short forms. */
    static final Set<String> CONDITION_FORMS = Set.of("=", "!=", "eq", "neq", "gt", "gte", "lt", "lte");

    @Inject
    ModuleTools tools;

    @Inject
    AttachmentTools attachmentTools;

    @Inject
    SdpClient sdp;

    @Inject
    Lookups lookups;

    @Inject
    SdpAddress address;

    @Produces
    ToolDefinition listRequests() {
        return tools.list(REQUESTS, "list_requests", "List requests",
                "Lists requests matching the filters, newest first unless sorted.",
                FILTERS, "created_time");
    }

    @Produces
    ToolDefinition searchRequests() {
        Map<String, Object> condition = JsonSchemas.object().string("field", "e.g. subject, status.name, technician.email_id", true)
                .oneOf("condition", null, CONDITIONS, true).property("value", Map.of("description", "Text or number"), false)
                .property("values", JsonSchemas.typed("array", "For is, between…"), false).build();
        Map<String, Object> criteria = JsonSchemas.typed("array", "Advanced: search_criteria conditions, all must hold");
        criteria.put("items", condition);
        JsonSchemas schema = ModuleTools.listInput(FILTERS, REQUESTS.sortable())
                .string("query", null, false)
                .string("display_id", "The request number people see, e.g. 102", false)
                .property("criteria", criteria, false);
        return new ToolDefinition("search_requests", "Search requests",
                "Finds requests by text in subject or description, by request number or by conditions, with list_requests' filters.",
                Toolset.REQUESTS, schema.build(), ModuleTools.listSchema(REQUESTS), Hints.reads(),
                this::search);
    }

    private ToolResult search(ToolCall call) throws ToolException, SdpException {
        List<SearchCriteria> conditions = new ArrayList<>();
        Optional<String> query = call.text("query");
        query.ifPresent(text -> conditions.add(SearchCriteria.any(List.of(
                SearchCriteria.of("subject", "contains", text), SearchCriteria.of("description", "contains", text)))));
        call.text("display_id").ifPresent(number -> conditions.add(SearchCriteria.of("display_id", "is", number.replaceFirst("^#", ""))));
        conditions.addAll(advanced(call));
        boolean filtered = FILTERS.stream().anyMatch(filter -> call.text(filter.arg()).isPresent());
        if (conditions.isEmpty() && !filtered) {
            throw new ToolException("Give something to search for: query, display_id, criteria or a filter (to list all "
                    + "requests, use list_requests).");
        }
        return tools.page(call, REQUESTS, REQUESTS.path(), FILTERS, conditions, "created_time");
    }

    /** The criteria argument, checked: known conditions, plain field names, a value or values. */
    private static List<SearchCriteria> advanced(ToolCall call) throws ToolException, SdpException {
        Object raw = call.arguments().get("criteria");
        List<SearchCriteria> conditions = new ArrayList<>();
        if (raw == null) {
            return conditions;
        }
        if (!(raw instanceof List<?> items)) {
            throw new ToolException("criteria must be an array of {field, condition, value or values}.");
        }
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> condition)) {
                throw new ToolException("Each criteria entry must be an object {field, condition, value or values}.");
            }
            String field = String.valueOf(condition.get("field"));
            String operator = String.valueOf(condition.get("condition")).trim().toLowerCase();
            if (!field.matches("[a-z_]{1,50}(\\.[a-z_]{1,50})?")) {
                throw new ToolException("criteria field \"" + field + "\" is not a field name (e.g. subject, status.name).");
            }
            if (!CONDITIONS.contains(operator) && !CONDITION_FORMS.contains(operator)) {
                throw new ToolException("criteria condition \"" + operator + "\" is not one of " + String.join(", ", CONDITIONS) + ".");
            }
            Object values = condition.get("values");
            Object value = condition.get("value");
            if (values instanceof List<?> list && !list.isEmpty()) {
                conditions.add(SearchCriteria.of(field, operator, list.toArray()));
            } else if (value != null) {
                conditions.add(SearchCriteria.of(field, operator, value));
            } else {
                throw new ToolException("criteria on \"" + field + "\" needs a value or values.");
            }
        }
        return conditions;
    }

    @Produces
    ToolDefinition getRequest() {
        return tools.get(REQUESTS, "request_id", "get_request", "Get a request",
                "Shows one request with all its fields.");
    }

    @Produces
    ToolDefinition createRequest() {
        return tools.create(REQUESTS, "create_request", "Create a request",
                "Creates a request with only the fields you give; ServiceDesk Plus fills in its defaults.",
                FIELDS);
    }

    @Produces
    ToolDefinition updateRequest() {
        ToolDefinition update = tools.update(REQUESTS, "request_id", "update_request", "Update a request",
                "Changes the given fields of a request; the others stay. A closed request must first be reopened (status Open, alone).", FIELDS);
        return update.withHandler(call -> unlessClosed(call, update.handler()));
    }

    /**
     * Runs a change of a request; if ServiceDesk Plus refuses it and the request is closed, says so and how to reopen
     * it — how an instance words that refusal is not known, so the request's own status tells (sdp-api-fidelity.md §3).
     * Input this server refuses, and a reopen (status alone) that fails, keep their own message.
     */
    private ToolResult unlessClosed(ToolCall call, ToolDefinition.ToolHandler change)
            throws ToolException, SdpException, TokenException {
        String id = ToolArgs.id(call, "request_id");
        try {
            return change.handle(call);
        } catch (SdpMissingFields notClosed) {
            throw notClosed;
        } catch (SdpRefused refused) {
            boolean reopening = call.arguments().keySet().equals(Set.of("request_id", "status"));
            if (reopening || !closed(call, id)) {
                throw refused;
            }
            throw new ToolException("Request " + id + " is closed, so ServiceDesk Plus does not let it be changed; "
                    + "nothing was changed. To change it, reopen it first: update_request with status Open and nothing "
                    + "else, then make the change.");
        }
    }

    private boolean closed(ToolCall call, String id) {
        try {
            return sdp.get(ToolArgs.caller(call), "requests/" + id, null).path("request").path("status").path("name").asText("")
                    .equalsIgnoreCase("Closed");
        } catch (SdpException unknown) {
            return false;
        }
    }

    @Produces
    ToolDefinition closeRequest() {
        return new ToolDefinition("close_request", "Close a request",
                "Closes a request with a closure code (get_closure_codes) and comments. Most instances need a resolution first: give it here or with set_resolution.",
                Toolset.REQUESTS, JsonSchemas.object()
                        .id("request_id", null, true)
                        .string("resolution", "Set first (replaces an earlier one)", false)
                        .string("closure_code", "e.g. Success", false)
                        .string("closure_comments", null, false)
                        .bool("requester_ack_resolution", null, false)
                        .string("requester_ack_comments", null, false).build(),
                null, Hints.writes().destructive().idempotent(), call -> unlessClosed(call, this::close))
                .confirmedBy(this::closePreview);
    }

    /** Closing notifies the requester, which cannot be taken back: the person agrees to the fields it sets first. */
    private Preview closePreview(ToolCall call) throws ToolException, SdpException {
        JsonNode request = tools.live(call, REQUESTS, ToolArgs.id(call, "request_id"));
        JsonNode closure = request.path("closure_info");
        Preview preview = Preview.of("Close request " + Render.line(request, "subject"))
                .change("Status", Render.value(request.path("status")), "Closed");
        Optional<String> code = call.text("closure_code");
        if (code.isPresent()) {
            // an unknown code is refused now, not after the user agreed
            lookups.reference(ToolArgs.caller(call), "closure_codes", code.get(), "closure code");
            preview.change("Closure code", Render.value(closure.path("closure_code")), code.get());
        }
        call.text("closure_comments").ifPresent(text -> preview.change("Closure comments",
                UntrustedText.mark(Render.value(closure.path("closure_comments"))), UntrustedText.mark(text)));
        call.text("resolution").ifPresent(text -> preview.change("Resolution", "(replaced)", UntrustedText.mark(text)));
        return preview;
    }

    private ToolResult close(ToolCall call) throws ToolException, SdpException {
        String id = ToolArgs.id(call, "request_id");
        ObjectNode closure = SdpClient.JSON.createObjectNode();
        Optional<String> code = call.text("closure_code");
        if (code.isPresent()) {
            closure.set("closure_code", lookups.reference(ToolArgs.caller(call), "closure_codes", code.get(), "closure code"));
        }
        call.text("closure_comments").ifPresent(text -> closure.put("closure_comments", text));
        ToolArgs.bool(call, "requester_ack_resolution").ifPresent(ack -> closure.put("requester_ack_resolution", ack));
        call.text("requester_ack_comments").ifPresent(text -> closure.put("requester_ack_comments", text));
        Optional<String> resolution = call.text("resolution");
        if (resolution.isPresent()) {
            writeResolution(call, id, resolution.get());
        }
        ObjectNode request = SdpClient.JSON.createObjectNode();
        request.set("closure_info", closure);
        try {
            sdp.put(ToolArgs.caller(call), "requests/" + id + "/close", SdpClient.input("request", request));
        } catch (SdpWarning warning) {
            if (warning.fields().contains("resolution")) {
                throw new ToolException("Request " + id + " is still open: this ServiceDesk Plus closes a request only "
                        + "once it has a resolution. Call close_request again with resolution (what fixed it).");
            }
            throw new ToolException("Request " + id + " is still open. " + warning.getMessage());
        }
        return ToolResult.of("Closed request " + id + code.map(c -> " with closure code " + c).orElse("")
                + (resolution.isPresent() ? ", resolution set" : "") + ".", null);
    }

    @Produces
    ToolDefinition setResolution() {
        return new ToolDefinition("set_resolution", "Set a request's resolution",
                "Writes how a request was resolved (replaces any earlier resolution).", Toolset.REQUESTS,
                JsonSchemas.object()
                        .id("request_id", null, true)
                        .string("content", null, false)
                        .id("solution_id", "Adds its title and link (search_solutions)", false).build(),
                null, Hints.writes().destructive().idempotent(), call -> unlessClosed(call, c -> {
                    String id = ToolArgs.id(c, "request_id");
                    Optional<String> content = c.text("content");
                    Optional<String> solutionId = ToolArgs.optionalId(c, "solution_id");
                    if (content.isEmpty() && solutionId.isEmpty()) {
                        throw new ToolException("Give content (what resolved the request), solution_id (a solution "
                                + "found with search_solutions), or both; nothing was changed.");
                    }
                    Optional<JsonNode> solution = solutionId.isPresent() ? Optional.of(solution(c, solutionId.get())) : Optional.empty();
                    String resolution = content.orElse("");
                    if (solution.isPresent()) {
                        resolution += (resolution.isEmpty() ? "" : "<br>") + "Solution: <a href=\"" + solutionLink(solutionId.get())
                                + "\">" + html(solution.get().path("title").asText("solution " + solutionId.get())) + "</a>";
                    }
                    writeResolution(c, id, resolution);
                    return ToolResult.of("Set the resolution of request " + id + solution.map(s -> ", with a link to solution "
                            + solutionId.get() + " (" + s.path("title").asText("") + ")").orElse("") + ".", null);
                }));
    }

    /** The solution set_resolution links to; one that does not exist is said so before anything is written. */
    private JsonNode solution(ToolCall call, String id) throws ToolException, SdpException {
        return sdp.find(ToolArgs.caller(call), "solutions/" + id).map(body -> body.path("solution")).orElseThrow(
                () -> new ToolException("There is no solution " + id + " (search_solutions finds them); nothing was changed."));
    }

    /**
     * Where people open a solution in ServiceDesk Plus: the portal's web UI beside its API base, …/app/{portal}/ui/solutions/{id}.
     * No source read names the web UI's paths: a design choice (sdp-api-fidelity.md §16).
     */
    private String solutionLink(String id) {
        return address.apiUrl().replaceFirst("/api/v3/?$", "") + "/ui/solutions/" + id;
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Produces
    ToolDefinition getResolution() {
        return new ToolDefinition("get_resolution", "Get a request's resolution", "Shows how a request was resolved.",
                Toolset.REQUESTS, JsonSchemas.object().id("request_id", null, true).build(),
                JsonSchemas.object().property("resolution", JsonSchemas.typed("object", null), false).buildResult(), Hints.reads(), call -> {
                    String id = ToolArgs.id(call, "request_id");
                    JsonNode answered = sdp.get(ToolArgs.caller(call), "requests/" + id + "/resolutions", null).path("resolution");
                    JsonNode resolution = answered.isObject() ? answered : SdpClient.JSON.createObjectNode();
                    Map<String, Object> out = Map.of("resolution", resolution);
                    if (Render.value(resolution.path("content")).isBlank()) {
                        return ToolResult.of("Request " + id + " has no resolution yet; set_resolution writes one.", out);
                    }
                    return ToolResult.of("Resolution of request " + id + ":\n" + Render.details(resolution), out);
                });
    }

    /** POST requests/{id}/resolutions {"resolution":{"content"}}: the documented way to set it (docs/sdp-api-fidelity.md). */
    private void writeResolution(ToolCall call, String id, String content) throws ToolException, SdpException {
        if (content.isBlank()) {
            throw new ToolException("resolution is empty: write what resolved the request.");
        }
        ObjectNode resolution = SdpClient.JSON.createObjectNode().put("content", content);
        sdp.post(ToolArgs.caller(call), "requests/" + id + "/resolutions", SdpClient.input("resolution", resolution));
    }

    @Produces
    ToolDefinition pickupRequest() {
        return new ToolDefinition("pickup_request", "Pick up a request",
                "Assigns a request to you (the technician whose Zoho account makes the call).", Toolset.REQUESTS,
                JsonSchemas.object().id("request_id", null, true).build(), null,
                Hints.writes().destructive().idempotent(), call -> unlessClosed(call, c -> {
                    String id = ToolArgs.id(c, "request_id");
                    sdp.put(ToolArgs.caller(c), "requests/" + id + "/pickup", null);
                    return ToolResult.of("Picked up request " + id + ": it is assigned to you.", null);
                }));
    }

    @Produces
    ToolDefinition assignRequest() {
        return new ToolDefinition("assign_request", "Assign a request",
                "Assigns a request to a technician and/or a support group.", Toolset.REQUESTS, JsonSchemas.object()
                        .id("request_id", null, true)
                        .string("technician", null, false)
                        .string("group", null, false).build(),
                null, Hints.writes().destructive().idempotent(), call -> unlessClosed(call, this::assign));
    }

    private ToolResult assign(ToolCall call) throws ToolException, SdpException {
        String id = ToolArgs.id(call, "request_id");
        ObjectNode request = SdpClient.JSON.createObjectNode();
        call.text("technician").ifPresent(technician -> request.set("technician", Field.person(technician)));
        Optional<String> group = call.text("group");
        if (group.isPresent()) {
            request.set("group", lookups.reference(ToolArgs.caller(call), "support_groups", group.get(), "group"));
        }
        if (request.isEmpty()) {
            throw new ToolException("Give a technician, a group, or both.");
        }
        sdp.put(ToolArgs.caller(call), "requests/" + id + "/assign", SdpClient.input("request", request));
        List<String> to = new ArrayList<>();
        call.text("technician").ifPresent(technician -> to.add("technician " + technician));
        group.ifPresent(name -> to.add("group " + name));
        return ToolResult.of("Assigned request " + id + " to " + String.join(" and ", to) + ".", null);
    }

    @Produces
    ToolDefinition deleteRequest() {
        return new ToolDefinition("delete_request", "Move a request to the trash",
                "Moves a request to the trash; restore_request brings it back.", Toolset.REQUESTS,
                JsonSchemas.object().id("request_id", null, true).build(), null,
                Hints.writes().destructive().idempotent(), call -> {
                    String id = ToolArgs.id(call, "request_id");
                    sdp.delete(ToolArgs.caller(call), "requests/" + id + "/move_to_trash");
                    return ToolResult.of("Moved request " + id + " to the trash. restore_request brings it back.", null);
                }).confirmedBy(call -> {
                    JsonNode request = tools.live(call, REQUESTS, ToolArgs.id(call, "request_id"));
                    return Preview.of("Move request " + Render.line(request, "subject") + " to the trash (restore_request brings it back)")
                            .change("Status", Render.value(request.path("status")), "in the trash");
                });
    }


    // --- notes, worklogs, tasks

    @Produces
    ToolDefinition addNoteToRequest() {
        return tools.addUnder(REQUESTS, "request_id", NOTES, "add_note_to_request", "Add a note to a request",
                "Adds a note to a request (private to technicians unless show_to_requester).", List.of(
                        Field.text("description", null).asMandatory(),
                        Field.bool("show_to_requester", "Visible to the requester"),
                        Field.bool("notify_technician", null),
                        Field.bool("mark_first_response", "Counts as the first response"),
                        Field.bool("add_to_linked_requests", "Also on linked requests")));
    }

    @Produces
    ToolDefinition listRequestNotes() {
        return tools.listUnder(REQUESTS, "request_id", NOTES, "list_request_notes", "List a request's notes",
                "Lists the notes of a request.");
    }

    @Produces
    ToolGroup tasksAndWorklogs() {
        return tools.tasksAndWorklogs(REQUESTS, "request_id", TASKS, WORKLOGS);
    }

    @Produces
    ToolGroup attachments() {
        return attachmentTools.attachments(REQUESTS, "request_id");
    }
}
