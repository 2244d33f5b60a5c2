package dev.sdpmcp.sdp;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Zoho scope each ServiceDesk Plus call needs, {@code SDPOnDemand.<module>.<READ|CREATE|UPDATE|DELETE>} (ME's
 * scope format; the modules of this server's scope list, ZohoEndpoints.SCOPES). Decided by the path's first segment:
 * sub-resources (a request's notes, a project's tasks) take their parent's module.
 */
final class Scopes {

    /** API paths whose module is not their own name; everything else needs the module it is named after. */
    private static final Map<String, String> MODULE_OF = Map.ofEntries(
            Map.entry("products", "assets"), Map.entry("product_types", "assets"),
            Map.entry("topics", "solutions"),
            Map.entry("requesters", "users"), Map.entry("technicians", "users"),
            // sites and departments are "general", the other lookups "setup" (observed by third parties, docs/sdp-api-fidelity.md §10)
            Map.entry("sites", "general"), Map.entry("departments", "general"));
    private static final Set<String> OWN_MODULES = Set.of("requests", "problems", "changes",
            "projects", "assets", "solutions", "users");

    private Scopes() {
    }

    /** E.g. ("GET", "assets/12") → SDPOnDemand.assets.READ; ("PUT", "requests/4/close") → SDPOnDemand.requests.UPDATE. */
    static String needed(String method, String path) {
        String first = path.replaceFirst("^/+", "").split("[/?]", 2)[0].toLowerCase(Locale.ROOT);
        String module = OWN_MODULES.contains(first) ? first : MODULE_OF.getOrDefault(first, "setup");
        String operation = switch (method) {
            case "GET" -> "READ";
            case "POST" -> "CREATE";
            case "PUT" -> "UPDATE";
            case "DELETE" -> "DELETE";
            default -> throw new IllegalArgumentException(method);
        };
        return "SDPOnDemand." + module + "." + operation;
    }
}
