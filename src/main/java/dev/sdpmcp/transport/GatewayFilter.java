package dev.sdpmcp.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.config.Settings;
import dev.sdpmcp.credentials.ClientCredentials;
import dev.sdpmcp.metrics.Meters;
import dev.sdpmcp.session.CallContext;
import dev.sdpmcp.session.Transport;
import dev.sdpmcp.tokens.AuthorizationGuide;
import dev.sdpmcp.tokens.TokenService;
import dev.sdpmcp.transport.SessionRegistry.Session;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything a request must pass before the MCP SDK sees it, in this order: OAuth discovery probes get a plain
 * 404; credentials over plain HTTP are refused where SDP_REQUIRE_TLS says so; then, on the MCP endpoints, the method,
 * the Origin, the user's credentials, the session's owner, the body's size and JSON, the protocol version, the
 * session's initialization (legacy SSE) and the room for a new session. A POST to /mcp in the stateless 2026-07-28
 * form goes, after the same rules, to the SDK's stateless server; every other request to the classic servers. The
 * SDK only ever sees authenticated, well-formed requests, and learns whether the caller's authorization is verified
 * (CallContext.notAuthorized).
 */
@WebFilter(filterName = "mcp-gateway", urlPatterns = "/*", asyncSupported = true)
public class GatewayFilter extends HttpFilter {

