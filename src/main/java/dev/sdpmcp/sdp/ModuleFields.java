package dev.sdpmcp.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    SdpClient sdp;

    @Inject
    Settings settings;


    /** A standard field: its key, what people call it, whether a create needs it. */
    public record Standard(String key, String label, boolean mandatory) {
    }

    /**
     * A UDF; {@code options} is its pick list (empty: free value); {@code mandatoryOn} a template it is mandatory on;
     * {@code lookupEntity} what a lookup's values are ("user", "department"…), null when unknown or not a lookup.
     */
    public record Udf(String key, String label, String type, List<String> options, boolean mandatory, String mandatoryOn,
            String lookupEntity) {

        String describe() {
            String kind = !options.isEmpty() ? "one of " + String.join(", ", options)
                    : switch (type) {
                        case "integer", "decimal", "double" -> "number";
                        case "date", "datetime" -> "date";
                        case "boolean" -> "true/false";
                        case "lookup" -> (lookupEntity == null ? "" : lookupEntity + " ") + "name"
                                + (people() ? " or e-mail" : "") + " or id";
                        default -> "text";
                    };
            return label + " (" + key + "): " + kind + (mandatory ? ", mandatory"
                    : mandatoryOn != null ? ", mandatory on template " + mandatoryOn : "");
        }

        /** Whether a lookup's values are people, who may also be named by e-mail (any of them when unknown). */
        boolean people() {
            return lookupEntity == null || lookupEntity.matches("user|technician|requester");
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

    /** {@code unlisted}: UDF keys records carry that this metainfo, read again for them, still did not list. */
    private record Cached(Meta meta, Instant loadedAt, java.util.Set<String> unlisted) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** How UDF keys begin (docs/sdp-api-fidelity.md §11: old, new and prefixed names). */
    private static final String UDF_PREFIX = "(?:udf_|txt_|num_|date_|dt_|bool_|dbl_)";

    /** The module's fields on this instance; {@code path} is the module's ("requests"). */
    public Meta of(SdpCaller caller, String path) throws SdpException {
        return of(caller, path, false);
    }

    /** {@code reread}: past the cache, when a name it does not know suggests an administrator just added a field. */
    private Meta of(SdpCaller caller, String path, boolean reread) throws SdpException {
        Cached cached = cache.get(path);
        if (!reread && cached != null && Instant.now().isBefore(cached.loadedAt().plus(settings.lookupCacheTtl()))) {
            return cached.meta();
        }
        Meta meta = parse(sdp.get(caller, path + "/_metainfo", null).path("metainfo").path("fields"));
        cache.put(path, new Cached(meta, Instant.now(), ConcurrentHashMap.newKeySet()));
        return meta;
    }

    /**
     * The metainfo's fields. Only {@code udf_fields.fields} keyed by UDF key with {@code display_name} is known from
     * public sources (fidelity §11): ME's own clients read those, with {@code id}, {@code display_type} and
     * {@code lookup_entity}. The rest is read in each spelling seen in comparable APIs, so an instance that names a
     * flag otherwise still gives labels and keys, never a failure: mandatory as {@code mandatory}, {@code is_mandatory}
     * or {@code required}; the pick list as {@code allowed_values}, {@code options} or {@code pick_list_values}, each
     * value a string or an object named by {@code name}, {@code value} or {@code display_value}; the type as
     * {@code type} or {@code data_type}, else from {@code display_type}.
     */
    static Meta parse(JsonNode fields) {
        List<Standard> standard = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> all = fields.fields();
        while (all.hasNext()) {
            Map.Entry<String, JsonNode> field = all.next();
            if (!field.getKey().equals("udf_fields") && field.getValue().isObject()) {
                standard.add(new Standard(field.getKey(), label(field.getKey(), field.getValue()), mandatory(field.getValue())));
            }
        }
        List<Udf> udfs = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> defined = fields.path("udf_fields").path("fields").fields();
        while (defined.hasNext()) {
            Map.Entry<String, JsonNode> entry = defined.next();
            JsonNode udf = entry.getValue();
            if (!udf.isObject()) {
                continue;
            }
            List<String> options = new ArrayList<>();
            firstPresent(udf, "allowed_values", "options", "pick_list_values").forEach(o -> options.add(o.isObject()
                    ? o.path("name").asText(o.path("value").asText(o.path("display_value").asText())) : o.asText()));
            options.removeIf(String::isBlank);
            String on = udf.path("mandatory_on_template").asText("");
            String entity = udf.path("lookup_entity").asText("");
            udfs.add(new Udf(entry.getKey(), label(entry.getKey(), udf), type(udf), List.copyOf(options), mandatory(udf),
                    on.isBlank() ? null : on, entity.isBlank() ? null : entity));
        }
        return new Meta(List.copyOf(standard), List.copyOf(udfs));
    }

    private static String label(String key, JsonNode field) {
        String label = field.path("display_name").asText(field.path("label").asText(""));
        return label.isBlank() ? key : label;
    }

    private static boolean mandatory(JsonNode field) {
        return firstPresent(field, "mandatory", "is_mandatory", "required").asText("false").equalsIgnoreCase("true");
    }

    /** "string", "integer", "decimal", "date", "datetime", "boolean" or "lookup", as far as the metainfo tells. */
    private static String type(JsonNode udf) {
        String type = firstPresent(udf, "type", "data_type").asText("");
        if (!type.isBlank()) {
            return type.toLowerCase(java.util.Locale.ROOT);
        }
        String display = udf.path("display_type").asText("").toLowerCase(java.util.Locale.ROOT);
        return display.contains("date") ? "datetime" : display.matches(".*(numeric|number|integer).*") ? "integer"
                : display.contains("decimal") ? "decimal" : udf.hasNonNull("lookup_entity") ? "lookup" : "string";
    }

    private static JsonNode firstPresent(JsonNode node, String... names) {
        for (String name : names) {
            if (node.hasNonNull(name)) {
                return node.get(name);
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /**
     * The udf_fields argument ({label or key: value}) as ServiceDesk Plus takes it, or null when not given. Labels
     * become keys and values take the field's form (dates {"value": ms}, numbers, true/false); a pick-list value not in
     * the list is refused with the list.
     */
    public ObjectNode udfFields(SdpCaller caller, String path, Object given, String noun) throws SdpException {
        if (given == null) {
            return null;
        }
        if (!(given instanceof Map<?, ?> values)) {
            throw new SdpException("udf_fields must be an object: {\"<field label or key>\": value}.");
        }
        if (values.isEmpty()) {
            return null;
        }
        Meta meta = of(caller, path);
        boolean allKnown = values.keySet().stream().allMatch(name -> meta.udf(String.valueOf(name)) != null);
        return udfFields(allKnown ? meta : of(caller, path, true), values, noun);
    }

    static ObjectNode udfFields(Meta meta, Map<?, ?> values, String noun) throws SdpException {
        ObjectNode udfs = SdpClient.JSON.createObjectNode();
        for (Map.Entry<?, ?> entry : values.entrySet()) {
            String name = String.valueOf(entry.getKey());
            Udf udf = meta.udf(name);
            if (udf == null) {
                throw new SdpException("\"" + Values.shorten(name) + "\" is not a user-defined field of " + noun + "s in this "
                        + "ServiceDesk Plus. " + (meta.udfs().isEmpty() ? "It has none."
                        : "Its fields: " + String.join(", ", meta.udfs().stream().map(u -> u.label).limit(40).toList()) + "."));
            }
            udfs.set(udf.key, value(udf, entry.getValue()));
        }
        return udfs;
    }

    private static JsonNode value(Udf udf, Object value) throws SdpException {
        JsonNodeFactory nodes = SdpClient.JSON.getNodeFactory();
        if (value == null) {
            return nodes.nullNode(); // clears it
        }
        String text = String.valueOf(value).trim();
        switch (udf.type) {
            case "boolean" -> {
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw new SdpException(udf.label + " must be true or false.");
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
                    throw new SdpException(udf.label + " must be a" + (udf.type.equals("integer") ? " whole" : "") + " number, not \""
                            + Values.shorten(text) + "\".");
                }
            }
            case "date", "datetime" -> {
                return nodes.objectNode().put("value", String.valueOf(Values.epochMillis(udf.label, text)));
            }
            case "lookup" -> {
                // ids are long numbers; anything else is a name, or a person's e-mail
                String by = text.matches("[0-9]{6,}") ? "id" : text.contains("@") && udf.people() ? "email_id" : "name";
                return nodes.objectNode().put(by, text);
            }
            default -> {
                if (udf.options.isEmpty()) {
                    return nodes.textNode(text);
                }
                return nodes.textNode(udf.options.stream().filter(text::equalsIgnoreCase).findFirst()
                        .orElseThrow(() -> new SdpException(udf.label + " must be one of " + String.join(", ", udf.options)
                                + ", not \"" + Values.shorten(text) + "\".")));
            }
        }
    }

    /**
     * Each UDF the record has a value in, by label when the module's fields can be read (read again
     * past the cache when the record has a UDF the cached fields do not know: an administrator just added it).
     */
    public Map<String, JsonNode> udfsByLabel(SdpCaller caller, String path, JsonNode entity) {
        Map<String, JsonNode> values = new java.util.LinkedHashMap<>();
        entity.path("udf_fields").properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            if (!value.isNull() && !value.isMissingNode() && !(value.isTextual() && value.asText().isBlank())) {
                values.put(entry.getKey(), value);
            }
        });
        if (values.isEmpty()) {
            return Map.of();
        }
        Meta meta;
        try {
            meta = of(caller, path);
            Meta known = meta;
            Cached cached = cache.get(path);
            List<String> unknown = values.keySet().stream().filter(key -> known.udfs().stream().noneMatch(u -> u.key.equals(key))
                    && (cached == null || !cached.unlisted().contains(key))).toList();
            if (!unknown.isEmpty()) {
                // once per key and cache period: a metainfo that leaves a field out costs one more read, not one a record
                meta = of(caller, path, true);
                Meta reread = meta;
                cache.get(path).unlisted().addAll(unknown.stream().filter(key -> reread.label(key).equals(key)).toList());
            }
        } catch (SdpException unreadable) {
            meta = new Meta(List.of(), List.of()); // the record still shows, by key
        }
        Map<String, JsonNode> byLabel = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> value : values.entrySet()) {
            byLabel.put(meta.label(value.getKey()), value.getValue());
        }
        return byLabel;
    }

    /**
     * A 4012 in words people use: the standard fields by argument name, the UDFs by label (to give in udf_fields).
     */
    public SdpException missing(SdpCaller caller, String path, String noun, SdpMissingFields refused) {
        try {
            Meta meta = of(caller, path);
            boolean allKnown = refused.fields().stream().allMatch(key -> !ModuleFields.udfKey(key) || !meta.label(key).equals(key));
            return new SdpException(missingText(allKnown ? meta : of(caller, path, true), noun, refused.fields()));
        } catch (SdpException unreadable) {
            return refused;
        }
    }

    /** A refusal that names a UDF by key ("udf_ref_3001"), told with its label as well ("Sponsor" (udf_ref_3001)). */
    public SdpException relabeled(SdpCaller caller, String path, SdpRefused refused) {
        String message = refused.getMessage();
        java.util.regex.Matcher key = java.util.regex.Pattern.compile("\"(" + UDF_PREFIX + "[A-Za-z0-9_]+)\"")
                .matcher(message);
        if (!key.find()) {
            return refused;
        }
        try {
            String label = of(caller, path).label(key.group(1));
            return label.equals(key.group(1)) ? refused
                    : new SdpException(message.replace(key.group(), "\"" + label + "\" (" + key.group(1) + ")"));
        } catch (SdpException unreadable) {
            return refused;
        }
    }

    /** Whether a key has the form of a UDF's (docs/sdp-api-fidelity.md §11: old, new and prefixed names). */
    static boolean udfKey(String key) {
        return key.matches(UDF_PREFIX + ".+");
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
