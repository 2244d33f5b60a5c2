package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The verbs on one request (docs/sdp-api-fidelity.md §3). Each is an update through the generic {@link Writer}, so
 * closure codes, groups and technicians are validated like any other lookup.
 */
final class RequestActions {

    private static final Module REQUESTS = Catalog.module("requests");

    private RequestActions() {
    }

    /** PUT /close: body request.closure_info {closure_code, closure_comments, requester_ack_*}; status becomes Closed. */
    static ObjectNode close(Writer.Ctx ctx, ObjectNode request, ObjectNode inputData) {
        if (closed(request)) {
            throw ApiException.requestClosed();
        }
        if (ctx.portal().closeNeedsResolution && request.path("resolution").path("content").asText("").isBlank()) {
            // HTTP 200, status_code 3000: not done, and nothing changed (the request stays open)
            return Json.warning(List.of("resolution"), "Resolution is mandatory to close the request");
        }
        ObjectNode changes = requestInput(inputData).deepCopy();
        changes.set("status", Json.object().put("name", "Closed"));
        save(ctx, request, changes);
        return Json.action("Request(s) closed successfully.");
    }

    /** PUT /pickup, no input: the calling technician takes the request. */
    static ObjectNode pickup(Writer.Ctx ctx, ObjectNode request, ObjectNode inputData) {
        ObjectNode changes = Json.object();
        changes.putObject("technician").put("id", ctx.caller().get("id").asText());
        save(ctx, request, changes);
        return Json.action("Request(s) picked up successfully.");
    }

    /** PUT /assign: request.group and/or request.technician, nothing else. */
    static ObjectNode assign(Writer.Ctx ctx, ObjectNode request, ObjectNode inputData) {
        ObjectNode changes = requestInput(inputData);
        List<ObjectNode> extra = changes.properties().stream().map(e -> e.getKey())
                .filter(key -> !Set.of("group", "technician").contains(key))
                .map(key -> ApiException.message(4000, key, ApiException.EXTRA_KEY)).toList();
        if (!extra.isEmpty()) {
            throw ApiException.of(400, extra);
        }
        if (changes.isEmpty()) {
            throw ApiException.mandatory(List.of("group", "technician"));
        }
        save(ctx, request, changes);
        return Json.action("Request(s) assigned successfully.");
    }

    /** DELETE /move_to_trash: hidden from the default list until restored or deleted. */
    static ObjectNode trash(Writer.Ctx ctx, ObjectNode request, ObjectNode inputData) {
        request.put("is_trashed", true);
        request.set("deleted_time", Json.datetime(ctx.now()));
        RequestRelations.record(ctx, request.get("id").asText(), "Moved to trash", List.of());
        return Json.action("Request(s) moved to trash successfully.");
    }

    /**
     * PUT /restore_from_trash. A request that is not in the trash is refused (4001 on id, nothing changes): no source
     * says what Cloud answers, so the stricter (docs/sdp-api-fidelity.md §17).
     */
    static ObjectNode restore(Writer.Ctx ctx, ObjectNode request, ObjectNode inputData) {
        if (!request.path("is_trashed").asBoolean()) {
            throw ApiException.of(400, 4001, "id", "The request is not in the trash");
        }
        request.put("is_trashed", false);
        request.putNull("deleted_time");
        RequestRelations.record(ctx, request.get("id").asText(), "Restored from trash", List.of());
        return Json.action("Request(s) restored successfully.");
    }

    /** GET /resolutions: {"resolution":{content, submitted_on, submitted_by, resolution_attachments}}. */
    static ObjectNode resolution(Writer.Ctx ctx, ObjectNode request, ObjectNode inputData) {
        JsonNode resolution = request.get("resolution");
        if (resolution == null || resolution.isNull()) {
            ObjectNode empty = Json.object();
            REQUESTS.field("resolution").sub.map.values().forEach(field -> empty.set(field.name, field.initial.deepCopy()));
            resolution = empty;
        }
        return Json.entity("resolution", resolution.deepCopy());
    }

    /** POST /resolutions: {"resolution":{"content":…,"add_to_linked_requests":…}}. */
    static ObjectNode addResolution(Writer.Ctx ctx, ObjectNode request, ObjectNode inputData) {
        ObjectNode resolution = Api.input(inputData, "resolution", "resolution"::equals).entity();
        ObjectNode changes = Json.object();
        changes.set("resolution", resolution);
        return Json.entity("resolution", save(ctx, request, changes).get("resolution").deepCopy());
    }

    /**
     * GET /conversations: the request's notes and notifications, oldest first, paged by list_info. A row says what it
     * is (type NOTES for a note, else the notification's type in capitals), who and when, not what was written: the
     * third-party client that reads conversations fetches each row under notes/{id} or notifications/{id} for that,
     * so the simulator makes a client do so too (docs/sdp-api-fidelity.md §15).
     */
    static ObjectNode conversations(Writer.Ctx ctx, ObjectNode request, ObjectNode inputData) {
        String id = request.get("id").asText();
        List<ObjectNode> rows = new ArrayList<>();
        for (ObjectNode note : ctx.portal().children(Catalog.module("request_notes"), id)) {
            rows.add(Json.of("id", note.get("id"), "type", "NOTES", "subject", null, "sender", note.get("added_by"),
                    "time", note.get("added_time"), "show_to_requester", note.path("show_to_requester").asBoolean()));
        }
        for (ObjectNode notification : ctx.portal().children(Catalog.module("request_notifications"), id)) {
            rows.add(Json.of("id", notification.get("id"), "type", notification.get("type").asText().toUpperCase(Locale.ROOT),
                    "subject", notification.get("subject"), "sender", notification.get("sender"), "time", notification.get("time"),
                    "show_to_requester", true));
        }
        Module conversations = Catalog.module("request_conversations");
        ListQuery.Page page = ListQuery.run(conversations, rows, inputData);
        ObjectNode body = Json.object();
        body.putArray("response_status").add(Json.success());
        body.set("list_info", page.listInfo());
        body.putArray(conversations.plural).addAll(page.rows());
        return body;
    }

    private static ObjectNode requestInput(ObjectNode inputData) {
        return Api.input(inputData, REQUESTS.singular, REQUESTS::accepts).entity();
    }

    /**
     * PUT requests/{id}. A closed request takes one edit only: a status change alone that reopens it (a design
     * choice, as is the refusal itself; docs/sdp-api-fidelity.md §3).
     */
    static ObjectNode update(Writer.Ctx ctx, ObjectNode request, ObjectNode changes) {
        if (!closed(request)) {
            return Writer.update(REQUESTS, request, changes, ctx);
        }
        if (changes.size() != 1 || !changes.has("status")) {
            throw ApiException.requestClosed();
        }
        ObjectNode reopened = Writer.update(REQUESTS, request, changes, ctx);
        if (closed(reopened)) {
            throw ApiException.requestClosed();
        }
        return reopened;
    }

    private static boolean closed(ObjectNode request) {
        return "closed".equals(Behaviors.statusName(request));
    }

    /** The actions that change a request (close, pickup, assign, resolution) are edits too: refused while it is closed. */
    private static ObjectNode save(Writer.Ctx ctx, ObjectNode request, ObjectNode changes) {
        if (closed(request)) {
            throw ApiException.requestClosed();
        }
        ObjectNode before = request.deepCopy();
        ObjectNode updated = Writer.update(REQUESTS, request, changes, ctx);
        ctx.portal().put(REQUESTS, updated);
        RequestRelations.recordWrite(ctx, before, updated);
        return updated;
    }
}
