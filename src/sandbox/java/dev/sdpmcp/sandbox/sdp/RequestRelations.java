package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How requests relate to each other (docs/sdp-api-fidelity.md §17): links, merges, and the history each request keeps.
 * Every body is checked whole before anything changes, so a bad id in a list leaves every request as it was.
 */
final class RequestRelations {

    private static final Module REQUESTS = Catalog.module("requests");
    /** Fields that change on every write and say nothing about what was done. */
    private static final Set<String> UNTRACKED = Set.of("last_updated_time", "last_updated_by", "time_elapsed",
            "has_notes", "has_linked_requests", "deleted_time");

    private RequestRelations() {
    }

    /** GET requests/{id}/link_requests: {"link_requests":[{"linked_request":{id,subject,display_id},"comments"}]}. */
    static ObjectNode links(Writer.Ctx ctx, ObjectNode request, ObjectNode inputData) {
        ObjectNode body = Json.object();
        body.putArray("response_status").add(Json.success());
        ArrayNode items = body.putArray("link_requests");
        linksOf(ctx.portal(), request).forEach((id, comments) -> {
            ObjectNode other = ctx.portal().row(REQUESTS, id);
            if (other != null) {
                ObjectNode item = items.addObject();
                item.set("linked_request", REQUESTS.reference(other));
                item.put("comments", comments);
            }
        });
        return body;
    }

    /** POST requests/{id}/link_requests {"link_requests":[{"linked_request":{"id"},"comments"}]}: both ways. */
    static ObjectNode link(Writer.Ctx ctx, ObjectNode request, ObjectNode inputData) {
        Map<String, String> wanted = linkInput(ctx, request, inputData, false);
        String id = request.get("id").asText();
        wanted.forEach((other, comments) -> {
            linksOf(ctx.portal(), request).put(other, comments);
            ctx.portal().links.computeIfAbsent(other, k -> new LinkedHashMap<>()).put(id, comments);
            record(ctx, id, "Linked", List.of(change("linked_request", null, other)));
            record(ctx, other, "Linked", List.of(change("linked_request", null, id)));
        });
        flag(ctx.portal(), request);
        wanted.keySet().forEach(other -> flag(ctx.portal(), ctx.portal().row(REQUESTS, other)));
        return Json.action("Request(s) successfully linked.");
    }

    /** DELETE requests/{id}/link_requests, same body: each named request must be linked now. */
    static ObjectNode unlink(Writer.Ctx ctx, ObjectNode request, ObjectNode inputData) {
        Map<String, String> gone = linkInput(ctx, request, inputData, true);
        String id = request.get("id").asText();
        gone.keySet().forEach(other -> {
            linksOf(ctx.portal(), request).remove(other);
            ctx.portal().links.getOrDefault(other, new LinkedHashMap<>()).remove(id);
            record(ctx, id, "Unlinked", List.of(change("linked_request", other, null)));
            record(ctx, other, "Unlinked", List.of(change("linked_request", id, null)));
            flag(ctx.portal(), ctx.portal().row(REQUESTS, other));
        });
        flag(ctx.portal(), request);
        return Json.action("Request(s) successfully unlinked.");
    }

    private static Map<String, String> linkInput(Writer.Ctx ctx, ObjectNode request, ObjectNode inputData, boolean unlinking) {
        JsonNode list = rootList(inputData, "link_requests");
        Map<String, String> ids = new LinkedHashMap<>();
        for (JsonNode item : list) {
            List<ObjectNode> extra = new ArrayList<>();
            item.fieldNames().forEachRemaining(key -> {
                if (!Set.of("linked_request", "comments").contains(key)) {
                    extra.add(ApiException.message(4000, key, ApiException.EXTRA_KEY));
                }
            });
            if (!extra.isEmpty()) {
                throw ApiException.of(400, extra);
            }
            String other = item.path("linked_request").path("id").asText("");
            if (other.isBlank()) {
                throw ApiException.mandatory(List.of("linked_request"));
            }
            if (other.equals(request.get("id").asText())) {
                throw ApiException.badRequest("linked_request", "A request cannot be linked to itself");
            }
            if (ctx.portal().row(REQUESTS, other) == null) {
                throw ApiException.invalidValue("linked_request");
            }
            if (unlinking && !linksOf(ctx.portal(), request).containsKey(other)) {
                throw ApiException.invalidValue("linked_request");
            }
            ids.put(other, item.path("comments").asText(""));
        }
        return ids;
    }

