package dev.sdpmcp.sandbox;

import jakarta.ws.rs.core.UriInfo;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Parameters from the query string and an application/x-www-form-urlencoded body, the body winning. */
public final class Forms {

    private Forms() {
    }

    static Map<String, String> merge(UriInfo uri, String body) {
        Map<String, String> params = new HashMap<>();
        uri.getQueryParameters().forEach((key, values) -> params.put(key, values.get(0)));
        params.putAll(parse(body));
        return params;
    }

    public static Map<String, String> parse(String body) {
        Map<String, String> params = new HashMap<>();
        if (body == null || body.isBlank()) {
            return params;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return params;
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
