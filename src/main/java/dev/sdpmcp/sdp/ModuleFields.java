package dev.sdpmcp.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What a module's records take on this instance, from {@code <module>/_metainfo} (docs/sdp-api-fidelity.md §11): the
 * fields its administrator made mandatory and the user-defined fields (UDFs) with their labels, types and pick lists.
 * Cached for SDP_LOOKUP_CACHE_SECONDS and shared between users: it is the instance's configuration, the same forms
 * for every technician, with no personal data (docs/security.md). Users name UDFs by label or key; here they become
 * the udf_fields ServiceDesk Plus takes, checked first, so a wrong value is refused before anything is sent.
 */
@ApplicationScoped
public class ModuleFields {

    @Inject
    Sdp sdp;

    @Inject
    @ConfigProperty(name = "SDP_LOOKUP_CACHE_SECONDS", defaultValue = "900")
    long cacheSeconds;

    /** A standard field: its key, what people call it, whether a create needs it. */
    public record Standard(String key, String label, boolean mandatory) {
    }

    /** A UDF; {@code options} is its pick list (empty: free value); {@code mandatoryOn} a template it is mandatory on. */
    public record Udf(String key, String label, String type, List<String> options, boolean mandatory, String mandatoryOn) {

        String describe() {
            String kind = !options.isEmpty() ? "one of " + String.join(", ", options)
                    : switch (type) {
                        case "integer", "decimal", "double" -> "number";
                        case "date", "datetime" -> "date";
                        case "boolean" -> "true/false";
                        case "lookup" -> "name";
                        default -> "text";
                    };
            return label + " (" + key + "): " + kind + (mandatory ? ", mandatory"
                    : mandatoryOn != null ? ", mandatory on template " + mandatoryOn : "");
        }
    }

    public record Meta(List<Standard> fields, List<Udf> udfs) {

        /** A UDF by key or label, any case. */
        Udf udf(String name) {
            String wanted = name.trim();
            return udfs.stream().filter(u -> u.key.equalsIgnoreCase(wanted) || u.label.equalsIgnoreCase(wanted)).findFirst().orElse(null);
        }

        /** What people call a field ServiceDesk Plus names by key: a UDF's label, else the key itself. */
        String label(String key) {
            Udf udf = udfs.stream().filter(u -> u.key.equals(key)).findFirst().orElse(null);
            return udf == null ? key : udf.label;
        }
    }

    private record Cached(Meta meta, Instant loadedAt) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** The module's fields on this instance; {@code path} is the module's ("requests"). */
    public Meta of(ToolCall call, String path) throws ToolException {
        return of(call, path, false);
    }

    /** {@code reread}: past the cache, when a name it does not know suggests an administrator just added a field. */
    private Meta of(ToolCall call, String path, boolean reread) throws ToolException {
        Cached cached = cache.get(path);
        if (!reread && cached != null && Instant.now().isBefore(cached.loadedAt().plus(Duration.ofSeconds(cacheSeconds)))) {
            return cached.meta();
        }
        Meta meta = parse(sdp.get(call, path + "/_metainfo", null).path("metainfo").path("fields"));
        cache.put(path, new Cached(meta, Instant.now()));
        return meta;
    }

    static Meta parse(JsonNode fields) {
        List<Standard> standard = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> all = fields.fields();
        while (all.hasNext()) {
            Map.Entry<String, JsonNode> field = all.next();
            if (!field.getKey().equals("udf_fields")) {
                standard.add(new Standard(field.getKey(), field.getValue().path("display_name").asText(field.getKey()),
                        field.getValue().path("mandatory").asBoolean(false)));
            }
        }
        List<Udf> udfs = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> defined = fields.path("udf_fields").path("fields").fields();
        while (defined.hasNext()) {
            Map.Entry<String, JsonNode> entry = defined.next();
            JsonNode udf = entry.getValue();
            List<String> options = new ArrayList<>();
            udf.path("allowed_values").forEach(o -> options.add(o.isObject() ? o.path("name").asText(o.path("value").asText()) : o.asText()));
            String on = udf.path("mandatory_on_template").asText("");
            udfs.add(new Udf(entry.getKey(), udf.path("display_name").asText(entry.getKey()), udf.path("type").asText("string"),
                    List.copyOf(options), udf.path("mandatory").asBoolean(false), on.isBlank() ? null : on));
        }
        return new Meta(List.copyOf(standard), List.copyOf(udfs));
    }

    /**
     * The udf_fields argument ({label or key: value}) as ServiceDesk Plus takes it, or null when not given. Labels
     * become keys and values take the field's form (dates {"value": ms}, numbers, true/false); a pick-list value not in
     * the list is refused with the list.
     */
    public ObjectNode udfFields(ToolCall call, String path, String noun) throws ToolException {
        Object given = call.arguments().get("udf_fields");
        if (given == null) {
            return null;
        }
        if (!(given instanceof Map<?, ?> values)) {
            throw new ToolException("udf_fields must be an object: {\"<field label or key>\": value}.");
        }
        if (values.isEmpty()) {
            return null;
        }
        Meta meta = of(call, path);
        boolean allKnown = values.keySet().stream().allMatch(name -> meta.udf(String.valueOf(name)) != null);
        return udfFields(allKnown ? meta : of(call, path, true), values, noun);
    }