    static final String SSE_PATH = "/sse";
    static final String MESSAGE_PATH = "/messages";
    static final String STREAMABLE_PATH = "/mcp";
    private static final Pattern ENDPOINT_EVENT = Pattern.compile("(?s)event: endpoint\\s*\\ndata: \\S*[?&]sessionId=([^&\\s]+)");
    private static final Logger LOG = Logger.getLogger(GatewayFilter.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Settings settings;

    @Inject
    SessionRegistry sessions;

    @Inject
    EventStreams streams;

    @Inject
    TokenService tokens;

    @Inject
    AuthorizationGuide guide;

    @Inject
    Stopping stopping;

    @Inject
    Meters metrics;

    @Resource
    ManagedExecutorService executor;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // The path as the container maps it (decoded, normalized, without ;parameters): "/mcp;x=1" or "/x/../mcp"
        // reach the MCP servlets, so they must meet the same rules.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.contains("/.well-known/") || ("POST".equals(request.getMethod()) && path.equals("/register"))) {
            // OAuth discovery probes (Claude Code, mcp-remote): this server does not do client OAuth.
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Not Found");
            return;
        }
        if (path.startsWith(SSE_PATH + "/") || path.startsWith(MESSAGE_PATH + "/") || path.startsWith(STREAMABLE_PATH + "/")) {
            reply(response, 404, null, -32001, "There is no MCP endpoint at " + path + ": use " + STREAMABLE_PATH + " or "
                    + SSE_PATH + ".", data("no_such_endpoint"));
            return;
        }
        if (settings.requireTls() && carriesCredentials(request, path)
                && !RequestRules.transportSecure(request.isSecure(), request.getRemoteAddr(),
                        request.getHeader("X-Forwarded-Proto"), request.getHeader("X-Forwarded-For") != null
                                || request.getHeader("Forwarded") != null, settings.trustedProxies())) {
            reply(response, 403, null, -32001, "This server accepts credentials over HTTPS only (SDP_REQUIRE_TLS), and "
                    + "this request came over plain HTTP: use the https:// address in .mcp.json (ask your administrator "
                    + "for it). If you sent a client secret here, it crossed the network unencrypted: consider "
                    + "regenerating it in the Zoho API console.", data("tls_required"));
            return;
        }
        Transport transport = switch (path) {
            case SSE_PATH, MESSAGE_PATH -> Transport.SSE;
            case STREAMABLE_PATH -> Transport.STREAMABLE;
            default -> null;
        };
        if (transport == null) {
            chain.doFilter(request, response);
            return;
        }
        Set<String> methods = RequestRules.METHODS.get(path);
        if (!methods.contains(request.getMethod())) {
            // HEAD /sse would open an SDK session that nothing registers or closes; OPTIONS, PUT… serve nothing here.
            response.setHeader("Allow", String.join(", ", methods.stream().sorted().toList()));
            reply(response, 405, null, -32600, request.getMethod() + " is not served at " + path + ": use "
                    + String.join(" or ", methods.stream().sorted().toList()) + ".", data("method_not_allowed"));
            return;
        }
        // Streams (GET) live until the stop ends them; every other request is waited for when the server stops.
        boolean stream = "GET".equals(request.getMethod());
        if (stream ? stopping.isStopping() : !stopping.enter()) {
            response.setHeader("Retry-After", "1");
            response.setHeader("Connection", "close");
            reply(response, 503, null, -32001, "This server is shutting down. Retry elsewhere: reconnect, and your client "
                    + "reaches another server of this service, where your authorization is waiting.", data("server_stopping"));
            return;
        }
        try {
            guard(request, response, chain, path, transport);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "MCP request failed: " + e, e);
            if (!response.isCommitted()) {
                reply(response, 500, null, -32603, "The server failed to handle this request; it has been logged.", null);
            }
        } finally {
            if (!stream) {
                stopping.leave(request);
            }
        }
    }

    /**
     * Every rule, in order, before the SDK sees the request: each step answers the refusal itself and gives null or
     * false when the request goes no further.
     */
    private void guard(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String path,
            Transport transport) throws IOException, ServletException {
        if (foreignOrigin(request, response)) {
            return;
        }
        ClientCredentials caller = caller(request, response, transport);
        if (caller == null) {
            return;
        }
        String baseUrl = CallContext.publicBaseUrl(request, "SERVER_HOST:" + settings.httpPort());
        Boolean verified = verified(request, response, caller, baseUrl);
        if (verified == null || repeatedHeader(request, response)) {
            return;
        }
        Target target = target(request, response, path, caller);
        if (target == null) {
            return;
        }
        byte[] body = null;
        JsonNode message = null;
        if ("POST".equals(request.getMethod())) {
            body = readBody(request, response);
            if (body == null) {
                return;
            }
            message = RequestRules.parse(body);
            if (refused(response, RequestRules.notOneJsonRpcRequest(message, target.sessionId() != null))) {
                return;
            }
        }
        String protocolHeader = request.getHeader(RequestRules.PROTOCOL_HEADER);
        // The 2026-07-28 server checks its own version headers and _meta (-32022 for a version it does not speak).
        boolean stateless = transport == Transport.STREAMABLE && message != null
                && RequestRules.stateless(message, target.sessionId(), protocolHeader);
        if (!stateless && unsupportedProtocol(request, response, transport)) {
            return;
        }
        String method = message == null ? null : message.path("method").asText();
        if (beforeInitialized(response, target.session(), transport, message, method)) {
            return;
        }
        SessionRegistry.Slot slot = null;
        if (path.equals(SSE_PATH) || (target.sessionId() == null && "initialize".equals(method))) {
            slot = reserveSession(response, caller, verified, message);
            if (slot == null) {
                return;
            }
        }
        target.session().ifPresent(sessions::touch);
        bind(request, caller, transport, baseUrl, RequestRules.protocolVersion(transport, message, protocolHeader), verified);
        boolean answersServer = transport == Transport.STREAMABLE && message != null && !message.has("method");
        pass(request, response, chain, path, caller, target.sessionId(), slot, body, stateless, answersServer);
    }

    /** A place for a new session within the caller's and the server's limits; null when there is none (answered 429). */
    private SessionRegistry.Slot reserveSession(HttpServletResponse response, ClientCredentials caller, boolean verified,
            JsonNode message) throws IOException {
        try {
            return sessions.reserve(caller.clientHash(), verified, settings.maxSessionsPerUser(), settings.maxSessions());
        } catch (SessionRegistry.LimitReached limit) {
            response.setHeader("Retry-After", "60");
            reply(response, 429, message == null ? null : message.get("id"), -32001, limit.getMessage(), data("too_many_sessions"));
            return null;
        }
    }

    /** What the tools and the SDK's handlers read of this request (CallContext), and the request counted. */
    private void bind(HttpServletRequest request, ClientCredentials caller, Transport transport, String baseUrl,
            String protocol, boolean verified) {
        request.setAttribute(CallContext.CALLER_ATTRIBUTE, caller);
        request.setAttribute(CallContext.TRANSPORT_ATTRIBUTE, transport);
        request.setAttribute(CallContext.BASE_URL_ATTRIBUTE, baseUrl);
        request.setAttribute(CallContext.SCOPE_ATTRIBUTE, CallContext.UserScope.of(request));
        request.setAttribute(CallContext.PROTOCOL_ATTRIBUTE, protocol);
        metrics.mcpRequest(transport.name().toLowerCase(java.util.Locale.ROOT), protocol);
        if (!verified) {
            request.setAttribute(CallContext.NOT_AUTHORIZED_ATTRIBUTE, guide.notAuthorized(caller, baseUrl));
        }
    }

    /** An Origin header that is neither this server's nor allowed (browsers send it; DNS rebinding). */
    private boolean foreignOrigin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String origin = RequestRules.firstForeignOrigin(Collections.list(request.getHeaders("Origin")),
                settings.allowedOrigins(), CallContext.ownOrigin(request));
        if (origin != null) {
            reply(response, 403, null, -32001, "Origin " + origin + " is not allowed to use this server. "
                    + "An administrator can add it to SDP_ALLOWED_ORIGINS.", data("origin_not_allowed"));
        }
        return origin != null;
    }

    /** The caller's Zoho self-client credentials from the headers, or null when they are refused (answered). */
    private ClientCredentials caller(HttpServletRequest request, HttpServletResponse response, Transport transport)
            throws IOException {
        try {
            return ClientCredentials.from(name -> Collections.list(request.getHeaders(name)));
        } catch (ClientCredentials.Rejected rejected) {
            unauthorized(request, response, transport, rejected);
            return null;
        }
    }

    /**
     * Whether the caller's secret matches a stored authorization (false: not authorized yet, which the tools explain);
     * null when the secret is wrong or the token store cannot be read (answered).
     */
    private Boolean verified(HttpServletRequest request, HttpServletResponse response, ClientCredentials caller,
            String baseUrl) throws IOException {
        TokenService.SecretCheck check = tokens.checkSecret(caller);
        if (check == TokenService.SecretCheck.UNKNOWN && caller.refreshToken().isPresent() && "POST".equals(request.getMethod())
                && tokens.status(caller, baseUrl).authorized()) {
            check = TokenService.SecretCheck.MATCH; // the refresh token offered in the header was stored just now
        }
        switch (check) {
            case MISMATCH -> {
                reply(response, 401, null, -32001, "The client secret sent for " + caller.maskedClientId()
                        + " does not match the one this server was authorized with. Check SDP_CLIENT_SECRET. If you "
                        + "changed the secret in the Zoho console, authorize again with the new secret and a new grant "
                        + "code at " + baseUrl + "/setup.", data("secret_mismatch"));
                return null;
            }
            case UNAVAILABLE -> {
                response.setHeader("Retry-After", "30");
                reply(response, 503, null, -32001, "This server cannot read its token store right now; try again in "
                        + "a minute.", data("token_store_unavailable"));
                return null;
            }
            default -> {
                return check == TokenService.SecretCheck.MATCH;
            }
        }
    }

    private boolean repeatedHeader(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return refused(response, RequestRules.repeatedHeader(name -> Collections.list(request.getHeaders(name)).size()));
    }

    /** The session a request names (none for a new one), which must exist and be the caller's. */
    private record Target(String sessionId, Optional<Session> session) {
    }

    /** The session the request is for; null when it names none that exists, or another user's (answered). */
    private Target target(HttpServletRequest request, HttpServletResponse response, String path, ClientCredentials caller)
            throws IOException {
        String sessionId = null;
        if (path.equals(MESSAGE_PATH)) {
            // The very value the SDK will read (decoded, like getParameter), and the only one it can see (McpRequest).
            var values = RequestRules.queryValues(request.getQueryString(), "sessionId");
            if (values.size() != 1) {
                reply(response, 400, null, -32600, values.isEmpty() ? "POST " + MESSAGE_PATH + " needs the sessionId of "
                        + "the SSE stream: post to the URL of the stream's endpoint event." : "Send sessionId once.",
                        data(values.isEmpty() ? "session_id_missing" : "duplicated_session_id"));
                return null;
            }
            sessionId = values.get(0);
        } else if (path.equals(STREAMABLE_PATH)) {
            sessionId = request.getHeader(RequestRules.SESSION_HEADER);
        }
        if (sessionId == null) {
            return new Target(null, Optional.empty());
        }
        Optional<Session> session = sessions.find(sessionId);
        if (session.isEmpty()) {
            reply(response, 404, null, -32001, "This MCP session does not exist or has expired. Reconnect to start "
                    + "a new one (in Claude Code: /mcp, then reconnect).", data("session_not_found"));
            return null;
        }
        if (!session.get().ownedBy(caller.clientHash())) {
            reply(response, 403, null, -32001, "This MCP session belongs to another user: a session can only be "
                    + "used with the credentials that opened it.", data("session_owned_by_another_user"));
            return null;
        }
        return new Target(sessionId, session);
    }

    private boolean unsupportedProtocol(HttpServletRequest request, HttpServletResponse response, Transport transport)
            throws IOException {
        return refused(response, RequestRules.unsupportedProtocol(transport, request.getHeader(RequestRules.PROTOCOL_HEADER)));
    }

    /** Answers a refusal, if there is one. */
    private static boolean refused(HttpServletResponse response, RequestRules.Refusal refusal) throws IOException {
        if (refusal != null) {
            reply(response, refusal.status(), refusal.id(), refusal.code(), refusal.message(),
                    refusal.reason() == null ? null : data(refusal.reason()));
        }
        return refusal != null;
    }

    /**
     * A legacy SSE session's message before notifications/initialized: the SDK would hold it, with this thread, until
     * then, so it is refused at once (true, answered).
     */
    private boolean beforeInitialized(HttpServletResponse response, Optional<Session> session, Transport transport,
            JsonNode message, String method) throws IOException {
        if (session.isEmpty() || transport != Transport.SSE || session.get().initialized()) {
            return false;
        }
        if ("notifications/initialized".equals(method)) {
            session.get().markInitialized();
            return false;
        }
        if ("initialize".equals(method)) {
            return false;
        }
        reply(response, 400, message.get("id"), -32600, "This MCP session is not initialized yet: send "
                + "initialize, then notifications/initialized, before " + method + ".", data("session_not_initialized"));
        return true;
    }

    /** The request, wrapped to be tracked, on to the SDK; then what its end leaves to do. */
    private void pass(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String path,
            ClientCredentials caller, String sessionId, SessionRegistry.Slot slot, byte[] body, boolean stateless,
            boolean answersServer) throws IOException, ServletException {
        boolean opensSseSession = path.equals(SSE_PATH);
        RequestBinding binding = new RequestBinding(caller);
        binding.sessionId(sessionId);
        binding.slot(slot);

        McpResponse mcpResponse = new McpResponse(response,
                opensSseSession ? frame -> bindSseSession(frame, binding) : null,
                stream -> streams.track(stream, caller.maskedClientId() + " (" + (opensSseSession ? "SSE" : "Streamable HTTP") + ")",
                        () -> clientGone(binding, opensSseSession)), streams.writers(), settings.maxStreamBacklogBytes());
        McpRequest mcpRequest = new McpRequest(request, body, path.equals(MESSAGE_PATH) ? sessionId : null, binding,
                new StreamEnd(binding, mcpResponse, opensSseSession), mcpResponse::finishStream);
        binding.attach();
        try {
            if (stateless) {
                request.getServletContext().getNamedDispatcher(McpEndpoints.STATELESS_SERVLET).forward(mcpRequest, mcpResponse);
            } else if (answersServer) {
                chain.doFilter(mcpRequest, new AcceptedResponse(response));
            } else {
                chain.doFilter(mcpRequest, mcpResponse);
            }
        } finally {
            RequestBinding.detach();
            sessions.releaseUnused(slot);
        }
        if (!request.isAsyncStarted() && mcpResponse.eventStream() != null) {
            // answered on this thread: the container completes the response as the filter returns
            mcpResponse.finishStream();
            streams.untrack(mcpResponse.eventStream());
        }
        if ("DELETE".equals(request.getMethod()) && sessionId != null && response.getStatus() == 200) {
            sessions.forget(sessionId);
        }
        if (opensSseSession && binding.sessionId() != null) {
            LOG.fine(() -> "SSE session opened for " + caller.maskedClientId());
            // Liberty holds what the request thread flushed (headers and the endpoint event) until a write from
            // another thread: without this the client waited for the first keep-alive, up to SDP_SSE_KEEPALIVE_SECONDS.
            EventStream stream = mcpResponse.eventStream();
            if (stream != null) {
                executor.execute(stream::keepAlive);
            }
        }
    }

    /** Called with the first event of a new SSE stream (the endpoint event) before it is sent. */
    private void bindSseSession(String frame, RequestBinding binding) {
        Matcher matcher = ENDPOINT_EVENT.matcher(frame);
        if (!matcher.find() || binding.sseSession() == null) {
            throw new IllegalStateException("the SSE stream did not start with an endpoint event");
        }
        String id = matcher.group(1);
        binding.sessionId(id);
        var mcpSession = binding.sseSession();
        sessions.open(id, binding.slot(), Transport.SSE, () -> mcpSession.closeGracefully().subscribe(),
                () -> true);
    }

    /** The keep-alive found the client gone: end its SSE session, or end its Streamable HTTP stream. */
    private void clientGone(RequestBinding binding, boolean sseSession) {
        if (sseSession && binding.sessionId() != null) {
            sessions.end(binding.sessionId());
        } else if (binding.asyncContext() != null) {
            binding.asyncContext().complete();
        }
    }

    /** Ends the bookkeeping of a stream when the container ends its async cycle, whoever ended it. */
    private final class StreamEnd implements AsyncListener {
        private final RequestBinding binding;
        private final McpResponse response;
        private final boolean sseSession;

        StreamEnd(RequestBinding binding, McpResponse response, boolean sseSession) {
            this.binding = binding;
            this.response = response;
            this.sseSession = sseSession;
        }

        private void ended() {
            streams.untrack(response.eventStream());
            if (sseSession && binding.sessionId() != null) {
                sessions.end(binding.sessionId());
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            ended();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            ended();
        }

        @Override
        public void onError(AsyncEvent event) {
            ended();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }

    /** Reads the body up to the configured cap; answers 413 and returns null beyond it. */
    private byte[] readBody(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int cap = settings.maxRequestBytes();
        if (request.getContentLengthLong() > cap) {
            tooLarge(response, cap);
            return null;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (body.size() + read > cap) {
                    tooLarge(response, cap);
                    return null;
                }
                body.write(buffer, 0, read);
            }
        }
        return body.toByteArray();
    }

    private void tooLarge(HttpServletResponse response, int cap) throws IOException {
        response.setHeader("Connection", "close");
        reply(response, 413, null, -32600, "The request body is larger than this server accepts (" + cap + " bytes). "
                + "Send smaller arguments; an administrator can raise SDP_MAX_REQUEST_BYTES.", data("request_too_large"));
    }

    private void unauthorized(HttpServletRequest request, HttpServletResponse response, Transport transport,
            ClientCredentials.Rejected rejected) throws IOException {
        boolean sse = transport == Transport.SSE;
        String url = CallContext.publicBaseUrl(request, "SERVER_HOST:" + settings.httpPort()) + (sse ? SSE_PATH : STREAMABLE_PATH);
        ObjectNode data = data(rejected.problem().code());
        data.put("how_to_fix", "Send your Zoho self-client credentials on every request: the headers "
                + ClientCredentials.CLIENT_ID_HEADER + " and " + ClientCredentials.CLIENT_SECRET_HEADER
                + " (or Authorization: Basic base64(client_id:client_secret)). In .mcp.json put them under \"headers\" "
                + "as below and export SDP_CLIENT_ID and SDP_CLIENT_SECRET in the environment Claude Code starts from. "
                + "\"env\" does not work here: it only configures local (stdio) servers and is never sent to a remote URL.");
        ObjectNode server = data.putObject("mcp_json").putObject("mcpServers").putObject("service-desk-plus");
        server.put("type", sse ? "sse" : "http");
        server.put("url", url);
        ObjectNode headers = server.putObject("headers");
        headers.put(ClientCredentials.CLIENT_ID_HEADER, "${SDP_CLIENT_ID}");
        headers.put(ClientCredentials.CLIENT_SECRET_HEADER, "${SDP_CLIENT_SECRET}");
        response.setHeader("WWW-Authenticate", "Basic realm=\"sdp-mcp\", charset=\"UTF-8\"");
        reply(response, 401, null, -32001, "Missing or unusable credentials: " + rejected.getMessage(), data);
    }

    /** Whether a request carries a user's secrets: the credential headers, or a body posted to /oauth. */
    private static boolean carriesCredentials(HttpServletRequest request, String path) {
        return request.getHeader(ClientCredentials.CLIENT_ID_HEADER) != null
                || request.getHeader(ClientCredentials.CLIENT_SECRET_HEADER) != null
                || request.getHeader(ClientCredentials.REFRESH_TOKEN_HEADER) != null
                || request.getHeader("Authorization") != null
                || (path.startsWith("/oauth/") && !"GET".equals(request.getMethod()));
    }

    private static ObjectNode data(String reason) {
        ObjectNode data = JSON.createObjectNode();
        data.put("reason", reason);
        return data;
    }

    /** A JSON-RPC error object as the HTTP body: MCP clients can parse it and people can read it. */
    static void reply(HttpServletResponse response, int status, JsonNode id, int code, String message, JsonNode data)
            throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("jsonrpc", "2.0");
        body.set("id", id);
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
}