    /**
     * PUT requests/{id}/merge_requests {"merge_requests":[{"id"}]}: the named requests disappear into this one; their
     * notes, worklogs and tasks move to it. Trashed, closed or unknown requests and the request itself are refused.
     */
    static ObjectNode merge(Writer.Ctx ctx, ObjectNode request, ObjectNode inputData) {
        if ("closed".equals(Behaviors.statusName(request))) {
            throw ApiException.requestClosed();
        }
        JsonNode list = rootList(inputData, "merge_requests");
        String id = request.get("id").asText();
        List<ObjectNode> merged = new ArrayList<>();
        for (JsonNode item : list) {
            String other = item.path("id").asText("");
            ObjectNode row = ctx.portal().row(REQUESTS, other);
            if (other.equals(id)) {
                throw ApiException.badRequest("merge_requests", "A request cannot be merged into itself");
            }
            if (row == null || row.path("is_trashed").asBoolean() || merged.contains(row)) {
                throw ApiException.invalidValue("merge_requests");
            }
            if ("closed".equals(Behaviors.statusName(row))) {
                throw ApiException.of(403, 4002, "merge_requests", "Request " + other + " is closed and cannot be merged");
            }
            merged.add(row);
        }
        ObjectNode into = REQUESTS.reference(request);
        for (ObjectNode row : merged) {
            String other = row.get("id").asText();
            for (String childName : REQUESTS.children.values()) {
                Module child = Catalog.module(childName);
                for (ObjectNode grandChild : ctx.portal().children(child, other)) {
                    grandChild.set(child.parentField, into.deepCopy());
                }
            }
            Map<String, String> links = ctx.portal().links.remove(other);
            if (links != null) {
                links.forEach((linked, comments) -> {
                    ctx.portal().links.getOrDefault(linked, new LinkedHashMap<>()).remove(other);
                    if (!linked.equals(id)) {
                        linksOf(ctx.portal(), request).put(linked, comments);
                        ctx.portal().links.computeIfAbsent(linked, k -> new LinkedHashMap<>()).put(id, comments);
                    }
                });
            }
            ctx.portal().remove(REQUESTS, other);
            ctx.portal().history.remove(other);
            record(ctx, id, "Merged", List.of(change("merged_request", null,
                    row.path("display_id").asText() + " " + row.path("subject").asText())));
        }
        flag(ctx.portal(), request);
        return Json.action("Request(s) merged successfully.");
    }

    /** {"<root>":[…]} with nothing else, a non-empty array of objects. */
    private static JsonNode rootList(ObjectNode inputData, String root) {
        List<ObjectNode> extra = new ArrayList<>();
        inputData.fieldNames().forEachRemaining(key -> {
            if (!key.equals(root)) {
                extra.add(ApiException.message(4000, key, ApiException.EXTRA_KEY));
            }
        });
        if (!extra.isEmpty()) {
            throw ApiException.of(400, extra);
        }
        JsonNode list = inputData.get(root);
        if (list == null || list.isNull() || list.isArray() && list.isEmpty()) {
            throw ApiException.mandatory(List.of(root));
        }
        if (!list.isArray()) {
            throw ApiException.typeMismatch(root);
        }
        for (JsonNode item : list) {
            if (!item.isObject()) {
                throw ApiException.typeMismatch(root);
            }
        }
        return list;
    }

    private static Map<String, String> linksOf(Portal portal, ObjectNode request) {
        return portal.links.computeIfAbsent(request.get("id").asText(), k -> new LinkedHashMap<>());
    }

    private static void flag(Portal portal, ObjectNode request) {
        if (request != null) {
            Map<String, String> links = portal.links.get(request.get("id").asText());
            request.put("has_linked_requests", links != null && !links.isEmpty());
        }
    }

    // --- problems and changes

    /** A request's association with a problem or a change: the path segment, the body root, the key inside, the module. */
    record Association(String path, String root, String key, String module) {
    }

    static final Association PROBLEM = new Association("problem", "request_problem_association", "problem", "problems");
    static final Association INITIATED_CHANGE = new Association("request_initiated_change", "request_initiated_change", "change", "changes");
    static final Association CAUSED_BY_CHANGE = new Association("request_caused_by_change", "request_caused_by_change", "change", "changes");

    /**
     * GET requests/{id}/<path>: {"<root>":{"<key>":{reference}}}; with none, 404 4007 (no source shows the answer: a
     * failure is the stricter, docs/sdp-api-fidelity.md §17).
     */
    static Api.Handler read(Association association) {
        return (ctx, request, inputData) -> {
            ObjectNode target = associated(ctx.portal(), request, association);
            if (target == null) {
                throw ApiException.notFound();
            }
            ObjectNode entity = Json.object();
            entity.set(association.key(), Catalog.module(association.module()).reference(target));
            return Json.entity(association.root(), entity);
        };
    }

    /** POST: associates; a request already associated with another one is refused (dissociate it first). */
    static Api.Handler associate(Association association) {
        return (ctx, request, inputData) -> {
            ObjectNode target = target(ctx, association, inputData);
            ObjectNode current = associated(ctx.portal(), request, association);
            if (current != null && !current.get("id").equals(target.get("id"))) {
                throw ApiException.badRequest(association.key(), "The request is already associated with "
                        + association.key() + " " + current.get("id").asText() + ". Dissociate it first");
            }
            String id = request.get("id").asText();
            ctx.portal().associations.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(association.path(), target.get("id").asText());
            flagProblem(ctx.portal(), request);
            record(ctx, id, "Associated", List.of(change(association.path(), null, target.get("id").asText())));
            return Json.action("Request(s) associated successfully.");
        };
    }

