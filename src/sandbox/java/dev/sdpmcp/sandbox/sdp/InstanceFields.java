package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an administrator configures per instance and module (docs/sdp-api-fidelity.md §11): user-defined fields
 * (UDFs) under udf_fields, and standard fields made mandatory. Writes are checked against it, {@code _metainfo}
 * answers it. Callers hold the portal's monitor.
 */
final class InstanceFields {

    /** Old (udf_sline_…, udf_pick_…, udf_char1), new (udf_<name>) and prefixed (txt_, num_, date_…) keys, lowercase. */
    static final Pattern KEY = Pattern.compile("(udf_|txt_|num_|date_|dt_|bool_|dbl_)[a-z0-9_]{1,60}");
    static final Set<String> TYPES = Set.of("string", "integer", "decimal", "double", "boolean", "date", "datetime", "lookup");

    /**
     * One UDF. {@code options}: a pick list's values (empty for free text); {@code template}: mandatory only on
     * requests of that template (null: on every record); {@code lookupEntity}: for a lookup, the entity its values are
     * (a user, technician, requester, department, site…, by the singular name the API gives it), null otherwise.
     */
    record Udf(String key, String label, String type, List<String> options, boolean mandatory, String template,
            String lookupEntity) {

        /** The module whose rows a lookup UDF's values are. */
        Module target() {
            return Catalog.all().stream().filter(m -> m.singular.equals(lookupEntity)).findFirst().orElseThrow();
        }

        ObjectNode toJson() {
            ObjectNode node = Json.object();
            node.put("name", key);
            node.put("display_name", label);
            node.put("type", type);
            node.put("mandatory", mandatory && template == null);
            if (!options.isEmpty()) {
                ArrayNode values = node.putArray("allowed_values");
                options.forEach(values::add);
            }
            if (template != null && mandatory) {
                node.put("mandatory_on_template", template);
            }
            if (lookupEntity != null) {
                node.put("lookup_entity", lookupEntity);
            }
            return node;
        }

        boolean mandatoryOn(String templateName) {
            return mandatory && (template == null || template.equalsIgnoreCase(templateName));
        }

        /**
         * {"key":…, "label":…, "type":…, "options":[…], "mandatory":…, "template":…}, or the same as _metainfo and
         * the control API answer it (name, display_name, allowed_values, mandatory_on_template), so that a test can
         * put back what it read; refuses what Cloud could not hold.
         */
        static Udf parse(JsonNode node) {
            String key = node.path("key").asText(node.path("name").asText(""));
            String label = node.path("label").asText(node.path("display_name").asText("")).trim();
            String type = node.path("type").asText("string");
            List<String> options = new ArrayList<>();
            node.path(node.has("options") ? "options" : "allowed_values").forEach(option -> options.add(option.asText()));
            if (!KEY.matcher(key).matches() || label.isEmpty() || !TYPES.contains(type)
                    || !options.isEmpty() && !type.equals("string")) {
                throw new IllegalArgumentException("a UDF needs a lowercase key starting udf_, txt_, num_, date_, dt_, bool_ "
                        + "or dbl_, a label, a type among " + TYPES + ", and options only for a string: " + node);
            }
            String entity = node.path("lookup_entity").asText("");
            if (type.equals("lookup") != !entity.isEmpty()
                    || !entity.isEmpty() && Catalog.all().stream().noneMatch(m -> m.singular.equals(entity))) {
                throw new IllegalArgumentException("a lookup UDF, and only one, names its lookup_entity (user, technician, "
                        + "requester, department, site…): " + node);
            }
            String template = node.path("template").asText(node.path("mandatory_on_template").asText(""));
            boolean mandatory = node.path("mandatory").asBoolean(false) || node.has("mandatory_on_template");
            return new Udf(key, label, type, List.copyOf(options), mandatory, template.isBlank() ? null : template,
                    entity.isEmpty() ? null : entity);
        }
    }

    private final Map<String, List<Udf>> udfs = new HashMap<>();
    private final Map<String, Set<String>> mandatory = new HashMap<>();

    List<Udf> udfs(Module module) {
        return udfs.getOrDefault(module.name, List.of());
    }

