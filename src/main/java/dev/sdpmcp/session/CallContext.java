package dev.sdpmcp.session;

import dev.sdpmcp.credentials.ClientCredentials;
import io.modelcontextprotocol.common.McpTransportContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** What a tool handler learns about its caller: the user's credentials and the transport the call came on. */
public final class CallContext {

    public static final String CALLER_ATTRIBUTE = CallContext.class.getName() + ".caller";
    public static final String TRANSPORT_ATTRIBUTE = CallContext.class.getName() + ".transport";
    public static final String BASE_URL_ATTRIBUTE = CallContext.class.getName() + ".baseUrl";
    public static final String SCOPE_ATTRIBUTE = CallContext.class.getName() + ".scope";
    public static final String NOT_AUTHORIZED_ATTRIBUTE = CallContext.class.getName() + ".notAuthorized";
    public static final String PROTOCOL_ATTRIBUTE = CallContext.class.getName() + ".protocol";
    /** Per-user narrowing of the tools offered (never widening what the server offers). */
    public static final String READ_ONLY_HEADER = "X-SDP-Read-Only";
    public static final String TOOLSETS_HEADER = "X-SDP-Toolsets";
    private static final String CALLER = "sdp.caller";
    private static final String TRANSPORT = "sdp.transport";
    private static final String BASE_URL = "sdp.baseUrl";
    private static final String SCOPE = "sdp.scope";
    private static final String NOT_AUTHORIZED = "sdp.notAuthorized";
    private static final String PROTOCOL = "sdp.protocol";
    private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9.\\-:\\[\\]]{1,255}");

    private CallContext() {
    }

    /** The SDK's context extractor: runs on every MCP request after the gateway has authenticated it. */
    public static McpTransportContext extract(HttpServletRequest request) {
        Map<String, Object> values = new java.util.HashMap<>(Map.of(
                CALLER, request.getAttribute(CALLER_ATTRIBUTE),
                TRANSPORT, request.getAttribute(TRANSPORT_ATTRIBUTE),
                BASE_URL, request.getAttribute(BASE_URL_ATTRIBUTE),
                SCOPE, request.getAttribute(SCOPE_ATTRIBUTE)));
        Object protocol = request.getAttribute(PROTOCOL_ATTRIBUTE);
        if (protocol != null) {
            values.put(PROTOCOL, protocol);
        }
        Object notAuthorized = request.getAttribute(NOT_AUTHORIZED_ATTRIBUTE);
        if (notAuthorized != null) {
            values.put(NOT_AUTHORIZED, notAuthorized);
        }
        return McpTransportContext.create(values);
    }

    /**
     * Null when the caller's secret matched a stored authorization on this very request; otherwise what to tell
     * them: such a caller reaches the authorization tools and nothing else.
     */
    public static String notAuthorized(McpTransportContext context) {
        Object message = context.get(NOT_AUTHORIZED);
        return message == null ? null : message.toString();
    }

    /** What a user asked to see: X-SDP-Read-Only: true, and X-SDP-Toolsets: requests,lookups (absent: everything). */
    public record UserScope(boolean readOnly, java.util.Set<String> toolsets) {
        public static final UserScope EVERYTHING = new UserScope(false, java.util.Set.of());

        public static UserScope of(HttpServletRequest request) {
            boolean readOnly = "true".equalsIgnoreCase(Optional.ofNullable(request.getHeader(READ_ONLY_HEADER)).orElse("").trim());
            java.util.Set<String> toolsets = new java.util.TreeSet<>();
            String header = request.getHeader(TOOLSETS_HEADER);
            if (header != null) {
                for (String name : header.split(",")) {
                    if (!name.isBlank()) {
                        toolsets.add(name.trim().toLowerCase(java.util.Locale.ROOT));
                    }
                }
                if (toolsets.isEmpty()) {
                    toolsets.add("none"); // an empty header narrows to the auth tools, it does not mean "all"
                }
            }
            return new UserScope(readOnly, java.util.Set.copyOf(toolsets));
        }
    }

    public static UserScope scope(McpTransportContext context) {
        Object scope = context.get(SCOPE);
        return scope instanceof UserScope userScope ? userScope : UserScope.EVERYTHING;
    }

    /**
     * The URL the user reached this server at (behind a proxy: X-Forwarded-Proto/-Host), for the links in messages.
     * Only well-formed host names are echoed.
     */
    public static String publicBaseUrl(HttpServletRequest request, String fallbackHost) {
        String proto = request.getHeader("X-Forwarded-Proto");
        String scheme = "https".equalsIgnoreCase(proto) || (proto == null && request.isSecure()) ? "https" : "http";
        String host = Optional.ofNullable(request.getHeader("X-Forwarded-Host"))
                .or(() -> Optional.ofNullable(request.getHeader("Host")))
                .map(h -> h.split(",")[0].trim())
                .filter(h -> SAFE_HOST.matcher(h).matches())
                .orElse(fallbackHost);
        return scheme + "://" + host;
    }

    /**
     * The origin a browser on this server's own pages sends: behind a proxy the one it saw (X-Forwarded-*), otherwise
     * the host this request was sent to.
     */
    public static String ownOrigin(HttpServletRequest request) {
        return request.getHeader("X-Forwarded-Host") != null ? publicBaseUrl(request, "")
                : request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
    }

    public static String baseUrl(McpTransportContext context) {
        Object url = context.get(BASE_URL);
        return url == null ? "http://SERVER_HOST:3456" : url.toString();
    }

    public static ClientCredentials caller(McpTransportContext context) {
        Object caller = context.get(CALLER);
        if (caller instanceof ClientCredentials credentials) {
            return credentials;
        }
        throw new IllegalStateException("no authenticated caller on this MCP request");
    }

    /** The MCP protocol version the request speaks (as the gateway named it), or null. */
    public static String protocolVersion(McpTransportContext context) {
        Object protocol = context.get(PROTOCOL);
        return protocol == null ? null : protocol.toString();
    }

    public static Transport transport(McpTransportContext context) {
        return (Transport) context.get(TRANSPORT);
    }
}
