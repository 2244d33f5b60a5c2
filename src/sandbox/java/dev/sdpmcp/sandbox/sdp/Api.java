package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Routes /api/v3/... paths onto the catalog and runs them: list, get, add, update, delete for every module and
 * sub-collection, plus the request actions. Paths are {@code /<module>[/<id>[/<child or action>[/<id>…]]]}.
 */
final class Api {

    /** What a path names, worked out before anything runs so that the scope can be checked first. */
    record Route(String method, List<Module> chain, List<String> parentIds, String id, Action action) {

        Module module() {
            return chain.get(chain.size() - 1);
        }

        /** The scope operation: READ for GET, CREATE for POST, UPDATE for PUT, DELETE for DELETE. */
        String operation() {
            return switch (method) {
                case "GET" -> "READ";
                case "POST" -> "CREATE";
                case "PUT" -> "UPDATE";
                default -> "DELETE";
            };
        }
    }

    interface Handler {
        ObjectNode run(Writer.Ctx ctx, ObjectNode request, ObjectNode inputData);
    }

    /** A verb on one request, e.g. PUT /requests/{id}/close. */
    record Action(String method, Handler handler) {
    }

    /** Request actions by path segment; the underscore forms (/_close) are the newer builds' style (docs/sdp-api-fidelity.md §3). */
    private static final Map<String, Action> REQUEST_ACTIONS = Map.ofEntries(
            Map.entry("close", new Action("PUT", RequestActions::close)),
            Map.entry("_close", new Action("PUT", RequestActions::close)),
            Map.entry("pickup", new Action("PUT", RequestActions::pickup)),
            Map.entry("_pickup", new Action("PUT", RequestActions::pickup)),
            Map.entry("assign", new Action("PUT", RequestActions::assign)),
            Map.entry("_assign", new Action("PUT", RequestActions::assign)),
            Map.entry("move_to_trash", new Action("DELETE", RequestActions::trash)),
            Map.entry("_move_to_trash", new Action("DELETE", RequestActions::trash)),
            Map.entry("restore_from_trash", new Action("PUT", RequestActions::restore)),
            Map.entry("_restore_from_trash", new Action("PUT", RequestActions::restore)),
            Map.entry("resolutions GET", new Action("GET", RequestActions::resolution)),
            Map.entry("resolutions POST", new Action("POST", RequestActions::addResolution)),
            Map.entry("link_requests GET", new Action("GET", RequestRelations::links)),
            Map.entry("link_requests POST", new Action("POST", RequestRelations::link)),
            Map.entry("link_requests DELETE", new Action("DELETE", RequestRelations::unlink)),
            Map.entry("merge_requests", new Action("PUT", RequestRelations::merge)),
            Map.entry("history", new Action("GET", RequestRelations::history)),
            Map.entry("problem GET", new Action("GET", RequestRelations.read(RequestRelations.PROBLEM))),
            Map.entry("problem POST", new Action("POST", RequestRelations.associate(RequestRelations.PROBLEM))),
            Map.entry("problem DELETE", new Action("DELETE", RequestRelations.dissociate(RequestRelations.PROBLEM))),
            Map.entry("request_initiated_change GET", new Action("GET", RequestRelations.read(RequestRelations.INITIATED_CHANGE))),
            Map.entry("request_initiated_change POST", new Action("POST", RequestRelations.associate(RequestRelations.INITIATED_CHANGE))),
            Map.entry("request_initiated_change DELETE", new Action("DELETE", RequestRelations.dissociate(RequestRelations.INITIATED_CHANGE))),
            Map.entry("request_caused_by_change GET", new Action("GET", RequestRelations.read(RequestRelations.CAUSED_BY_CHANGE))),
            Map.entry("request_caused_by_change POST", new Action("POST", RequestRelations.associate(RequestRelations.CAUSED_BY_CHANGE))),
            Map.entry("request_caused_by_change DELETE", new Action("DELETE", RequestRelations.dissociate(RequestRelations.CAUSED_BY_CHANGE))),
            Map.entry("conversations", new Action("GET", RequestActions::conversations)));

    /** Decisions on one approval; only the underscore forms, the ones a client of the API is seen to use (fidelity §14). */
    private static final Map<String, Map<String, Action>> ACTIONS = Map.of(
            "requests", REQUEST_ACTIONS,
            "request_approvals", Map.of(
                    "_approve", new Action("PUT", Approvals.decision("request", Approvals.APPROVED)),
                    "_reject", new Action("PUT", Approvals.decision("request", Approvals.REJECTED))),
            "change_approvals", Map.of(
                    "_approve", new Action("PUT", Approvals.decision("change", Approvals.APPROVED)),
                    "_reject", new Action("PUT", Approvals.decision("change", Approvals.REJECTED))));

