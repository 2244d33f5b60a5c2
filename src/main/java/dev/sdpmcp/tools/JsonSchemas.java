package dev.sdpmcp.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small builder for the JSON Schemas (2020-12) of tool inputs and outputs. Every byte of them is read by the model on
 * every conversation: a description is given where the name alone does not say it (null leaves it out), and output
 * schemas ({@link #buildResult}) name the parts of an answer, not every field ServiceDesk Plus returns.
 */
public final class JsonSchemas {

    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();

    private JsonSchemas() {
    }

    public static JsonSchemas object() {
        return new JsonSchemas();
    }

    /** {"type": type, "description": description}, without the description when it is null. */
    public static Map<String, Object> typed(Object type, String description) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", type);
        if (description != null) {
            schema.put("description", description);
        }
        return schema;
    }

    public JsonSchemas string(String name, String description, boolean isRequired) {
        return property(name, typed("string", description), isRequired);
    }

    public JsonSchemas integer(String name, String description, boolean isRequired) {
        return property(name, typed("integer", description), isRequired);
    }

    public JsonSchemas bool(String name, String description, boolean isRequired) {
        return property(name, typed("boolean", description), isRequired);
    }

    /** A ServiceDesk Plus id: digits, as text or a number (checked when the tool runs). */
    public JsonSchemas id(String name, String description, boolean isRequired) {
        return property(name, typed(List.of("string", "integer"), description), isRequired);
    }

    public JsonSchemas oneOf(String name, String description, List<String> values, boolean isRequired) {
        Map<String, Object> schema = typed("string", description);
        schema.put("enum", values);
        return property(name, schema, isRequired);
    }

    public JsonSchemas strings(String name, String description, boolean isRequired) {
        Map<String, Object> schema = typed("array", description);
        schema.put("items", Map.of("type", "string"));
        return property(name, schema, isRequired);
    }

    /** An array of objects, e.g. the records of a list answer. */
    public JsonSchemas objects(String name, String description, boolean isRequired) {
        Map<String, Object> schema = typed("array", description);
        schema.put("items", Map.of("type", "object"));
        return property(name, schema, isRequired);
    }

    public JsonSchemas property(String name, Map<String, Object> schema, boolean isRequired) {
        properties.put(name, schema);
        if (isRequired) {
            required.add(name);
        }
        return this;
    }

    /** An input schema: no other arguments than these. */
    public Map<String, Object> build() {
        Map<String, Object> schema = buildResult();
        schema.put("additionalProperties", false);
        return schema;
    }

    /** An output schema: these parts (ServiceDesk Plus's records inside them carry what the instance returns). */
    public Map<String, Object> buildResult() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", new LinkedHashMap<>(properties));
        if (!required.isEmpty()) {
            schema.put("required", List.copyOf(required));
        }
        return schema;
    }
}
