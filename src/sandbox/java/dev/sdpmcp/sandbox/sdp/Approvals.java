package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Approval levels and approvals of requests and changes (docs/sdp-api-fidelity.md §14). Levels are numbered 1 to 5
 * and decided in order; an approval is sent (Pending Approval) when it is added and decided once, by its approver
 * only. A level is Approved when every approval in it is, Rejected as soon as one is; the request's approval_status
 * follows its levels.
 */
final class Approvals {

    static final String PENDING = "Pending Approval";
    static final String APPROVED = "Approved";
    static final String REJECTED = "Rejected";
    /** A level nobody has been asked in yet (the on-premises pages' "To Be Sent"). */
    static final String TO_BE_SENT = "To Be Sent";

    private Approvals() {
    }

    /** Before a level is stored: its number is 1 to 5 (ME's level page) and used once per request or change. */
    static void level(Writer.Ctx ctx, Module module, ObjectNode before, ObjectNode after) {
        BigDecimal given = Json.number(after.get("level"));
        if (given == null || given.stripTrailingZeros().scale() > 0 || given.intValue() < 1 || given.intValue() > 5) {
            throw ApiException.badRequest("level", "Level value should be between 1 to 5");
        }
        int level = given.intValue();
        after.put("level", level);
        String parentId = after.path(module.parentField).path("id").asText();
        if (ctx.portal().children(module, parentId).stream()
                .anyMatch(row -> !row.get("id").equals(after.get("id")) && row.path("level").asInt() == level)) {
            throw ApiException.notUnique("level");
        }
        if (before == null) {
            after.set("status", status(TO_BE_SENT));
            after.put("associated_entity", module.parentField);
        }
    }

    /** Before an approval is stored: one per approver in a level; adding it sends it. */
    static void sent(Writer.Ctx ctx, Module module, ObjectNode before, ObjectNode after) {
        if (before != null) {
            return;
        }
        Module levels = Catalog.module(module.field(module.parentField).target);
        ObjectNode level = ctx.portal().row(levels, after.path(module.parentField).path("id").asText());
        String approver = after.path("approver").path("id").asText();
        if (ctx.portal().children(module, level.get("id").asText()).stream()
                .anyMatch(row -> approver.equals(row.path("approver").path("id").asText()))) {
            throw ApiException.notUnique("approver");
        }
        String owner = levels.parentField;
        after.set("status", status(PENDING));
        after.put("associated_entity", owner);
        after.set(owner, level.get(owner).deepCopy());
        refresh(ctx, module, level, after);
    }

    /** PUT …/approvals/{id}/_approve and /_reject: body {"approval":{"comments":…}}, comments optional. */
    static Api.Handler decision(String owner, String decision) {
        return (ctx, approval, inputData) -> decide(ctx, Catalog.module(owner + "_approvals"), approval, inputData, decision);
    }

    private static ObjectNode decide(Writer.Ctx ctx, Module module, ObjectNode approval, ObjectNode inputData, String decision) {
        ObjectNode input = Api.input(inputData, "approval", "approval"::equals).entity();
        List<ObjectNode> extra = input.properties().stream().map(Map.Entry::getKey).filter(key -> !key.equals("comments"))
                .map(key -> ApiException.message(4000, key, ApiException.EXTRA_KEY)).toList();
        if (!extra.isEmpty()) {
            throw ApiException.of(400, extra);
        }
        JsonNode comments = input.get("comments");
        if (comments != null && !comments.isNull() && !comments.isTextual()) {
            throw ApiException.typeMismatch("comments");
        }
        if (comments != null && comments.asText().length() > 250) {
            throw ApiException.badRequest("comments", "comments is longer than 250 characters");
        }
        JsonNode approver = approval.path("approver");
        if (!ctx.caller().path("id").equals(approver.path("id"))) {
            throw ApiException.of(403, 4002, null, "Only the approver (" + approver.path("name").asText()
                    + ") can approve or reject this approval");
        }
        String current = approval.path("status").path("name").asText();
        if (!current.equals(PENDING)) {
            throw ApiException.of(403, 4002, null, "This approval is already " + current + "; an approval decision cannot be changed");
        }
        Module levels = Catalog.module(module.field(module.parentField).target);
        ObjectNode level = ctx.portal().row(levels, approval.path(module.parentField).path("id").asText());
        String parentId = level.path(levels.parentField).path("id").asText();
        for (ObjectNode lower : ctx.portal().children(levels, parentId)) {
            if (lower.path("level").asInt() < level.path("level").asInt()
                    && !APPROVED.equals(lower.path("status").path("name").asText())) {
                throw ApiException.of(403, 4002, null, "Level " + lower.path("level").asInt()
                        + " is not approved (" + lower.path("status").path("name").asText() + "): levels are decided in order");
            }
        }
        ObjectNode decided = approval.deepCopy();
        decided.set("status", status(decision));
        if (comments != null) {
            decided.set("comments", comments.deepCopy());
        }
        decided.set("action_taken_on", Json.datetime(ctx.now()));
        ctx.portal().put(module, decided);
        refresh(ctx, module, level, decided);
        return Json.entity("approval", ListQuery.render(module, decided, null, false));
    }

    /** GET approvals: the caller's approvals of requests and changes (whatever their status), filtered like any list. */
    static ObjectNode mine(Writer.Ctx ctx, Module module, ObjectNode inputData) {
        String caller = ctx.caller().path("id").asText();
        List<ObjectNode> rows = Stream.of("request_approvals", "change_approvals")
                .flatMap(name -> ctx.portal().rows(Catalog.module(name)).stream())
                .filter(row -> caller.equals(row.path("approver").path("id").asText())).toList();
        ListQuery.Page page = ListQuery.run(module, rows, inputData);
        ObjectNode body = Json.object();
        body.putArray("response_status").add(Json.success());
        body.set("list_info", page.listInfo());
        ArrayNode items = body.putArray("approvals");
        page.rows().forEach(row -> items.add(ListQuery.render(module, row, null, true)));
        return body;
    }

    /** The level's status from its approvals, then the entity's approval_status from its levels. */
    private static void refresh(Writer.Ctx ctx, Module approvals, ObjectNode level, ObjectNode changed) {
        List<ObjectNode> inLevel = new ArrayList<>(ctx.portal().children(approvals, level.get("id").asText()).stream()
                .filter(row -> !row.get("id").equals(changed.get("id"))).toList());
        inLevel.add(changed);
        level.set("status", status(combined(inLevel.stream().map(row -> row.path("status").path("name").asText()).toList())));
        Module levels = Catalog.module(approvals.field(approvals.parentField).target);
        Module owner = Catalog.module(levels.field(levels.parentField).target);
        ObjectNode entity = ctx.portal().row(owner, level.path(levels.parentField).path("id").asText());
        if (entity != null && entity.has("approval_status")) {
            List<String> states = ctx.portal().children(levels, entity.get("id").asText()).stream()
                    .map(row -> row.path("status").path("name").asText()).filter(name -> !name.equals(TO_BE_SENT)).toList();
            entity.set("approval_status", states.isEmpty() ? null : status(combined(states)));
        }
    }

    private static String combined(List<String> states) {
        if (states.contains(REJECTED)) {
            return REJECTED;
        }
        if (states.isEmpty()) {
            return TO_BE_SENT;
        }
        return states.stream().allMatch(APPROVED::equals) ? APPROVED : PENDING;
    }

    private static ObjectNode status(String name) {
        return Json.object().put("name", name);
    }
}