    private Api() {
    }

    static Route route(String method, List<String> segments) {
        Module module = segments.isEmpty() ? null : Catalog.top(segments.get(0));
        if (module == null) {
            throw ApiException.invalidUrl();
        }
        List<Module> chain = new ArrayList<>(List.of(module));
        List<String> parentIds = new ArrayList<>();
        int i = 1;
        while (true) {
            if (i == segments.size()) {
                return new Route(method, chain, parentIds, null, null);
            }
            String id = segments.get(i++);
            if (i == segments.size()) {
                return new Route(method, chain, parentIds, id, null);
            }
            String next = segments.get(i++);
            Map<String, Action> actions = ACTIONS.getOrDefault(module.name, Map.of());
            if (i == segments.size()) {
                Action action = actions.getOrDefault(next, actions.get(next + " " + method));
                if (action != null) {
                    if (!action.method().equals(method)) {
                        throw ApiException.invalidUrl();
                    }
                    return new Route(method, chain, parentIds, id, action);
                }
            }
            String child = module.children.get(next);
            if (child == null) {
                throw ApiException.invalidUrl();
            }
            parentIds.add(id);
            module = Catalog.module(child);
            chain.add(module);
        }
    }

    static ObjectNode run(Route route, Writer.Ctx ctx, ObjectNode inputData) {
        Module module = route.module();
        ObjectNode parent = null;
        for (int i = 0; i < route.parentIds().size(); i++) {
            parent = find(ctx.portal(), route.chain().get(i), route.parentIds().get(i), parent);
        }
        if (route.action() != null) {
            return route.action().handler().run(ctx, find(ctx.portal(), module, route.id(), parent), inputData);
        }
        if (route.id() == null && module.name.equals("approvals") && route.method().equals("GET")) {
            return Approvals.mine(ctx, module, inputData);
        }
        if (route.id() == null) {
            return switch (route.method()) {
                case "GET" -> list(module, parent, ctx, inputData);
                case "POST" -> add(module, parent, ctx, inputData);
                default -> throw ApiException.invalidUrl();
            };
        }
        if (route.id().equals("_metainfo") && parent == null) {
            if (!route.method().equals("GET")) {
                throw ApiException.invalidUrl();
            }
            return metainfo(module, ctx.portal());
        }
        ObjectNode row = find(ctx.portal(), module, route.id(), parent);
        return switch (route.method()) {
            case "GET" -> Json.entity(module.singular, ListQuery.render(module, row, fieldsRequired(inputData), false));
            case "PUT" -> update(module, row, ctx, inputData);
            case "DELETE" -> delete(module, row, ctx);
            default -> throw ApiException.invalidUrl();
        };
    }

    /**
     * GET {module}/_metainfo: the fields a record takes on this instance. The udf_fields part has the shape the
     * vendor's own client reads (docs/sdp-api-fidelity.md §11); the mandatory flags, allowed_values and
     * mandatory_on_template are this simulator's choice (the real names are unconfirmed).
     */
    private static ObjectNode metainfo(Module module, Portal portal) {
        ObjectNode fields = Json.object();
        for (Module.Field field : module.fields.map.values()) {
            if (field.readOnly || field.hidden || field.type == Module.Type.UDF || field.type == Module.Type.ANY) {
                continue;
            }
            ObjectNode node = fields.putObject(field.name);
            node.put("name", field.name);
            node.put("display_name", displayName(field.name));
            node.put("type", switch (field.type) {
                case BOOL -> "boolean";
                case NUMBER -> "decimal";
                case DATETIME -> "datetime";
                case LOOKUP, USER -> "lookup";
                case OBJECT -> "object";
                case LIST -> "list";
                default -> "string";
            });
            if (field.type == Module.Type.LOOKUP || field.type == Module.Type.USER) {
                node.put("lookup_entity", Catalog.module(field.target).singular);
            }
            node.put("mandatory", field.mandatory || portal.fields.mandatory(module).contains(field.name));
        }
        if (module.fields.map.containsKey("udf_fields")) {
            ObjectNode udfs = fields.putObject("udf_fields").putObject("fields");
            portal.fields.udfs(module).forEach(udf -> udfs.set(udf.key(), udf.toJson()));
        }
        ObjectNode metainfo = Json.object();
        metainfo.put("name", module.singular);
        metainfo.set("fields", fields);
        return Json.entity("metainfo", metainfo);
    }

