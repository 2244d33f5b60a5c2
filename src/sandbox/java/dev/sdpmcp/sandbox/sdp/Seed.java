package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.sandbox.sdp.Module.Field;
import dev.sdpmcp.sandbox.sdp.Module.FieldSet;
import dev.sdpmcp.sandbox.sdp.Module.Type;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a new portal from {@code sandbox/sdp-seed.json}: module name → rows, written through {@link Writer} in system
 * mode, so the sample data obeys the same rules as API writes and gets this portal's ids. In the file, a lookup or
 * user may be a plain string (a name, or an email_id when it holds '@'), a datetime a time relative to the portal's
 * creation ("-12d3h", "+2d"), and a row may carry "@at" (when it was created), "@by" (its creator, by default the
 * first technician), "@updates" (later changes, each with its own "@at"/"@by") and "@<child path>" (its notes,
 * worklogs, tasks, milestones, members).
 */
final class Seed {

    private static final Pattern OFFSET = Pattern.compile("([+-])(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?");
    private static final ObjectNode DATA = load();

    private Seed() {
    }

    private static ObjectNode load() {
        try (InputStream in = Seed.class.getResourceAsStream("/sandbox/sdp-seed.json")) {
            if (in == null) {
                throw new IllegalStateException("sandbox/sdp-seed.json is missing");
            }
            return (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Portal portal(String name, long prefix, long now) {
        Portal portal = new Portal(name, prefix, now);
        configure(portal.fields);
        ObjectNode[] admin = {null};
        for (Map.Entry<String, JsonNode> entry : DATA.properties()) {
            Module module = Catalog.module(entry.getKey());
            for (JsonNode row : chronological(entry.getValue())) {
                ObjectNode created = insert(portal, module, (ObjectNode) row, null, admin[0]);
                if (admin[0] == null && created.path("is_technician").asBoolean()) {
                    admin[0] = Catalog.module("users").reference(created);
                }
            }
        }
        return portal;
    }

    /**
     * The sandbox instance's own fields, so that a newcomer meets them as on a real instance: request UDFs of the old
     * and new key styles, a pick list, and an Asset Tag mandatory on the Hardware Request template; asset UDFs, and
     * project UDFs whose values are a user and a department (lookups).
     */
    private static void configure(InstanceFields fields) {
        fields.setUdfs(Catalog.module("requests"), List.of(
                new InstanceFields.Udf("udf_pick_1501", "Business Unit", "string", List.of("Finance", "Sales", "Engineering", "Operations"), false, null, null),
                new InstanceFields.Udf("udf_sline_1502", "Asset Tag", "string", List.of(), true, "Hardware Request", null),
                new InstanceFields.Udf("txt_cost_center", "Cost Center", "string", List.of(), false, null, null),
                new InstanceFields.Udf("date_needed_by", "Needed By", "date", List.of(), false, null, null)));
        fields.setUdfs(Catalog.module("assets"), List.of(
                new InstanceFields.Udf("udf_sline_2001", "Purchase Order", "string", List.of(), false, null, null),
                new InstanceFields.Udf("udf_pick_2002", "Warranty Type", "string", List.of("Standard", "Extended", "None"), false, null, null)));
        fields.setUdfs(Catalog.module("projects"), List.of(
                new InstanceFields.Udf("udf_ref_3001", "Sponsor", "lookup", List.of(), false, null, "user"),
                new InstanceFields.Udf("udf_ref_3002", "Funding Department", "lookup", List.of(), false, null, "department"),
                new InstanceFields.Udf("num_budget", "Budget", "decimal", List.of(), false, null, null)));
    }

    /** Rows with "@at" go in time order, so ids and display ids grow with creation time as in a real portal. */
    private static List<JsonNode> chronological(JsonNode rows) {
        List<JsonNode> list = new ArrayList<>();
        rows.forEach(list::add);
        list.sort(Comparator.comparingLong(row -> row.has("@at") ? offset(row.get("@at").asText()) : Long.MIN_VALUE));
        return list;
    }

    private static ObjectNode insert(Portal portal, Module module, ObjectNode spec, ObjectNode parent, ObjectNode admin) {
        ObjectNode input = spec.deepCopy();
        Writer.Ctx ctx = ctx(portal, input, admin);
        List<Map.Entry<String, JsonNode>> children = new ArrayList<>();
        input.properties().stream().filter(e -> e.getKey().startsWith("@") && module.children.containsKey(e.getKey().substring(1)))
                .forEach(children::add);
        JsonNode updates = input.remove("@updates");
        children.forEach(child -> input.remove(child.getKey()));
        ObjectNode entity = Writer.create(module, normalize(module.fields, input, portal), parent, ctx);
        portal.put(module, entity);
        for (Map.Entry<String, JsonNode> child : children) {
            Module childModule = Catalog.module(module.children.get(child.getKey().substring(1)));
            for (JsonNode row : chronological(child.getValue())) {
                insert(portal, childModule, (ObjectNode) row, module.reference(entity), ctx.caller());
            }
        }
        if (updates != null) {
            for (JsonNode update : chronological(updates)) {
                ObjectNode changes = update.deepCopy();
                Writer.Ctx when = ctx(portal, changes, ctx.caller());
                entity = Writer.update(module, entity, normalize(module.fields, changes, portal), when);
                portal.put(module, entity);
            }
        }
        return entity;
    }

    /** The write context of a seeded row: its "@at" time and "@by" creator, both removed from the input. */
    private static Writer.Ctx ctx(Portal portal, ObjectNode input, ObjectNode fallback) {
        JsonNode at = input.remove("@at");
        JsonNode by = input.remove("@by");
        ObjectNode creator = fallback;
        if (by != null) {
            Module users = Catalog.module("users");
            creator = portal.rows(users).stream().filter(u -> by.asText().equalsIgnoreCase(u.path("email_id").asText())
                    || by.asText().equalsIgnoreCase(u.path("name").asText())).findFirst().map(users::reference)
                    .orElseThrow(() -> new IllegalStateException("seed: no user " + by));
        }
        return new Writer.Ctx(portal, creator, portal.createdAt + (at == null ? 0 : offset(at.asText())), true);
    }

    /** Short-hands of the seed file turned into API input: strings for lookups, users and datetimes. */
    private static ObjectNode normalize(FieldSet fields, ObjectNode input, Portal portal) {
        for (Field field : fields.map.values()) {
            JsonNode value = input.get(field.name);
            if (value == null) {
                continue;
            }
            if (value.isTextual() && (field.type == Type.LOOKUP || field.type == Type.USER)) {
                String key = field.type == Type.USER && value.asText().contains("@") ? "email_id"
                        : Catalog.module(field.target).label;
                input.set(field.name, Json.object().put(key, value.asText()));
            } else if (value.isTextual() && field.type == Type.DATETIME) {
                input.set(field.name, Json.object().put("value", Long.toString(portal.createdAt + offset(value.asText()))));
            } else if (value.isObject() && field.type == Type.OBJECT) {
                normalize(field.sub, (ObjectNode) value, portal);
            }
        }
        return input;
    }

    /** "-12d3h30m" → milliseconds. */
    static long offset(String text) {
        Matcher matcher = OFFSET.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalStateException("seed: bad time offset " + text);
        }
        long minutes = 0;
        long[] units = {24 * 60, 60, 1};
        for (int group = 2; group <= 4; group++) {
            if (matcher.group(group) != null) {
                minutes += Long.parseLong(matcher.group(group)) * units[group - 2];
            }
        }
        return (matcher.group(1).equals("-") ? -minutes : minutes) * 60_000;
    }
}
