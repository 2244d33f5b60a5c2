package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sdpmcp.sandbox.sdp.Module.Field;
import dev.sdpmcp.sandbox.sdp.Module.FieldSet;
import dev.sdpmcp.sandbox.sdp.Module.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one write path: validates an entity against its module (unknown keys, read-only fields, mandatory fields, data
 * types, lookups resolved by id or name in the portal), fills in what the server sets, runs the module's hooks.
 * The seed data goes through it too, in system mode, which may set read-only fields.
 */
final class Writer {

    /** Who writes, when, where. {@code now} is in epoch milliseconds. */
    record Ctx(Portal portal, ObjectNode caller, long now, boolean system) {

        /** A lookup row by name, as a reference (e.g. the task status "Closed"). */
        ObjectNode named(String module, String name) {
            Module target = Catalog.module(module);
            return portal.rows(target).stream().filter(row -> name.equalsIgnoreCase(row.path(target.label).asText()))
                    .findFirst().map(target::reference).orElseThrow(() -> ApiException.invalidValue(module));
        }
    }

    private Writer() {
    }

    static ObjectNode create(Module module, ObjectNode given, ObjectNode parent, Ctx ctx) {
        check(module.fields, given, ctx.system);
        ObjectNode input = storedUdfs(module, given, ctx);
        List<String> missing = new ArrayList<>();
        for (Field field : module.fields.map.values()) {
            if (field.mandatory && Json.absent(input.get(field.name)) && field.defaultInput == null
                    && field.auto != Module.Auto.CALLER_DEFAULT) {
                missing.add(field.name);
            }
        }
        if (!ctx.system) {
            // what the instance's administrator made mandatory: all named in the same 4012, by key
            ctx.portal.fields.mandatory(module).stream().filter(name -> Json.absent(input.get(name)) && !missing.contains(name))
                    .forEach(missing::add);
            String template = templateName(module, input, ctx);
            for (InstanceFields.Udf udf : ctx.portal.fields.udfs(module)) {
                if (udf.mandatoryOn(template) && Json.absent(input.path("udf_fields").get(udf.key()))) {
                    missing.add(udf.key());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw ApiException.mandatory(missing);
        }
        ObjectNode entity = Json.object();
        module.fields.map.values().forEach(field -> entity.set(field.name, field.initial.deepCopy()));
        if (entity.get("udf_fields") instanceof ObjectNode udfs) {
            ctx.portal.fields.udfs(module).forEach(udf -> udfs.putNull(udf.key())); // reads list every UDF, unset as null
        }
        if (parent != null) {
            entity.set(module.parentField, parent);
        }
        stamp(module.fields, entity, ctx, true);
        apply(module.fields, input, entity, ctx);
        for (Field field : module.fields.map.values()) {
            if (!input.has(field.name) && field.defaultInput != null) {
                entity.set(field.name, convert(field, field.defaultInput, entity, ctx));
            } else if (!input.has(field.name) && field.auto == Module.Auto.CALLER_DEFAULT) {
                entity.set(field.name, ctx.caller.deepCopy());
            }
        }
        entity.put("id", ctx.portal.nextId());
        if (module.plainDisplayId) {
            entity.put("display_id", Integer.toString(ctx.portal.nextDisplayId(module)));
        } else if (module.displayPrefix != null) {
            int number = ctx.portal.nextDisplayId(module);
            entity.putObject("display_id").put("display_value", module.displayPrefix + "-" + number)
                    .put("value", Integer.toString(number));
        }
        return finish(module, null, entity, ctx);
    }

    static ObjectNode update(Module module, ObjectNode existing, ObjectNode given, Ctx ctx) {
        check(module.fields, given, ctx.system);
        ObjectNode input = storedUdfs(module, given, ctx);
        List<String> blanked = new ArrayList<>();
        for (Field field : module.fields.map.values()) {
            if (field.mandatory && input.has(field.name) && Json.absent(input.get(field.name))) {
                blanked.add(field.name);
            }
        }
        if (!ctx.system) {
            ctx.portal.fields.mandatory(module).stream().filter(name -> input.has(name) && Json.absent(input.get(name)))
                    .forEach(blanked::add);
            String template = existing.path("template").path("name").asText(null);
            for (InstanceFields.Udf udf : ctx.portal.fields.udfs(module)) {
                JsonNode udfs = input.path("udf_fields");
                if (udf.mandatoryOn(template) && udfs.has(udf.key()) && Json.absent(udfs.get(udf.key()))) {
                    blanked.add(udf.key());
                }
            }
        }
        if (!blanked.isEmpty()) {
            throw ApiException.mandatory(blanked);
        }
        ObjectNode entity = existing.deepCopy();
        stamp(module.fields, entity, ctx, false);
        apply(module.fields, input, entity, ctx);
        return finish(module, existing, entity, ctx);
    }

    /** The input with its udf_fields checked against the instance's UDFs and in their stored form. */
    private static ObjectNode storedUdfs(Module module, ObjectNode input, Ctx ctx) {
        if (!(input.get("udf_fields") instanceof ObjectNode udfs) || !module.fields.map.containsKey("udf_fields")) {
            return input;
        }
        ctx.portal.fields.check(module, udfs);
        ObjectNode copy = input.deepCopy();
        ObjectNode stored = copy.putObject("udf_fields");
        udfs.properties().forEach(e -> stored.set(e.getKey(), InstanceFields.stored(ctx.portal.fields.udf(module, e.getKey()),
                e.getValue(), (udf, reference) -> {
                    Module target = udf.target();
                    return match(target, ctx.portal.rows(target), reference, target.fields.map.containsKey("email_id"), udf.key());
                })));
        return copy;
    }

    /** The name of the template a new record is created from (a request's), for UDFs mandatory on one template. */
    private static String templateName(Module module, ObjectNode input, Ctx ctx) {
        Field field = module.fields.map.get("template");
        if (field == null) {
            return null;
        }
        JsonNode given = input.get("template");
        if (Json.absent(given) || !given.isObject()) {
            return field.defaultInput == null ? null : field.defaultInput.path("name").asText();
        }
        Module templates = Catalog.module(field.target);
        if (given.hasNonNull("id")) {
            ObjectNode row = ctx.portal.row(templates, given.get("id").asText());
            return row == null ? null : row.path(templates.label).asText();
        }
        return given.path(templates.label).asText(given.path("name").asText(null));
    }

    private static ObjectNode finish(Module module, ObjectNode before, ObjectNode entity, Ctx ctx) {
        module.hooks.forEach(hook -> hook.apply(ctx, module, before, entity));
        for (Field field : module.fields.map.values()) {
            if (field.unique) {
                String value = entity.path(field.name).path("id").asText();
                List<ObjectNode> siblings = module.parentField == null ? ctx.portal.rows(module)
                        : ctx.portal.children(module, entity.path(module.parentField).path("id").asText());
                if (siblings.stream().anyMatch(row -> !row.get("id").equals(entity.get("id"))
                        && value.equals(row.path(field.name).path("id").asText()))) {
                    throw ApiException.notUnique(field.name);
                }
            }
        }
        return entity;
    }

    /** Unknown keys first (EXTRA_KEY_FOUND_IN_JSON, one message per key), then read-only fields (4014). */
    private static void check(FieldSet fields, ObjectNode input, boolean system) {
        List<ObjectNode> extra = new ArrayList<>();
        List<String> readOnly = new ArrayList<>();
        collect(fields, input, system, extra, readOnly);
        if (!extra.isEmpty()) {
            throw ApiException.of(400, extra);
        }
        if (!readOnly.isEmpty()) {
            throw ApiException.readOnly(readOnly.get(0));
        }
    }

    private static void collect(FieldSet fields, ObjectNode input, boolean system, List<ObjectNode> extra, List<String> readOnly) {
        for (Map.Entry<String, JsonNode> entry : input.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            Field field = fields.map.get(key);
            if (field == null) {
                extra.add(ApiException.message(4000, key, ApiException.EXTRA_KEY));
            } else if (field.readOnly && !system) {
                readOnly.add(key);
            } else if (value.isObject()) {
                if (field.type == Type.OBJECT) {
                    collect(field.sub, (ObjectNode) value, system, extra, readOnly);
                } else {
                    Set<String> allowed = allowedKeys(field);
                    value.fieldNames().forEachRemaining(name -> {
                        if (allowed != null && !allowed.contains(name)) {
                            extra.add(ApiException.message(4000, name, ApiException.EXTRA_KEY));
                        }
                    });
                }
            }
        }
    }

    /**
     * The keys a nested value may carry: a datetime its value (and display_value), a reference any field of what
     * it refers to (so an entity read from the API can be sent back); null for udf_fields, which the instance's
     * UDF definitions check (InstanceFields).
     */
    private static Set<String> allowedKeys(Field field) {
        return switch (field.type) {
            case DATETIME -> Set.of("value", "display_value");
            case LOOKUP, USER -> {
                Module target = Catalog.module(field.target);
                Set<String> keys = new HashSet<>(target.fields.map.keySet());
                keys.addAll(target.refFields);
                keys.add("name");
                if (field.type == Type.USER) {
                    keys.add("email_id");
                }
                yield keys;
            }
            default -> null;
        };
    }

    /** Fields in declaration order, so a category is set before the subcategory that must belong to it. */
    private static void apply(FieldSet fields, ObjectNode input, ObjectNode target, Ctx ctx) {
        for (Field field : fields.map.values()) {
            if (input.has(field.name)) {
                target.set(field.name, convert(field, input.get(field.name), target, ctx));
            }
        }
    }

    private static void stamp(FieldSet fields, ObjectNode entity, Ctx ctx, boolean create) {
        for (Field field : fields.map.values()) {
            switch (field.auto) {
                case CREATOR -> {
                    if (create) {
                        entity.set(field.name, ctx.caller.deepCopy());
                    }
                }
                case CREATED -> {
                    if (create) {
                        entity.set(field.name, Json.datetime(ctx.now));
                    }
                }
                case UPDATER -> entity.set(field.name, ctx.caller.deepCopy());
                case UPDATED -> entity.set(field.name, Json.datetime(ctx.now));
                default -> {
                }
            }
        }
    }

    private static JsonNode convert(Field field, JsonNode value, ObjectNode entity, Ctx ctx) {
        if (value.isNull()) {
            return field.type == Type.LIST || field.type == Type.EMAILS || field.type == Type.UDF ? field.initial.deepCopy() : NullNode.instance;
        }
        switch (field.type) {
            case TEXT -> {
                if (!value.isValueNode()) {
                    throw ApiException.typeMismatch(field.name);
                }
                String text = value.asText();
                if (field.maxLength > 0 && text.length() > field.maxLength) {
                    throw ApiException.badRequest(field.name, field.name + " is longer than " + field.maxLength + " characters");
                }
                return TextNode.valueOf(text);
            }
            case BOOL -> {
                if (value.isBoolean() || value.isTextual() && Set.of("true", "false").contains(value.asText().toLowerCase())) {
                    return BooleanNode.valueOf(Json.isTrue(value));
                }
                throw ApiException.typeMismatch(field.name);
            }
            case NUMBER -> {
                if (Json.number(value) == null) {
                    throw ApiException.typeMismatch(field.name);
                }
                return value;
            }
            case NUMERIC_TEXT -> {
                if (!value.isTextual() || Json.number(value) == null) {
                    throw ApiException.typeMismatch(field.name);
                }
                return value;
            }
            case DATETIME -> {
                BigDecimal millis = value.isObject() ? Json.number(value.get("value")) : null;
                if (millis == null) {
                    throw ApiException.typeMismatch(field.name);
                }
                return Json.datetime(millis.longValue());
            }
            case LOOKUP, USER -> {
                if (!value.isObject()) {
                    throw ApiException.typeMismatch(field.name);
                }
                return resolve(field, (ObjectNode) value, entity, ctx);
            }
            case OBJECT -> {
                if (!value.isObject()) {
                    throw ApiException.typeMismatch(field.name);
                }
                ObjectNode target = entity.get(field.name) instanceof ObjectNode existing ? existing.deepCopy() : Json.object();
                field.sub.map.values().forEach(sub -> {
                    if (!target.has(sub.name)) {
                        target.set(sub.name, sub.initial.deepCopy());
                    }
                });
                stamp(field.sub, target, ctx, true);
                apply(field.sub, (ObjectNode) value, target, ctx);
                return target;
            }
            case LIST -> {
                if (!value.isArray() || !value.valueStream().allMatch(JsonNode::isValueNode)) {
                    throw ApiException.typeMismatch(field.name);
                }
                return value.deepCopy();
            }
            case EMAILS -> {
                return recipients(field.name, value);
            }
            case UDF -> {
                if (!value.isObject()) {
                    throw ApiException.typeMismatch(field.name);
                }
                ObjectNode merged = entity.get(field.name) instanceof ObjectNode existing ? existing.deepCopy() : Json.object();
                merged.setAll((ObjectNode) value.deepCopy());
                return merged;
            }
            default -> {
                return value.deepCopy();
            }
        }
    }

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /**
     * Recipients as one third-party client sends them, [{"email_id": "…"}]: another client's plain strings are refused
     * (4021), the stricter reading of the two (docs/sdp-api-fidelity.md §15); an address that is not one is 4000.
     */
    private static JsonNode recipients(String field, JsonNode value) {
        if (!value.isArray()) {
            throw ApiException.typeMismatch(field);
        }
        ArrayNode stored = Json.array();
        for (JsonNode recipient : value) {
            if (!recipient.isObject() || !recipient.path("email_id").isTextual()) {
                throw ApiException.typeMismatch(field);
            }
            recipient.fieldNames().forEachRemaining(key -> {
                if (!key.equals("email_id") && !key.equals("name")) {
                    throw ApiException.badRequest(key, ApiException.EXTRA_KEY);
                }
            });
            String address = recipient.get("email_id").asText().trim();
            if (!ADDRESS.matcher(address).matches()) {
                throw ApiException.badRequest(field, "Invalid email address " + address);
            }
            stored.addObject().put("email_id", address);
        }
        return stored;
    }

    /**
     * {"id"} or {"name"} (id wins if both, docs/sdp-api-fidelity.md §1); users also by email_id. Names compare case-insensitively. A field
     * declared {@code within} another only matches rows that belong to the entity's value of that other field.
     */
    private static ObjectNode resolve(Field field, ObjectNode reference, ObjectNode entity, Ctx ctx) {
        Module target = Catalog.module(field.target);
        String owner = field.within == null ? "" : entity.path(field.within).path("id").asText("");
        List<ObjectNode> rows = ctx.portal.rows(target).stream()
                .filter(row -> owner.isEmpty() || owner.equals(row.path(field.within).path("id").asText()))
                .toList();
        return match(target, rows, reference, field.type == Type.USER, field.name);
    }

    /** The row a reference names among {@code rows}, as a reference; 4001 on {@code name} when none. */
    private static ObjectNode match(Module target, List<ObjectNode> rows, ObjectNode reference, boolean byEmail, String name) {
        String id = text(reference.get("id"));
        String email = byEmail ? text(reference.get("email_id")) : null;
        String label = text(reference.has(target.label) ? reference.get(target.label) : reference.get("name"));
        ObjectNode match = null;
        if (id != null) {
            match = rows.stream().filter(row -> id.equals(row.get("id").asText())).findFirst().orElse(null);
        } else if (email != null) {
            match = rows.stream().filter(row -> email.equalsIgnoreCase(row.path("email_id").asText())).findFirst().orElse(null);
        } else if (label != null) {
            match = rows.stream().filter(row -> label.equalsIgnoreCase(row.path(target.label).asText())).findFirst().orElse(null);
        }
        if (match == null) {
            throw ApiException.invalidValue(name);
        }
        return target.reference(match);
    }

    private static String text(JsonNode node) {
        return Json.absent(node) || !node.isValueNode() ? null : node.asText().trim();
    }
}
