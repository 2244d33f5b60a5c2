package dev.sdpmcp.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builder for the JSON Schemas (2020-12) of tool inputs and outputs. */
public final class JsonSchemas {

    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();

    private JsonSchemas() {
    }

    public static JsonSchemas object() {
        return new JsonSchemas();
    }

    public JsonSchemas string(String name, String description, boolean isRequired) {
        return property(name, Map.of("type", "string", "description", description), isRequired);
    }

    public JsonSchemas integer(String name, String description, boolean isRequired) {
        return property(name, Map.of("type", "integer", "description", description), isRequired);
    }

    public JsonSchemas bool(String name, String description, boolean isRequired) {
        return property(name, Map.of("type", "boolean", "description", description), isRequired);
    }

    /** A ServiceDesk Plus id: digits, as text or a number. */
    public JsonSchemas id(String name, String description, boolean isRequired) {
        return property(name, Map.of("type", List.of("string", "integer"), "pattern", "^[0-9]{1,20}$",
                "description", description), isRequired);
    }

    public JsonSchemas oneOf(String name, String description, List<String> values, boolean isRequired) {
        return property(name, Map.of("type", "string", "enum", values, "description", description), isRequired);
    }

    public JsonSchemas strings(String name, String description, boolean isRequired) {
        return property(name, Map.of("type", "array", "items", Map.of("type", "string"), "description", description), isRequired);
    }

    public JsonSchemas property(String name, Map<String, Object> schema, boolean isRequired) {
        properties.put(name, schema);
        if (isRequired) {
            required.add(name);
        }
        return this;
    }

    public Map<String, Object> build() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.copyOf(properties));
        if (!required.isEmpty()) {
            schema.put("required", List.copyOf(required));
        }
        schema.put("additionalProperties", false);
        return schema;
    }
}