    private static String displayName(String name) {
        StringBuilder words = new StringBuilder();
        for (String word : name.split("_")) {
            words.append(words.isEmpty() ? "" : " ").append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return words.toString();
    }

    /** Unsupported operations are unknown URLs, as for any other path the API does not serve. */
    private static void require(Module module, Module.Op op) {
        if (!module.ops.contains(op)) {
            throw ApiException.invalidUrl();
        }
    }

    /** A row by id; a child row must also belong to the parent in the URL. */
    private static ObjectNode find(Portal portal, Module module, String id, ObjectNode parent) {
        ObjectNode row = portal.row(module, id);
        if (row == null || parent != null && !parent.get("id").equals(row.path(module.parentField).path("id"))) {
            throw ApiException.notFound();
        }
        return row;
    }

    private static JsonNode fieldsRequired(ObjectNode inputData) {
        return inputData.has("fields_required") ? inputData.get("fields_required") : inputData.path("list_info").get("fields_required");
    }

    private static ObjectNode list(Module module, ObjectNode parent, Writer.Ctx ctx, ObjectNode inputData) {
        require(module, Module.Op.LIST);
        List<ObjectNode> rows = parent == null ? ctx.portal().rows(module) : ctx.portal().children(module, parent.get("id").asText());
        ListQuery.Page page = ListQuery.run(module, rows, inputData);
        ObjectNode body = Json.object();
        body.putArray("response_status").add(Json.success());
        body.set("list_info", page.listInfo());
        ArrayNode items = body.putArray(module.plural);
        JsonNode fieldsRequired = fieldsRequired(inputData);
        page.rows().forEach(row -> items.add(ListQuery.render(module, row, fieldsRequired, true)));
        return body;
    }

    /**
     * The entity under its root key. The Cloud root is the module's singular ("request_note"); an accepted
     * alias ("note", as on-prem) is answered under the same alias.
     */
    record Input(String root, ObjectNode entity) {
    }

    static Input input(ObjectNode inputData, String defaultRoot, Predicate<String> accepts) {
        String root = defaultRoot;
        ObjectNode entity = Json.object();
        List<ObjectNode> extra = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : inputData.properties()) {
            if (!accepts.test(entry.getKey())) {
                extra.add(ApiException.message(4000, entry.getKey(), ApiException.EXTRA_KEY));
            } else if (entry.getValue() instanceof ObjectNode object) {
                root = entry.getKey();
                entity = object;
            } else {
                throw ApiException.typeMismatch(entry.getKey());
            }
        }
        if (!extra.isEmpty()) {
            throw ApiException.of(400, extra);
        }
        return new Input(root, entity);
    }

    private static ObjectNode add(Module module, ObjectNode parent, Writer.Ctx ctx, ObjectNode inputData) {
        require(module, Module.Op.ADD);
        Input input = input(inputData, module.singular, module::accepts);
        ObjectNode parentRef = parent == null ? null : Catalog.module(module.field(module.parentField).target).reference(parent);
        ObjectNode entity = Writer.create(module, input.entity(), parentRef, ctx);
        ctx.portal().put(module, entity);
        if (module.name.equals("requests")) {
            RequestRelations.recordWrite(ctx, null, entity);
        }
        return Json.entity(input.root(), ListQuery.render(module, entity, null, false));
    }

    private static ObjectNode update(Module module, ObjectNode row, Writer.Ctx ctx, ObjectNode inputData) {
        require(module, Module.Op.UPDATE);
        Input input = input(inputData, module.singular, module::accepts);
        ObjectNode before = row.deepCopy();
        ObjectNode entity = module.name.equals("requests") ? RequestActions.update(ctx, row, input.entity())
                : Writer.update(module, row, input.entity(), ctx);
        if (module.name.equals("requests")) {
            RequestRelations.recordWrite(ctx, before, entity);
        }
        ctx.portal().put(module, entity);
        return Json.entity(input.root(), ListQuery.render(module, entity, null, false));
    }

    private static ObjectNode delete(Module module, ObjectNode row, Writer.Ctx ctx) {
        require(module, Module.Op.DELETE);
        remove(ctx.portal(), module, row);
        String name = module.singular.replace('_', ' ');
        return Json.action(Character.toUpperCase(name.charAt(0)) + name.substring(1) + "(s) deleted successfully.");
    }

    /** Deletes a row with everything below it (a request's notes, worklogs, tasks and their worklogs). */
    private static void remove(Portal portal, Module module, ObjectNode row) {
        for (String childName : module.children.values()) {
            Module child = Catalog.module(childName);
            if (child.parentField != null && child.table.equals(childName)) {
                portal.children(child, row.get("id").asText()).forEach(grandChild -> remove(portal, child, grandChild));
            }
        }
        portal.remove(module, row.get("id").asText());
    }
}
