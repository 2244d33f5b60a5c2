package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The module-specific consequences of a write (the {@link Module.Hook}s the catalog names). */
final class Behaviors {

    private static final Set<String> DONE = Set.of("closed", "completed");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Set<String> NOTIFICATION_TYPES = Set.of("reply", "forward");

    private Behaviors() {
    }

    static String statusName(ObjectNode entity) {
        return entity.path("status").path("name").asText("").toLowerCase(Locale.ROOT);
    }

    private static boolean changed(ObjectNode before, ObjectNode after, String field) {
        return before == null ? !after.path(field).isNull() : !before.path(field).equals(after.path(field));
    }

    private static void setIfNull(ObjectNode entity, String field, JsonNode value) {
        if (entity.path(field).isNull()) {
            entity.set(field, value);
        }
    }

    /**
     * Requests: the department is the requester's unless given; assigned, resolved and completed times follow the
     * technician and status; reopening is noted.
     */
    static void requestLifecycle(Writer.Ctx ctx, Module module, ObjectNode before, ObjectNode after) {
        ObjectNode now = Json.datetime(ctx.now());
        JsonNode department = after.path("requester").path("department");
        if (changed(before, after, "requester") && after.path("department").isNull() && department.isObject()) {
            after.set("department", department.deepCopy());
        }
        if (changed(before, after, "technician") && !after.path("technician").isNull()) {
            after.set("assigned_time", now);
        }
        if (!changed(before, after, "status")) {
            return;
        }
        switch (statusName(after)) {
            case "resolved" -> setIfNull(after, "resolved_time", now);
            case "closed" -> {
                setIfNull(after, "resolved_time", now);
                after.set("completed_time", now);
            }
            default -> {
                if (before != null && Set.of("resolved", "closed").contains(statusName(before))) {
                    after.put("is_reopened", true);
                    after.putNull("resolved_time");
                    after.putNull("completed_time");
                }
            }
        }
    }

    /**
     * "Whenever the user modifies the status, comment is mandatory" (the change API): a status change without
     * {@code comment} is refused (4012, fields ["comment"]); the comment joins status_comments.
     */
    static void statusComment(Writer.Ctx ctx, Module module, ObjectNode before, ObjectNode after) {
        JsonNode comment = after.remove("comment");
        if (before == null || !changed(before, after, "status")) {
            return;
        }
        if (comment == null || comment.asText("").isBlank()) {
            throw ApiException.mandatory(List.of("comment"));
        }
        ArrayNode comments = after.path("status_comments").isArray() ? (ArrayNode) after.get("status_comments")
                : after.putArray("status_comments");
        ObjectNode entry = comments.addObject();
        entry.put("comment", comment.asText());
        entry.set("status", after.get("status").deepCopy());
        entry.set("commented_on", Json.datetime(ctx.now()));
    }

    /** Problems and changes record when they were closed (closed_time / completed_time). */
    static void closedTime(Writer.Ctx ctx, Module module, ObjectNode before, ObjectNode after) {
        if (changed(before, after, "status") && DONE.contains(statusName(after))) {
            String field = after.has("closed_time") ? "closed_time" : "completed_time";
            after.set(field, Json.datetime(ctx.now()));
        }
    }

    static void percentage(Writer.Ctx ctx, Module module, ObjectNode before, ObjectNode after) {
        BigDecimal percent = Json.number(after.get("percentage_completion"));
        if (percent != null && (percent.signum() < 0 || percent.compareTo(HUNDRED) > 0)) {
            throw ApiException.invalidValue("percentage_completion");
        }
    }

