package dev.sdpmcp.transport;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.session.Transport;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The gateway's checks that need nothing but the request's values: testable without a server. */
public final class RequestRules {

    /** The methods each MCP path serves; every other method is answered 405 before anything else. */
    static final Map<String, Set<String>> METHODS = Map.of(
            GatewayFilter.SSE_PATH, Set.of("GET"),
            GatewayFilter.MESSAGE_PATH, Set.of("POST"),
            GatewayFilter.STREAMABLE_PATH, Set.of("GET", "POST", "DELETE"));

    static final String SESSION_HEADER = "Mcp-Session-Id";
    static final String PROTOCOL_HEADER = "MCP-Protocol-Version";
    private static final Set<String> PROTOCOL_VERSIONS = Set.of(ProtocolVersions.MCP_2024_11_05,
            ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);
    /** The stateless revision: no initialize, no session; each request names its version in params._meta. */
    static final String STATELESS_VERSION = "2026-07-28";
    static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    /** What a Streamable HTTP request without MCP-Protocol-Version speaks (the spec's fallback for that case). */
    private static final String STREAMABLE_DEFAULT_VERSION = ProtocolVersions.MCP_2025_03_26;
    // Trailing tokens fail: "{…}}}}" is not one JSON-RPC message.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RequestRules() {
    }

    /** Why a request is refused: the HTTP status, and the JSON-RPC error it is answered with (reason: data.reason). */
    record Refusal(int status, JsonNode id, int code, String message, String reason) {
    }

    /** A POST's body as JSON, or null when it is not JSON (or more than one value). */
    static JsonNode parse(byte[] body) {
        try {
            JsonNode message = JSON.readTree(body);
            return message == null || message.isMissingNode() ? null : message;
        } catch (IOException e) {
            return null;
        }
    }

    /** Why a parsed body is not one JSON-RPC 2.0 request or notification this server can take, or null. */
    static Refusal notOneJsonRpcRequest(JsonNode message, boolean inSession) {
        if (message == null) {
            return new Refusal(400, null, -32700, "Parse error: the body is not valid JSON.", null);
        }
        if (message.isArray()) {
            return new Refusal(400, null, -32600, "JSON-RPC batches are not supported: send one message per request.", null);
        }
        JsonNode id = message.get("id");
        boolean usableId = id != null && (id.isTextual() || id.isIntegralNumber());
        boolean valid = message.isObject() && "2.0".equals(message.path("jsonrpc").textValue()) && (id == null || usableId)
                && (message.path("method").isTextual() || (id != null && (message.has("result") || message.has("error"))));
        if (!valid) {
            return new Refusal(400, usableId ? id : null, -32600,
                    "Invalid Request: expected a JSON-RPC 2.0 object with \"jsonrpc\":\"2.0\" and a \"method\".", null);
        }
        if (!message.has("method")) {
            // This server asks a client something (elicitation) only within a session, on which its answer comes back; the
            // SDK drops an answer to nothing it asked.
            return inSession ? null : new Refusal(400, id, -32600, "Invalid Request: a response belongs to the session of "
                    + "the request it answers; this one names no session.", null);
        }
        String invalidParams = invalidParams(message);
        return invalidParams == null ? null : new Refusal(400, id, -32602, "Invalid params: " + invalidParams, null);
    }

    /**
     * What is wrong with a request's params, or null: MCP params are an object, and a tools/call names its tool and
     * gives its arguments as an object. Checked here because the SDK answers such shapes with Java type names.
     */
    private static String invalidParams(JsonNode message) {
        JsonNode params = message.path("params");
        String method = message.path("method").asText();
        String named = switch (method) {
            case "resources/read" -> named(params, "uri", "resources/read needs \"params\": {\"uri\": the resource's URI}.");
            case "prompts/get" -> named(params, "name", "prompts/get needs \"params\": {\"name\": the prompt's name, \"arguments\": {…}}.");
            case "completion/complete" -> params.path("ref").isObject() && params.path("argument").path("name").isTextual() ? null
                    : "completion/complete needs \"params\": {\"ref\": {…}, \"argument\": {\"name\": …, \"value\": …}}.";
            default -> null;
        };
        if (named != null) {
            return named;
        }
        if (method.equals("tools/call")) {
            if (!params.path("name").isTextual() || params.path("name").asText().isBlank()) {
                return "tools/call needs \"params\": {\"name\": the tool's name, \"arguments\": {…}}.";
            }
            JsonNode arguments = params.path("arguments");
            return arguments.isObject() || arguments.isMissingNode() || arguments.isNull() ? null
                    : "the tool's \"arguments\" must be an object of named values.";
        }
        return params.isObject() || params.isMissingNode() || params.isNull() ? null : "\"params\" must be an object.";
    }

    /** The refusal when {@code params} lacks a non-blank text {@code field}, else null. */
    private static String named(JsonNode params, String field, String refusal) {
        return params.path(field).isTextual() && !params.path(field).asText().isBlank() ? null : refusal;
    }

    /**
     * Whether a POST to /mcp is for the stateless (2026-07-28) server: it names no session, is not an initialize,
     * and either is server/discover (the probe a client sends before it knows the server's era) or carries a
     * version in params._meta or the 2026-07-28 MCP-Protocol-Version header. Everything else keeps the classic path.
     */
    static boolean stateless(JsonNode message, String sessionHeader, String protocolHeader) {
        if (sessionHeader != null || message == null || !message.path("method").isTextual()) {
            return false;
        }
        String method = message.path("method").asText();
        if (method.equals("initialize")) {
            return false;
        }
        return method.equals("server/discover") || metaVersion(message) != null
                || (protocolHeader != null && STATELESS_VERSION.equals(protocolHeader.trim()));
    }

    /** The version a request names in params._meta (2026-07-28 and later), or null. */
    private static String metaVersion(JsonNode message) {
        JsonNode version = message.path("params").path("_meta").path(META_PROTOCOL_VERSION);
        return version.isTextual() ? version.asText() : null;
    }

    /**
     * The protocol version a request speaks, for the metrics and the usage table: legacy SSE speaks only 2024-11-05;
     * on /mcp the _meta version, an initialize's requested version, the MCP-Protocol-Version header, or else the
     * Streamable HTTP default. Only versions this server knows are named ("other" for the rest), so a client cannot
     * grow the metric's labels.
     */
    static String protocolVersion(Transport transport, JsonNode message, String protocolHeader) {
        if (transport == Transport.SSE) {
            return ProtocolVersions.MCP_2024_11_05;
        }
        String version = message == null ? null : metaVersion(message);
        if (version == null && message != null && "initialize".equals(message.path("method").asText())) {
            version = message.path("params").path("protocolVersion").asText(null);
        }
        if (version == null && protocolHeader != null) {
            version = protocolHeader.trim();
        }
        if (version == null) {
            version = STREAMABLE_DEFAULT_VERSION;
        }
        return PROTOCOL_VERSIONS.contains(version) || STATELESS_VERSION.equals(version) ? version : "other";
    }

    /** A Streamable HTTP request naming a protocol version this server does not speak (absent means the default). */
    static Refusal unsupportedProtocol(Transport transport, String version) {
        if (transport != Transport.STREAMABLE || version == null || PROTOCOL_VERSIONS.contains(version.trim())) {
            return null;
        }
        return new Refusal(400, null, -32600, "Unsupported " + PROTOCOL_HEADER + ": " + version + ". Supported: "
                + String.join(", ", PROTOCOL_VERSIONS.stream().sorted().toList()) + ".", "unsupported_protocol_version");
    }

    /** A header that must come once (the session, the protocol version) sent more often; count gives how often. */
    static Refusal repeatedHeader(java.util.function.ToIntFunction<String> count) {
        for (String single : List.of(SESSION_HEADER, PROTOCOL_HEADER)) {
            if (count.applyAsInt(single) > 1) {
                return new Refusal(400, null, -32600, "Send the " + single + " header once.", "duplicated_header");
            }
        }
        return null;
    }

    /**
     * Whether an Origin may use the server: one listed in SDP_ALLOWED_ORIGINS, or the server's own origin (a page
     * the server itself served). A DNS-rebinding page also looks same-origin; it still needs the user's credentials,
     * which it cannot have.
     */
    public static boolean originAllowed(String origin, Collection<String> allowed, String ownOrigin) {
        String normalized = normalizeOrigin(origin);
        if (normalized == null) {
            return false;
        }
        return normalized.equals(normalizeOrigin(ownOrigin)) || allowed.stream().map(RequestRules::normalizeOrigin)
                .anyMatch(normalized::equals);
    }

    /**
     * The first of the request's Origin headers that may not use the server, or null: every Origin sent must be
     * allowed, so a second, foreign one is not hidden behind an allowed first.
     */
    public static String firstForeignOrigin(Collection<String> origins, Collection<String> allowed, String ownOrigin) {
        return origins.stream().filter(o -> !originAllowed(o, allowed, ownOrigin)).findFirst().orElse(null);
    }

    /** scheme://host:port in lower case with the scheme's default port made explicit; null if not an origin. */
    static String normalizeOrigin(String origin) {
        if (origin == null) {
            return null;
        }
        try {
            URI uri = new URI(origin.trim().replaceAll("/+$", ""));
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme == null || uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))
                    || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                    || uri.getRawUserInfo() != null) {
                return null;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /**
     * Every value of a query parameter, names and values decoded exactly once (so "session%49d" is "sessionId", as
     * the container's getParameter sees it). Pairs that cannot be decoded count as values no session has.
     */
    static List<String> queryValues(String query, String name) {
        List<String> values = new ArrayList<>();
        if (query == null || query.isEmpty()) {
            return values;
        }
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (name.equals(key)) {
                String value = decode(eq < 0 ? "" : pair.substring(eq + 1));
                values.add(value == null ? "\u0000undecodable" : value);
            } else if (key == null) {
                // a name that cannot be decoded may be the parameter in disguise: never let it pass unseen
                values.add("\u0000undecodable");
            }
        }
        return values;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * SDP_REQUIRE_TLS: whether credentials may arrive on this request. TLS to this server; or a proxy in front (the
     * request says it was forwarded) that is trusted (listed, or on this machine) and says the client used https; or a
     * client on this machine talking to it directly.
     */
    static boolean transportSecure(boolean secure, String remoteAddress, String forwardedProto, boolean forwarded,
            Set<String> trustedProxies) {
        if (secure) {
            return true;
        }
        boolean local = loopback(remoteAddress);
        if (!forwarded && forwardedProto == null) {
            return local;
        }
        return (local || trustedProxies.contains(remoteAddress)) && forwardedProto != null
                && "https".equalsIgnoreCase(forwardedProto.split(",")[0].trim());
    }

    static boolean loopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        // only literal addresses: a host name here would mean a DNS lookup per request
        if (!address.matches("[0-9a-fA-F:.\\[\\]%a-zA-Z0-9]+") || !(address.contains(":") || address.matches("[0-9.]+"))) {
            return false;
        }
        try {
            return InetAddress.getByName(address.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
