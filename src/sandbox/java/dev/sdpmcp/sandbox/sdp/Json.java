package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The one Jackson mapper and the small JSON idioms of the API (datetimes, success envelopes). */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter DISPLAY = DateTimeFormatter.ofPattern("MMM d, yyyy hh:mm a", Locale.US)
            .withZone(ZoneOffset.UTC);

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** An object from alternating names and values (any value Jackson can map), in that order. */
    static ObjectNode of(Object... namesAndValues) {
        ObjectNode node = object();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            node.set((String) namesAndValues[i], MAPPER.valueToTree(namesAndValues[i + 1]));
        }
        return node;
    }

    /** {"<name>": [items]} as text, as the control endpoints answer lists. */
    static String list(String name, List<ObjectNode> items) {
        ObjectNode body = object();
        body.putArray(name).addAll(items);
        return write(body);
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** input_data must be a JSON object; anything else is the framework's parse error. */
    static ObjectNode parseObject(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        throw ApiException.badRequest("input_data", "JSON_PARSE_ERROR");
    }

    /** A datetime as the API writes it: {"display_value":"Jun 24, 2020 03:05 PM","value":"1593000300533"}. */
    static ObjectNode datetime(long millis) {
        ObjectNode node = object();
        node.put("display_value", DISPLAY.format(Instant.ofEpochMilli(millis)));
        node.put("value", Long.toString(millis));
        return node;
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || (node.isTextual() && node.asText().isBlank());
    }

    /** A number given as a JSON number or a numeric string, else null. */
    static BigDecimal number(JsonNode node) {
        if (node == null || !(node.isNumber() || node.isTextual())) {
            return null;
        }
        try {
            return new BigDecimal(node.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean isTrue(JsonNode node) {
        return node != null && (node.isBoolean() ? node.booleanValue() : "true".equalsIgnoreCase(node.asText()));
    }

    /** {"<root>": entity, "response_status": {"status_code":2000,"status":"success"}} */
    static ObjectNode entity(String root, JsonNode entity) {
        ObjectNode body = object();
        body.set(root, entity);
        body.set("response_status", success());
        return body;
    }

    /** The action envelope: response_status with a messages array. */
    static ObjectNode action(String message) {
        ObjectNode status = object();
        status.put("status_code", 2000);
        ObjectNode line = status.putArray("messages").addObject();
        line.put("status_code", 2000);
        line.put("type", "success");
        line.put("message", message);
        status.put("status", "success");
        ObjectNode body = object();
        body.set("response_status", status);
        return body;
    }

    /**
     * A warning: HTTP 200 and status_code 3000, the action not done. Real Cloud answers a close without the resolution
     * its closing rules need this way (docs/sdp-api-fidelity.md, "Closing a request").
     */
    static ObjectNode warning(List<String> fields, String message) {
        ObjectNode status = object();
        status.put("status_code", 3000);
        ObjectNode line = status.putArray("messages").addObject();
        line.put("status_code", 3000);
        line.put("type", "warning");
        ArrayNode names = line.putArray("fields");
        fields.forEach(names::add);
        line.put("message", message);
        status.put("status", "failed");
        ObjectNode body = object();
        body.set("response_status", status);
        return body;
    }

    static ObjectNode success() {
        ObjectNode status = object();
        status.put("status_code", 2000);
        status.put("status", "success");
        return status;
    }
}