    static ObjectNode udfFields(Meta meta, Map<?, ?> values, String noun) throws ToolException {
        ObjectNode udfs = Sdp.JSON.createObjectNode();
        for (Map.Entry<?, ?> entry : values.entrySet()) {
            String name = String.valueOf(entry.getKey());
            Udf udf = meta.udf(name);
            if (udf == null) {
                throw new ToolException("\"" + SdpArgs.shorten(name) + "\" is not a user-defined field of " + noun + "s in this "
                        + "ServiceDesk Plus. " + (meta.udfs().isEmpty() ? "It has none."
                        : "Its fields: " + String.join(", ", meta.udfs().stream().map(u -> u.label).limit(40).toList()) + "."));
            }
            udfs.set(udf.key, value(udf, entry.getValue()));
        }
        return udfs;
    }

    private static JsonNode value(Udf udf, Object value) throws ToolException {
        JsonNodeFactory nodes = Sdp.JSON.getNodeFactory();
        if (value == null) {
            return nodes.nullNode(); // clears it
        }
        String text = String.valueOf(value).trim();
        switch (udf.type) {
            case "boolean" -> {
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw new ToolException(udf.label + " must be true or false.");
                }
                return nodes.booleanNode(Boolean.parseBoolean(text.toLowerCase()));
            }
            case "integer", "decimal", "double" -> {
                try {
                    BigDecimal number = new BigDecimal(text);
                    if (udf.type.equals("integer") && number.stripTrailingZeros().scale() > 0) {
                        throw new NumberFormatException();
                    }
                    return nodes.numberNode(number);
                } catch (NumberFormatException e) {
                    throw new ToolException(udf.label + " must be a" + (udf.type.equals("integer") ? " whole" : "") + " number, not \""
                            + SdpArgs.shorten(text) + "\".");
                }
            }
            case "date", "datetime" -> {
                return nodes.objectNode().put("value", String.valueOf(SdpArgs.time(udf.label, text)));
            }
            case "lookup" -> {
                return text.contains("@") ? nodes.objectNode().put("email_id", text) : nodes.objectNode().put("name", text);
            }
            default -> {
                if (udf.options.isEmpty()) {
                    return nodes.textNode(text);
                }
                return nodes.textNode(udf.options.stream().filter(text::equalsIgnoreCase).findFirst()
                        .orElseThrow(() -> new ToolException(udf.label + " must be one of " + String.join(", ", udf.options)
                                + ", not \"" + SdpArgs.shorten(text) + "\".")));
            }
        }
    }

    /** "Label: value" for each UDF the record has a value in, by label when the module's fields can be read. */
    public List<String> udfLines(ToolCall call, String path, JsonNode entity) {
        List<String> lines = new ArrayList<>();
        JsonNode udfs = entity.path("udf_fields");
        Meta meta = null;
        Iterator<Map.Entry<String, JsonNode>> values = udfs.fields();
        while (values.hasNext()) {
            Map.Entry<String, JsonNode> entry = values.next();
            String value = Render.value(entry.getValue());
            if (value.isEmpty()) {
                continue;
            }
            if (meta == null) {
                try {
                    meta = of(call, path);
                } catch (ToolException unreadable) {
                    meta = new Meta(List.of(), List.of()); // the record still shows, by key
                }
            }
            lines.add(meta.label(entry.getKey()) + ": " + value);
        }
        return lines;
    }

    /**
     * A 4012 in words people use: the standard fields by argument name, the UDFs by label (to give in udf_fields).
     */
    public ToolException missing(ToolCall call, String path, String noun, SdpMissingFields refused) {
        try {
            Meta meta = of(call, path);
            boolean allKnown = refused.fields().stream().allMatch(key -> !ModuleFields.udfKey(key) || !meta.label(key).equals(key));
            return new ToolException(missingText(allKnown ? meta : of(call, path, true), noun, refused.fields()));
        } catch (ToolException unreadable) {
            return refused;
        }
    }

    /** Whether a key has the form of a UDF's (docs/sdp-api-fidelity.md §11: old, new and prefixed names). */
    static boolean udfKey(String key) {
        return key.matches("(udf_|txt_|num_|date_|dt_|bool_|dbl_).+");
    }

    static String missingText(Meta meta, String noun, List<String> keys) {
        List<String> standard = new ArrayList<>();
        List<String> udfs = new ArrayList<>();
        for (String key : keys) {
            (meta.udfs().stream().anyMatch(u -> u.key.equals(key)) ? udfs : standard).add(meta.label(key));
        }
        List<String> parts = new ArrayList<>(standard);
        if (!udfs.isEmpty()) {
            parts.add("in udf_fields: " + String.join(", ", udfs));
        }
        return "This ServiceDesk Plus needs more to save the " + noun + ": " + String.join("; ", parts)
                + ". Give them and try again (describe_fields lists what a " + noun + " takes here).";
    }

    /** describe_fields' text: the mandatory fields, then each UDF with its kind. */
    public static String describe(String noun, Meta meta) {
        StringBuilder text = new StringBuilder("To create a " + noun + " here, give: ");
        text.append(String.join(", ", meta.fields().stream().filter(Standard::mandatory).map(Standard::key).toList()));
        List<String> mandatoryUdfs = meta.udfs().stream().filter(Udf::mandatory).map(Udf::label).toList();
        if (!mandatoryUdfs.isEmpty()) {
            text.append("; in udf_fields: ").append(String.join(", ", mandatoryUdfs));
        }
        text.append('.');
        if (meta.udfs().isEmpty()) {
            text.append("\nNo user-defined fields.");
        } else {
            text.append("\nUser-defined fields (udf_fields, by label or key):");
            meta.udfs().forEach(udf -> text.append("\n- ").append(udf.describe()));
        }
        return text.toString();
    }
}
