package dev.sdpmcp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.it.support.ModernMcp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lean MCP sessions for load: raw JSON-RPC over one shared java.net.http client, so the load generator costs the
 * same against every server and far less than an SDK client would (the measured time is the server's). The same
 * code drives this server and the TypeScript peer.
 */
final class McpLoadClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();
    /** Per call: short under load (a lost answer shows as a failure), long for the token storm's 2,000 at once. */
    static volatile Duration TIMEOUT = Duration.ofSeconds(30);

    private McpLoadClient() {
    }

    /** One MCP session that calls get_request. */
    interface Session extends AutoCloseable {
        /** Calls the tool; throws unless the answer is a result without isError. */
        JsonNode getRequest(String id) throws Exception;

        @Override
        void close();
    }

    static String toolCall(long id, String requestId) {
        return toolCall(id, requestId, "");
    }

    /** A get_request call; {@code more} is appended to its params (a leading comma included). */
    static String toolCall(long id, String requestId, String more) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"get_request\","
                + "\"arguments\":{\"request_id\":\"" + requestId + "\"}" + more + "}}";
    }

    static String initialize(long id, String version) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"sdp-mcp-bench\",\"version\":\"1\"}}}";
    }

    static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    static JsonNode result(JsonNode message) {
        JsonNode result = message.path("result");
        if (result.isMissingNode() || result.path("isError").asBoolean(false)) {
            throw new IllegalStateException("tool call failed: " + abbreviate(message.toString()));
        }
        return result;
    }

    static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** The one JSON-RPC message of a POST's answer: a JSON body, or the first event of a short event stream. */
    static JsonNode message(HttpResponse<String> response) throws IOException {
        String body = response.body();
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            StringBuilder data = new StringBuilder();
            for (String line : body.split("\n")) {
                if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                } else if (line.isBlank() && data.length() > 0) {
                    break;
                }
            }
            body = data.toString();
        }
        return JSON.readTree(body);
    }

    /** The tool result of a POSTed call's answer; throws unless it is HTTP 200 with a result without isError. */
    static JsonNode postedResult(HttpResponse<String> answer) throws IOException {
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + answer.statusCode() + " " + abbreviate(answer.body()));
        }
        return result(message(answer));
    }

    static HttpRequest.Builder request(URI uri, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
        headers.forEach(builder::header);
        return builder;
    }

    /** Streamable HTTP (/mcp): each call is one POST whose answer is JSON or a short event stream. */
    static final class Streamable implements Session {
        private final URI endpoint;
        private final Map<String, String> headers;
        private final AtomicLong ids = new AtomicLong();
        private final String sessionId;
        private final String version;

        Streamable(URI endpoint, Map<String, String> credentials) throws IOException, InterruptedException {
            this.endpoint = endpoint;
            var base = new java.util.HashMap<>(credentials);
            base.put("Content-Type", "application/json");
            base.put("Accept", "application/json, text/event-stream");
            HttpResponse<String> init = HTTP.send(request(endpoint, base)
                    .POST(HttpRequest.BodyPublishers.ofString(initialize(ids.incrementAndGet(), "2025-11-25"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (init.statusCode() != 200) {
                throw new IllegalStateException("initialize: HTTP " + init.statusCode() + " " + abbreviate(init.body()));
            }
            sessionId = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
            version = message(init).path("result").path("protocolVersion").asText();
            base.put("Mcp-Session-Id", sessionId);
            base.put("MCP-Protocol-Version", version);
            headers = Map.copyOf(base);
            post(INITIALIZED);
        }

        private HttpResponse<String> post(String body) throws IOException, InterruptedException {
            return HTTP.send(request(endpoint, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public JsonNode getRequest(String id) throws Exception {
            return postedResult(post(toolCall(ids.incrementAndGet(), id)));
        }

        @Override
        public void close() {
            try {
                HTTP.send(request(endpoint, headers).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException | InterruptedException ignored) {
                // the benchmark is done with it either way
            }
        }
    }

    /**
     * Stateless 2026-07-28 (/mcp): no initialize and no session; each call is one POST that names its method and tool
     * in headers and carries the protocol version and the client's capabilities in params._meta.
     */
    static final class Stateless implements Session {
        private static final String META = ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + ModernMcp.VERSION
                + "\",\"io.modelcontextprotocol/clientCapabilities\":{}}";

        private final URI endpoint;
        private final Map<String, String> headers;
        private final AtomicLong ids = new AtomicLong();

        Stateless(URI endpoint, Map<String, String> credentials) {
            this.endpoint = endpoint;
            this.headers = ModernMcp.headers(credentials, "tools/call", "get_request");
        }

        @Override
        public JsonNode getRequest(String id) throws Exception {
            return postedResult(HTTP.send(request(endpoint, headers)
                    .POST(HttpRequest.BodyPublishers.ofString(toolCall(ids.incrementAndGet(), id, META))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        @Override
        public void close() {
        }
    }

    /** Legacy SSE (/sse): a stream that stays open, POSTs to the endpoint it names, answers on the stream. */
    static final class Sse implements Session, Flow.Subscriber<List<ByteBuffer>> {
        /** Keep-alive comments received on every open stream, for the held-sessions scenario. */
        static final AtomicLong KEEPALIVES = new AtomicLong();
        static final AtomicInteger OPEN = new AtomicInteger();

        private final URI base;
        private final Map<String, String> headers;
        private final AtomicLong ids = new AtomicLong();
        private final CompletableFuture<URI> endpoint = new CompletableFuture<>();
        private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final CompletableFuture<HttpResponse<Void>> stream;
        private Flow.Subscription subscription;
        private String event = "message";
        private final StringBuilder data = new StringBuilder();
        private volatile int status;

        /** Opens the stream and waits for its endpoint event; {@code initialize} also makes it an MCP session. */
        Sse(URI base, String path, Map<String, String> credentials, boolean initialize) throws Exception {
            this.base = base;
            var post = new java.util.HashMap<>(credentials);
            post.put("Content-Type", "application/json");
            headers = Map.copyOf(post);
            HttpRequest get = request(base.resolve(path), credentials).timeout(Duration.ofDays(1))
                    .header("Accept", "text/event-stream").GET().build();
            stream = HTTP.sendAsync(get, info -> {
                status = info.statusCode();
                // our own line splitting: the JDK 17 line subscriber held the endpoint event back until more bytes came
                return HttpResponse.BodySubscribers.fromSubscriber(this);
            });
            stream.whenComplete((r, e) -> fail(e != null ? e : new IllegalStateException("the stream ended (HTTP " + status + ")")));
            endpoint.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            OPEN.incrementAndGet();
            if (initialize) {
                rpc(initialize(ids.incrementAndGet(), "2024-11-05"), ids.get());
                postOnly(INITIALIZED);
            }
        }

        private void fail(Throwable e) {
            endpoint.completeExceptionally(e);
            pending.values().forEach(f -> f.completeExceptionally(e));
        }

        private void postOnly(String body) throws IOException, InterruptedException {
            HttpResponse<String> sent = HTTP.send(request(endpoint.join(), headers)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (sent.statusCode() >= 300) {
                throw new IllegalStateException("POST " + endpoint.join() + ": HTTP " + sent.statusCode() + " " + abbreviate(sent.body()));
            }
        }

        private JsonNode rpc(String body, long id) throws Exception {
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            try {
                postOnly(body);
                return answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } finally {
                pending.remove(id);
            }
        }

        @Override
        public JsonNode getRequest(String id) throws Exception {
            long n = ids.incrementAndGet();
            return result(rpc(toolCall(n, id), n));
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                while (buffer.hasRemaining()) {
                    byte b = buffer.get();
                    if (b == '\n') {
                        onLine(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else if (b != '\r') {
                        line.write(b);
                    }
                }
            }
        }

        private void onLine(String line) {
            if (line.startsWith(":")) {
                KEEPALIVES.incrementAndGet();
            } else if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            } else if (line.isEmpty() && data.length() > 0) {
                dispatch(event, data.toString());
                data.setLength(0);
                event = "message";
            }
        }

        private void dispatch(String name, String payload) {
            if (name.equals("endpoint")) {
                endpoint.complete(base.resolve(payload));
                return;
            }
            try {
                JsonNode message = JSON.readTree(payload);
                CompletableFuture<JsonNode> waiting = pending.get(message.path("id").asLong(-1));
                if (waiting != null) {
                    waiting.complete(message);
                }
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            fail(throwable);
        }

        @Override
        public void onComplete() {
            fail(new IllegalStateException("the server closed the stream"));
        }

        @Override
        public void close() {
            if (subscription != null) {
                subscription.cancel();
            }
            stream.cancel(true);
            OPEN.decrementAndGet();
        }
    }

    /** A plain GET, for the baselines: the simulator itself, or the bare servlet. */
    static final class Get implements Session {
        private final URI prefix;
        private final Map<String, String> headers;

        Get(URI prefix, Map<String, String> headers) {
            this.prefix = prefix;
            this.headers = headers;
        }

        @Override
        public JsonNode getRequest(String id) throws Exception {
            HttpResponse<String> answer = HTTP.send(request(URI.create(prefix + id), headers).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + answer.statusCode() + " " + abbreviate(answer.body()));
            }
            return JSON.readTree(answer.body());
        }

        @Override
        public void close() {
        }
    }
}
