package dev.sdpmcp.tools.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.sdp.ListInfo;
import dev.sdpmcp.sdp.Lookups;
import dev.sdpmcp.sdp.ModuleFields;
import dev.sdpmcp.sdp.SdpClient;
import dev.sdpmcp.sdp.SdpException;
import dev.sdpmcp.sdp.SdpMissingFields;
import dev.sdpmcp.sdp.SdpRefused;
import dev.sdpmcp.sdp.SearchCriteria;
import dev.sdpmcp.sdp.Values;
import dev.sdpmcp.tools.JsonSchemas;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.ToolDefinition.Hints;
import dev.sdpmcp.tools.ToolException;
import dev.sdpmcp.tools.ToolGroup;
import dev.sdpmcp.tools.ToolResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The tool shapes every ServiceDesk Plus module shares — list a page, get one, create, update, and the same for
 * records kept under another (notes, worklogs, tasks) — so that a module only declares its fields and filters.
 */
@ApplicationScoped
public class ModuleTools {

    @Inject
    SdpClient sdp;

    @Inject
    Lookups lookups;

    @Inject
    ModuleFields moduleFields;

    /** The one schema of udf_fields, for every module that has them. */
    static final String FIELDS = "fields";
    private static final java.util.regex.Pattern FIELD_NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_.]{0,63}");
    private static final int MAX_FIELDS = 30;
    static final Map<String, Object> UDF_FIELDS = JsonSchemas.typed("object", "By label or key; see describe_fields");

    // --- lists

    /** A filtered page of a module's records; the filters become search_criteria, evaluated by ServiceDesk Plus. */
    public ToolDefinition list(SdpModule module, String name, String title, String description, List<Filter> filters,
            String defaultSort) {
        return new ToolDefinition(name, title, description, module.toolset(), listInput(filters, module.sortable()).build(),
                listSchema(module), Hints.reads(),
                call -> page(call, module, module.path(), filters, List.of(), defaultSort));
    }

    /**
     * A search: text ("query") that any of {@code queryFields} contains, and/or the filters — at least one of them, so
     * that a search never lists everything. ServiceDesk Plus does the searching. Paged.
     */
    public ToolDefinition search(SdpModule module, String name, String title, String description, String queryDescription,
            List<String> queryFields, List<Filter> filters) {
        JsonSchemas schema = listInput(filters, module.sortable()).string("query", queryDescription, false);
        return new ToolDefinition(name, title, description, module.toolset(), schema.build(), listSchema(module),
                Hints.reads(), call -> search(call, module, module.path(), queryFields, filters));
    }

    /** Runs a search (see above) on {@code path}. */
    public ToolResult search(ToolCall call, SdpModule module, String path, List<String> queryFields, List<Filter> filters)
            throws ToolException, SdpException {
        return page(call, module, path, filters, searchText(call, queryFields, filters), null);
    }

    /** The "query" of a search as a condition (any of {@code queryFields} contains it); refused if nothing is asked. */
    public static List<SearchCriteria> searchText(ToolCall call, List<String> queryFields, List<Filter> filters)
            throws ToolException, SdpException {
        Optional<String> query = call.text("query");
        if (query.isEmpty() && filters.stream().noneMatch(filter -> call.text(filter.arg()).isPresent())) {
            throw new ToolException("Give something to search for: query or one of " + String.join(", ",
                    filters.stream().map(Filter::arg).toList()) + ".");
        }
        return query.map(value -> List.of(SearchCriteria.any(queryFields.stream()
                .map(field -> SearchCriteria.of(field, "contains", value)).toList()))).orElse(List.of());
    }

    /** The input schema of a list: its filters, then page, page_size, with_total and the sort. */
    public static JsonSchemas listInput(List<Filter> filters, List<String> sortFields) {
        JsonSchemas schema = JsonSchemas.object();
        filters.forEach(filter -> filter.schema(schema));
        paging(schema, sortFields);
        return schema;
    }

    /** The records kept under one parent record, e.g. a request's notes. */
    public ToolDefinition listUnder(SdpModule parent, String parentIdArg, SdpModule child, String name, String title,
            String description) {
        return listUnder(parent, parentIdArg, child, name, title, description, List.of());
    }

    /** The records kept under one parent record, filtered and sorted by ServiceDesk Plus (a project's open tasks). */
    public ToolDefinition listUnder(SdpModule parent, String parentIdArg, SdpModule child, String name, String title,
            String description, List<Filter> filters) {
        JsonSchemas schema = JsonSchemas.object().id(parentIdArg, null, true);
        filters.forEach(filter -> filter.schema(schema));
        paging(schema, child.sortable());
        return new ToolDefinition(name, title, description, child.toolset(), schema.build(), listSchema(child),
                Hints.reads(), call -> page(call, child,
                        childPath(parent, ToolArgs.id(call, parentIdArg), child), filters, List.of(), null));
    }

    /** Runs a list query and renders the page; {@code extra} conditions are added to the filters'. */
    public ToolResult page(ToolCall call, SdpModule module, String path, List<Filter> filters, List<SearchCriteria> extra,
            String defaultSort) throws ToolException, SdpException {
        ListInfo query = query(call, module, filters, extra, defaultSort);
        return page(module, sdp.get(ToolArgs.caller(call), path, query.toInputData()), query);
    }

    /**
     * The list_info of a call: its filters and {@code extra} conditions, page, size and sort — a sort field only
     * from the module's sortable list, checked here so that a wrong one is refused before anything is sent.
     */
    public static ListInfo query(ToolCall call, SdpModule module, List<Filter> filters, List<SearchCriteria> extra,
            String defaultSort) throws ToolException, SdpException {
        List<SearchCriteria> conditions = new ArrayList<>(extra);
        for (Filter filter : filters) {
            filter.criteria(call).ifPresent(conditions::add);
        }
        Optional<String> given = call.text("sort_by");
        if (given.isPresent() && !module.sortable().contains(given.get())) {
            throw new ToolException(module.sortable().isEmpty()
                    ? "ServiceDesk Plus cannot sort " + module.noun() + "s: leave out sort_by."
                    : "ServiceDesk Plus sorts " + module.noun() + "s only by " + String.join(", ", module.sortable())
                            + "; sort_by \"" + Values.shorten(given.get()) + "\" is not one of them.");
        }
        Optional<String> sortOrder = call.text("sort_order").map(value -> value.toLowerCase(Locale.ROOT));
        if (sortOrder.isPresent() && !List.of("asc", "desc").contains(sortOrder.get())) {
            throw new ToolException("sort_order must be asc or desc.");
        }
        Optional<String> sortBy = given.or(() -> Optional.ofNullable(defaultSort));
        String order = sortOrder.orElse(defaultSort != null && given.isEmpty() ? "desc" : "asc");
        return new ListInfo(ToolArgs.page(call), ToolArgs.pageSize(call), sortBy.orElse(null), order,
                conditions.isEmpty() ? null : SearchCriteria.all(conditions), fields(call),
                ToolArgs.bool(call, "with_total").orElse(false));
    }

    /**
     * A page of {@code module}'s rows as the tools answer it, from a list answer (rows under the plural root). Too long
     * for the answer's size limit, it can be cut to its first rows (ResultBudget) and then reads as a smaller page.
     */
    public static ToolResult page(SdpModule module, JsonNode body, ListInfo query) {
        List<JsonNode> items = new ArrayList<>();
        List<String> shown = query.fieldsRequired();
        SdpClient.rowsOf(body, module.plural()).forEach(row -> items.add(shown == null ? row : only(row, shown)));
        JsonNode listInfo = body.path("list_info");
        SdpModule rendered = shown == null ? module : module.withLine(row -> Render.line(row, "", shown.toArray(String[]::new)));
        ToolResult whole = page(rendered, items, listInfo, query.page(), query.pageSize(), listInfo.path("has_more_rows").asBoolean(false), false);
        return ToolResult.list(whole, items.size(), rows -> {
            // The rows before this page, counted in pages of the smaller size, must be whole pages: the size that fits
            // and divides them gives a page number the caller can continue from.
            int before = (query.page() - 1) * query.pageSize();
            int size = rows;
            while (before % size != 0) {
                size--;
            }
            return page(rendered, items.subList(0, size), listInfo, before / size + 1, size, true, true);
        });
    }

    private static ToolResult page(SdpModule module, List<JsonNode> items, JsonNode listInfo, int page, int pageSize,
            boolean more, boolean cut) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(module.plural(), items);
        out.put("page", page);
        out.put("page_size", pageSize);
        out.put("has_more_rows", more);
        out.put("next_page", more ? page + 1 : null);
        out.put("total_count", listInfo.has("total_count") ? listInfo.path("total_count").asInt() : null);
        StringBuilder text = new StringBuilder();
        if (items.isEmpty()) {
            text.append("No ").append(module.noun()).append("s found").append(page > 1 ? " on page " + page : "").append('.');
        } else {
            text.append("Page ").append(page).append(": ").append(items.size()).append(' ').append(module.noun())
                    .append(items.size() == 1 ? "" : "s").append(listInfo.has("total_count") ? " of " + listInfo.path("total_count").asInt() : "")
                    .append('\n');
            items.forEach(item -> text.append("- ").append(module.line().apply(item)).append('\n'));
        }
        if (cut) {
            text.append("Cut to pages of ").append(pageSize).append(" to stay within this server's answer size: continue with page=")
                    .append(page + 1).append(", page_size=").append(pageSize).append('.');
        } else if (more) {
            text.append("More ").append(module.noun()).append("s: call again with page=").append(page + 1).append('.');
        }
        return ToolResult.of(text.toString().trim(), out);
    }

    // --- one record

    /** A record as it is now, before a destructive call changes it; one that does not exist is said so first. */
    public JsonNode live(ToolCall call, SdpModule module, String id) throws ToolException, SdpException {
        return sdp.find(ToolArgs.caller(call), module.path() + "/" + id).map(body -> body.path(module.singular()))
                .orElseThrow(() -> new ToolException("There is no " + module.noun() + " " + id
                        + " (or you cannot see it); nothing was changed."));
    }

    public ToolDefinition get(SdpModule module, String idArg, String name, String title, String description) {
        return new ToolDefinition(name, title, description, module.toolset(),
                JsonSchemas.object().id(idArg, null, true).string(FIELDS, null, false).build(), entitySchema(module),
                Hints.reads(), call -> {
                    List<String> shown = fields(call);
                    JsonNode entity = sdp.get(ToolArgs.caller(call), module.path() + "/" + ToolArgs.id(call, idArg), null).path(module.singular());
                    return entity(call, module, shown == null ? entity : only(entity, shown), null);
                });
    }

    /**
     * The fields a get_* or list_* call asks to see (the "fields" argument, comma-separated API names such as
     * subject,status,technician), or null for all. The instructions say so once, for every tool.
     */
    static List<String> fields(ToolCall call) throws ToolException, SdpException {
        if (call.text(FIELDS).isEmpty()) {
            return null;
        }
        List<String> names = ToolArgs.list(call, FIELDS);
        for (String field : names) {
            if (!FIELD_NAME.matcher(field).matches()) {
                throw new ToolException("fields takes field names as ServiceDesk Plus spells them, comma-separated (e.g. "
                        + "subject,status,technician); \"" + Values.shorten(field) + "\" is not one.");
            }
        }
        if (names.size() > MAX_FIELDS) {
            throw new ToolException("fields takes at most " + MAX_FIELDS + " names.");
        }
        return names;
    }

    /** A record with its id, display id and the chosen fields only. */
    static JsonNode only(JsonNode entity, List<String> fields) {
        ObjectNode kept = SdpClient.JSON.createObjectNode();
        entity.fields().forEachRemaining(field -> {
            if (field.getKey().equals("id") || field.getKey().equals("display_id") || fields.contains(field.getKey())) {
                kept.set(field.getKey(), field.getValue());
            }
        });
        return kept;
    }

    public ToolDefinition create(SdpModule module, String name, String title, String description, List<Field> fields) {
        return new ToolDefinition(name, title, description, module.toolset(),
                udfSchema(module, Field.schema(JsonSchemas.object(), fields, true)).build(), entitySchema(module),
                Hints.writes(),
                call -> created(call, module, module.path(), withUdfs(call, module, Field.entity(call, fields, lookups))));
    }

    public ToolDefinition update(SdpModule module, String idArg, String name, String title, String description,
            List<Field> fields) {
        JsonSchemas schema = JsonSchemas.object().id(idArg, null, true);
        return new ToolDefinition(name, title, description, module.toolset(), udfSchema(module, Field.schema(schema, fields, false)).build(),
                entitySchema(module), Hints.writes().destructive().idempotent(), call -> {
                    String path = module.path() + "/" + ToolArgs.id(call, idArg);
                    ObjectNode entity = withUdfs(call, module, Field.entity(call, fields, lookups));
                    if (entity.isEmpty()) {
                        throw new ToolException("Nothing to change: give at least one of " + String.join(", ",
                                fields.stream().map(Field::arg).toList()) + (module.udfs() ? ", udf_fields" : "") + ".");
                    }
                    return updated(call, module, path, entity);
                });
    }

    private static JsonSchemas udfSchema(SdpModule module, JsonSchemas schema) {
        return module.udfs() ? schema.property("udf_fields", UDF_FIELDS, false) : schema;
    }

    /** The entity with the udf_fields argument in ServiceDesk Plus's form, when the module has them and it was given. */
    private ObjectNode withUdfs(ToolCall call, SdpModule module, ObjectNode entity) throws ToolException, SdpException {
        ObjectNode udfs = module.udfs() ? moduleFields.udfFields(ToolArgs.caller(call), module.path(),
                call.arguments().get("udf_fields"), module.noun()) : null;
        if (udfs != null) {
            entity.set("udf_fields", udfs);
        }
        return entity;
    }

    public ToolDefinition addUnder(SdpModule parent, String parentIdArg, SdpModule child, String name, String title,
            String description, List<Field> fields) {
        JsonSchemas schema = JsonSchemas.object().id(parentIdArg, null, true);
        return new ToolDefinition(name, title, description, child.toolset(), Field.schema(schema, fields, true).build(),
                entitySchema(child), Hints.writes(),
                call -> created(call, child, childPath(parent, ToolArgs.id(call, parentIdArg), child),
                        Field.entity(call, fields, lookups)));
    }

    public ToolDefinition updateUnder(SdpModule parent, String parentIdArg, SdpModule child, String childIdArg,
            String name, String title, String description, List<Field> fields) {
        JsonSchemas schema = JsonSchemas.object().id(parentIdArg, null, true)
                .id(childIdArg, null, true);
        return new ToolDefinition(name, title, description, child.toolset(), Field.schema(schema, fields, false).build(),
                entitySchema(child), Hints.writes().destructive().idempotent(),
                call -> updated(call, child, childPath(parent, ToolArgs.id(call, parentIdArg), child) + "/"
                        + ToolArgs.id(call, childIdArg), changes(call, fields)));
    }

    /** Where a tool writes, from its (checked) id arguments, e.g. projects/{project_id}/tasks/{task_id}/worklogs. */
    @FunctionalInterface
    public interface PathOf {
        String path(ToolCall call) throws ToolException, SdpException;
    }

    /**
     * Logging time on a record (docs/sdp-api-fidelity.md §4): the technician, mandatory; what was done; start and end, or
     * hours and minutes as time_spent. {@code ids} holds the id arguments {@code path} reads.
     */
    public ToolDefinition addWorklog(SdpModule worklogs, String name, String title, String description, JsonSchemas ids,
            PathOf path) {
        List<Field> fields = List.of(
                Field.user("owner", null).asMandatory(),
                Field.text("description", null),
                Field.time("start_time", "start_time", null),
                Field.time("end_time", "end_time", null));
        JsonSchemas schema = Field.schema(ids, fields, true)
                .integer("hours", null, false).integer("minutes", null, false);
        return new ToolDefinition(name, title, description, worklogs.toolset(), schema.build(), entitySchema(worklogs),
                Hints.writes(), call -> {
                    String where = path.path(call);
                    ObjectNode worklog = Field.entity(call, fields, lookups);
                    Optional<Integer> hours = ToolArgs.integer(call, "hours");
                    Optional<Integer> minutes = ToolArgs.integer(call, "minutes");
                    if (hours.isPresent() || minutes.isPresent()) {
                        worklog.putObject("time_spent").put("hours", String.valueOf(hours.orElse(0)))
                                .put("minutes", String.valueOf(minutes.orElse(0)));
                    }
                    return created(call, worklogs, where, worklog);
                });
    }

    /** The fields given for an update; at least one. */
    public ObjectNode changes(ToolCall call, List<Field> fields) throws ToolException, SdpException {
        ObjectNode entity = Field.entity(call, fields, lookups);
        if (entity.isEmpty()) {
            throw new ToolException("Nothing to change: give at least one of " + String.join(", ",
                    fields.stream().map(Field::arg).toList()) + ".");
        }
        return entity;
    }

    public ToolResult created(ToolCall call, SdpModule module, String path, ObjectNode entity) throws ToolException, SdpException {
        return saved(call, module, "Created ", () -> sdp.post(ToolArgs.caller(call), path, SdpClient.input(module.singular(), entity)));
    }

    public ToolResult updated(ToolCall call, SdpModule module, String path, ObjectNode entity) throws ToolException, SdpException {
        return saved(call, module, "Updated ", () -> sdp.put(ToolArgs.caller(call), path, SdpClient.input(module.singular(), entity)));
    }

    private interface Write {
        JsonNode send() throws ToolException, SdpException;
    }

    /** A write's answer as the saved record; missing mandatory fields named by label where the module has UDFs. */
    private ToolResult saved(ToolCall call, SdpModule module, String verb, Write write) throws ToolException, SdpException {
        JsonNode body;
        try {
            body = write.send();
        } catch (SdpMissingFields missing) {
            throw module.udfs() ? moduleFields.missing(ToolArgs.caller(call), module.path(), module.noun(), missing) : missing;
        } catch (SdpRefused refused) {
            throw module.udfs() ? moduleFields.relabeled(ToolArgs.caller(call), module.path(), refused) : refused;
        }
        return entity(call, module, body.path(module.singular()), verb + module.noun());
    }

    /** {@link #entity(SdpModule, JsonNode, String)}, with the user-defined fields by label. */
    ToolResult entity(ToolCall call, SdpModule module, JsonNode entity, String headline) {
        List<String> udfs = new ArrayList<>();
        if (module.udfs()) {
            moduleFields.udfsByLabel(ToolArgs.caller(call), module.path(), entity).forEach((label, value) -> {
                String text = Render.value(value);
                if (!text.isEmpty()) {
                    udfs.add(label + ": " + text);
                }
            });
        }
        return entity(module, entity, headline, udfs);
    }

    /** One record: a line, its details, and the record itself as structured content. */
    public static ToolResult entity(SdpModule module, JsonNode entity, String headline) {
        return entity(module, entity, headline, List.of());
    }

    private static ToolResult entity(SdpModule module, JsonNode entity, String headline, List<String> udfLines) {
        String line = module.line().apply(entity);
        String text = (headline == null ? line : headline + ": " + line) + "\n" + Render.details(entity)
                + (udfLines.isEmpty() ? "" : "\n" + String.join("\n", udfLines));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(module.singular(), entity);
        return ToolResult.of(text.trim(), out);
    }

    public static String childPath(SdpModule parent, String parentId, SdpModule child) {
        return parent.path() + "/" + parentId + "/" + child.path();
    }

    // --- schemas

    static void paging(JsonSchemas schema, List<String> sortFields) {
        schema.integer("page", null, false).integer("page_size", "1-100, default " + ToolArgs.DEFAULT_PAGE_SIZE, false)
                .bool("with_total", null, false).string(FIELDS, null, false);
        if (!sortFields.isEmpty()) {
            schema.oneOf("sort_by", null, sortFields, false).oneOf("sort_order", null, List.of("asc", "desc"), false);
        }
    }

    /**
     * The tasks and worklogs kept under a record (a request, problem or change): list, add and update its tasks, log
     * work on it and list what was logged, named list_{noun}_tasks, add_{noun}_task, update_{noun}_task,
     * add_{noun}_worklog and list_{noun}_worklogs.
     */
    public ToolGroup tasksAndWorklogs(SdpModule parent, String idArg, SdpModule tasks, SdpModule worklogs) {
        String noun = parent.noun();
        return new ToolGroup(List.of(
                listUnder(parent, idArg, tasks, "list_" + noun + "_tasks", "List a " + noun + "'s tasks",
                        "Lists the tasks of a " + noun + "."),
                addUnder(parent, idArg, tasks, "add_" + noun + "_task", "Add a task to a " + noun, "Adds a task to a " + noun + ".",
                        CommonFields.TASK),
                updateUnder(parent, idArg, tasks, "task_id", "update_" + noun + "_task", "Update a " + noun + "'s task",
                        "Changes the given fields of a " + noun + "'s task, e.g. status Closed to complete it.", CommonFields.TASK),
                addWorklog(worklogs, "add_" + noun + "_worklog", "Log work on a " + noun, "Records time a technician spent on a "
                        + noun + " (start and end, or hours and minutes).", JsonSchemas.object().id(idArg, null, true),
                        call -> childPath(parent, ToolArgs.id(call, idArg), worklogs)),
                listUnder(parent, idArg, worklogs, "list_" + noun + "_worklogs", "List a " + noun + "'s worklogs",
                        "Lists the time logged on a " + noun + ".")));
    }

    /** A page: the records as ServiceDesk Plus returns them, and where the next page is. */
    public static Map<String, Object> listSchema(SdpModule module) {
        return JsonSchemas.object().objects(module.plural(), null, false)
                .property("next_page", JsonSchemas.typed(List.of("integer", "null"), null), false).buildResult();
    }

    /** One record as ServiceDesk Plus returns it. */
    public static Map<String, Object> entitySchema(SdpModule module) {
        return JsonSchemas.object().property(module.singular(), JsonSchemas.typed("object", null), false).buildResult();
    }
}
