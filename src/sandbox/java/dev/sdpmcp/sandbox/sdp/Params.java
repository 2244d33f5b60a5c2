package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.sandbox.Forms;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Parameters of a call: the query string, and a form-encoded (or, for the control endpoints, JSON) body. */
final class Params {

    private Params() {
    }

    static boolean isForm(String contentType, String body) {
        return contentType == null ? body.startsWith("input_data=")
                : contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** input_data from a form body when there is one, else from the query string (both documented, docs/sdp-api-fidelity.md §1). */
    static String inputData(Map<String, String> query, String contentType, String body) {
        if (body != null && !body.isBlank() && isForm(contentType, body)) {
            String fromBody = Forms.parse(body).get("input_data");
            if (fromBody != null) {
                return fromBody;
            }
        }
        return query.get("input_data");
    }

    /** Query, then body fields over it: form fields, or a JSON object's members as text. */
    static Map<String, String> merge(Map<String, String> query, String contentType, String body) {
        Map<String, String> params = new HashMap<>(query);
        if (body == null || body.isBlank()) {
            return params;
        }
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json")) {
            Json.parseObject(body).properties().forEach(e -> params.put(e.getKey(), text(e.getValue())));
        } else {
            params.putAll(Forms.parse(body));
        }
        return params;
    }

    private static String text(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