    /** A task is completed by a status Closed/Completed or by 100 %; either brings the other along. */
    static void taskCompletion(Writer.Ctx ctx, Module module, ObjectNode before, ObjectNode after) {
        percentage(ctx, module, before, after);
        boolean done = DONE.contains(statusName(after));
        BigDecimal percent = Json.number(after.get("percentage_completion"));
        if (done && changed(before, after, "status")) {
            Module.Field percentField = module.field("percentage_completion");
            if (percentField != null && percentField.type == Module.Type.NUMERIC_TEXT) {
                after.put("percentage_completion", "100"); // written the way the module takes it
            } else {
                after.put("percentage_completion", 100);
            }
        } else if (!done && percent != null && percent.compareTo(HUNDRED) == 0 && changed(before, after, "percentage_completion")) {
            after.set("status", ctx.named("task_statuses", "Closed"));
            done = true;
        }
        if (done) {
            setIfNull(after, "actual_end_time", Json.datetime(ctx.now()));
        }
    }

    /** Worklogs: end after start (4016), time_spent from the two times if not given, costs from the owner's rate. */
    static void worklogTimes(Writer.Ctx ctx, Module module, ObjectNode before, ObjectNode after) {
        BigDecimal start = Json.number(after.path("start_time").get("value"));
        BigDecimal end = Json.number(after.path("end_time").get("value"));
        if (start != null && end != null && end.compareTo(start) < 0) {
            throw ApiException.timeMismatch("end_time");
        }
        if (after.path("time_spent").isNull() && start != null && end != null) {
            long minutes = end.subtract(start).longValue() / 60_000;
            after.putObject("time_spent").put("hours", Long.toString(minutes / 60)).put("minutes", Long.toString(minutes % 60));
        }
        BigDecimal hours = orZero(Json.number(after.path("time_spent").get("hours")))
                .add(orZero(Json.number(after.path("time_spent").get("minutes"))).divide(BigDecimal.valueOf(60), 4, RoundingMode.HALF_UP));
        ObjectNode owner = ctx.portal().row(Catalog.module("users"), after.path("owner").path("id").asText(null));
        BigDecimal ownerCost = orZero(owner == null ? null : Json.number(owner.get("cost_per_hour"))).multiply(hours)
                .setScale(2, RoundingMode.HALF_UP);
        after.put("owner_cost", ownerCost.toPlainString());
        BigDecimal total = ownerCost.add(orZero(Json.number(after.get("other_cost")))).setScale(2, RoundingMode.HALF_UP);
        after.put("total_cost", total.toPlainString());
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    /** A new note sets the parent's has_notes. */
    static void notedOnParent(Writer.Ctx ctx, Module module, ObjectNode before, ObjectNode after) {
        Module parent = Catalog.module(module.field(module.parentField).target);
        ObjectNode row = ctx.portal().row(parent, after.path(module.parentField).path("id").asText(null));
        if (before == null && row != null && row.has("has_notes")) {
            row.put("has_notes", true);
        }
    }

    /**
     * A notification is a reply or a forward (the two types the sources show, docs/sdp-api-fidelity.md §15; any other
     * is refused, the stricter reading) and goes to someone: an empty to is a missing mandatory field.
     */
    static void notification(Writer.Ctx ctx, Module module, ObjectNode before, ObjectNode after) {
        String type = after.path("type").asText("");
        if (!NOTIFICATION_TYPES.contains(type)) {
            throw ApiException.badRequest("type", "Invalid notification type " + type + "; use reply or forward");
        }
        if (after.path("to").isEmpty()) {
            throw ApiException.mandatory(List.of("to"));
        }
    }

    /** A task created under a milestone belongs to the milestone's project. */
    static void projectOfMilestone(Writer.Ctx ctx, Module module, ObjectNode before, ObjectNode after) {
        if (before == null) {
            ObjectNode milestone = ctx.portal().row(Catalog.module("project_milestones"), after.path("milestone").path("id").asText(null));
            after.set("project", milestone == null ? null : milestone.get("project").deepCopy());
        }
    }

    /** An asset's product type is its product's. */
    static void productType(Writer.Ctx ctx, Module module, ObjectNode before, ObjectNode after) {
        if (changed(before, after, "product")) {
            ObjectNode product = ctx.portal().row(Catalog.module("products"), after.path("product").path("id").asText(null));
            after.set("product_type", product == null ? null : product.get("product_type").deepCopy());
        }
    }
}