    /** DELETE, the same body: it must name the one associated now. */
    static Api.Handler dissociate(Association association) {
        return (ctx, request, inputData) -> {
            ObjectNode target = target(ctx, association, inputData);
            ObjectNode current = associated(ctx.portal(), request, association);
            if (current == null || !current.get("id").equals(target.get("id"))) {
                throw ApiException.invalidValue(association.key());
            }
            String id = request.get("id").asText();
            ctx.portal().associations.get(id).remove(association.path());
            flagProblem(ctx.portal(), request);
            record(ctx, id, "Dissociated", List.of(change(association.path(), target.get("id").asText(), null)));
            return Json.action("Request(s) dissociated successfully.");
        };
    }

    private static ObjectNode target(Writer.Ctx ctx, Association association, ObjectNode inputData) {
        List<ObjectNode> extra = new ArrayList<>();
        inputData.fieldNames().forEachRemaining(key -> {
            if (!key.equals(association.root())) {
                extra.add(ApiException.message(4000, key, ApiException.EXTRA_KEY));
            }
        });
        JsonNode entity = inputData.path(association.root());
        entity.fieldNames().forEachRemaining(key -> {
            if (!key.equals(association.key())) {
                extra.add(ApiException.message(4000, key, ApiException.EXTRA_KEY));
            }
        });
        if (!extra.isEmpty()) {
            throw ApiException.of(400, extra);
        }
        String id = entity.path(association.key()).path("id").asText("");
        if (id.isBlank()) {
            throw ApiException.mandatory(List.of(association.key()));
        }
        ObjectNode target = ctx.portal().row(Catalog.module(association.module()), id);
        if (target == null) {
            throw ApiException.invalidValue(association.key());
        }
        return target;
    }

    private static ObjectNode associated(Portal portal, ObjectNode request, Association association) {
        String id = portal.associations.getOrDefault(request.get("id").asText(), Map.of()).get(association.path());
        return id == null ? null : portal.row(Catalog.module(association.module()), id);
    }

    private static void flagProblem(Portal portal, ObjectNode request) {
        request.put("has_problem", associated(portal, request, PROBLEM) != null);
    }

    // --- history

    /** GET requests/{id}/history: a list, oldest first, {"history":[{id, operation, by, time, changes[{field,old,new}]}]}. */
    static ObjectNode history(Writer.Ctx ctx, ObjectNode request, ObjectNode inputData) {
        ObjectNode body = Json.object();
        body.putArray("response_status").add(Json.success());
        ArrayNode items = body.putArray("history");
        ctx.portal().history.getOrDefault(request.get("id").asText(), List.of()).forEach(entry -> items.add(entry.deepCopy()));
        body.set("list_info", Json.of("has_more_rows", false, "row_count", items.size()));
        return body;
    }

    /** Records a write of a request: "Created", or each field it changed (nothing when nothing changed). */
    static void recordWrite(Writer.Ctx ctx, JsonNode before, ObjectNode after) {
        String id = after.get("id").asText();
        if (before == null) {
            record(ctx, id, "Created", List.of());
            return;
        }
        List<ObjectNode> changes = new ArrayList<>();
        after.properties().forEach(entry -> {
            JsonNode old = before.get(entry.getKey());
            if (!UNTRACKED.contains(entry.getKey()) && !entry.getValue().equals(old)) {
                changes.add(change(entry.getKey(), text(old), text(entry.getValue())));
            }
        });
        if (!changes.isEmpty()) {
            record(ctx, id, "Updated", changes);
        }
    }

    static void record(Writer.Ctx ctx, String requestId, String operation, List<ObjectNode> changes) {
        ObjectNode entry = Json.object();
        entry.put("id", ctx.portal().nextId());
        entry.put("operation", operation);
        ObjectNode by = entry.putObject("by");
        if (ctx.caller() != null) {
            for (String key : List.of("id", "name", "email_id")) {
                by.set(key, ctx.caller().path(key).deepCopy());
            }
        } else {
            by.put("name", "System");
        }
        entry.set("time", Json.datetime(ctx.now()));
        ArrayNode list = entry.putArray("changes");
        changes.forEach(list::add);
        ctx.portal().history.computeIfAbsent(requestId, k -> new ArrayList<>()).add(entry);
    }

    private static ObjectNode change(String field, String old, String now) {
        ObjectNode change = Json.object();
        change.put("field", field);
        change.put("old", old);
        change.put("new", now);
        return change;
    }

    /** A value as people read it: a lookup's name, a date's display_value, a text as it is. */
    private static String text(JsonNode value) {
        if (Json.absent(value)) {
            return null;
        }
        if (value.has("display_value")) {
            return value.get("display_value").asText();
        }
        if (value.has("name")) {
            return value.get("name").asText();
        }
        if (value.has("content")) {
            return value.get("content").asText(null);
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