    Udf udf(Module module, String key) {
        return udfs(module).stream().filter(udf -> udf.key.equals(key)).findFirst().orElse(null);
    }

    /** The standard fields this instance makes mandatory on creating the module's records. */
    Set<String> mandatory(Module module) {
        return mandatory.getOrDefault(module.name, Set.of());
    }

    void setUdfs(Module module, List<Udf> list) {
        if (!module.fields.map.containsKey("udf_fields") && !list.isEmpty()) {
            throw new IllegalArgumentException(module.name + " has no udf_fields");
        }
        if (list.stream().map(Udf::key).distinct().count() != list.size()) {
            throw new IllegalArgumentException("UDF keys must differ");
        }
        udfs.put(module.name, List.copyOf(list));
    }

    void setMandatory(Module module, List<String> fields) {
        for (String field : fields) {
            Module.Field known = module.fields.map.get(field);
            if (known == null || known.readOnly || known.type == Module.Type.UDF) {
                throw new IllegalArgumentException(module.name + " has no writable field " + field);
            }
        }
        mandatory.put(module.name, new LinkedHashSet<>(fields));
    }

    ObjectNode toJson(Module module) {
        ObjectNode node = Json.object();
        node.put("module", module.name);
        ArrayNode list = node.putArray("udfs");
        udfs(module).forEach(udf -> list.add(udf.toJson()));
        ArrayNode fields = node.putArray("mandatory");
        mandatory(module).forEach(fields::add);
        return node;
    }

    /**
     * The udf_fields of a write, checked: every key defined (else EXTRA_KEY_FOUND_IN_JSON, as for any unknown key),
     * values of the field's type (4021), pick-list values from the list (4001). Null clears a field.
     */
    void check(Module module, JsonNode given) {
        if (given == null || given.isNull() || !given.isObject()) {
            return;
        }
        List<ObjectNode> extra = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : given.properties()) {
            if (udf(module, entry.getKey()) == null) {
                extra.add(ApiException.message(4000, entry.getKey(), ApiException.EXTRA_KEY));
            }
        }
        if (!extra.isEmpty()) {
            throw ApiException.of(400, extra);
        }
        for (Map.Entry<String, JsonNode> entry : given.properties()) {
            Udf udf = udf(module, entry.getKey());
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                continue;
            }
            boolean typed = switch (udf.type) {
                case "boolean" -> value.isBoolean();
                case "integer" -> value.isIntegralNumber() || value.isTextual() && value.asText().trim().matches("-?[0-9]{1,18}");
                case "decimal", "double" -> Json.number(value) != null;
                case "date", "datetime" -> value.isObject() && Json.number(value.get("value")) != null;
                case "lookup" -> value.isObject();
                default -> value.isValueNode();
            };
            if (!typed) {
                throw ApiException.typeMismatch(udf.key);
            }
            if (!udf.options.isEmpty() && udf.options.stream().noneMatch(value.asText().trim()::equalsIgnoreCase)) {
                throw ApiException.invalidValue(udf.key);
            }
        }
    }

    /**
     * A value as stored and read back: dates with their display value, numbers as numbers, pick values as listed,
     * a lookup as the reference {@code resolve} found ({"id"}, {"name"} or, for people, {"email_id"}).
     */
    static JsonNode stored(Udf udf, JsonNode value, java.util.function.BiFunction<Udf, ObjectNode, ObjectNode> resolve) {
        if (udf == null || value.isNull()) {
            return value;
        }
        return switch (udf.type) {
            case "lookup" -> resolve.apply(udf, (ObjectNode) value);
            case "date", "datetime" -> Json.datetime(Json.number(value.get("value")).longValue());
            case "integer", "decimal", "double" -> {
                BigDecimal number = Json.number(value);
                yield Json.MAPPER.getNodeFactory().numberNode(number);
            }
            default -> udf.options.stream().filter(value.asText().trim()::equalsIgnoreCase).findFirst()
                    .<JsonNode>map(Json.MAPPER.getNodeFactory()::textNode).orElse(value);
        };
    }
}
