package dev.sdpmcp.it.support;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import java.net.URL;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/** The MCP Java SDK's own clients, configured the way a user's .mcp.json configures Claude Code. */
public final class McpClients {

    private McpClients() {
    }

    public static McpSyncClient sse(URL base, Map<String, String> headers) {
        return sse(base, headers, Duration.ofSeconds(90));
    }

    public static McpSyncClient streamable(URL base, Map<String, String> headers) {
        return streamable(base, headers, Duration.ofSeconds(90));
    }

    /** {@code answerWithin}: how long a request may wait for its answer before the client gives up on it. */
    public static McpSyncClient sse(URL base, Map<String, String> headers, Duration answerWithin) {
        HttpRequest.Builder request = HttpRequest.newBuilder();
        headers.forEach(request::header);
        var transport = HttpClientSseClientTransport.builder(root(base)).sseEndpoint("/sse").requestBuilder(request).build();
        return McpClient.sync(transport).requestTimeout(answerWithin).build();
    }

    public static McpSyncClient streamable(URL base, Map<String, String> headers, Duration answerWithin) {
        HttpRequest.Builder request = HttpRequest.newBuilder();
        headers.forEach(request::header);
        var transport = HttpClientStreamableHttpTransport.builder(root(base)).endpoint("/mcp").requestBuilder(request).build();
        return McpClient.sync(transport).requestTimeout(answerWithin).build();
    }

    /**
     * A client whose user answers the server's questions (form elicitation, as Claude Code shows them) with
     * {@code user}; over Streamable HTTP, or legacy SSE when {@code sse}.
     */
    public static McpSyncClient asking(URL base, Map<String, String> headers, boolean sse,
            Function<ElicitFormRequest, ElicitResult> user) {
        HttpRequest.Builder request = HttpRequest.newBuilder();
        headers.forEach(request::header);
        var spec = sse
                ? McpClient.sync(HttpClientSseClientTransport.builder(root(base)).sseEndpoint("/sse").requestBuilder(request).build())
                : McpClient.sync(HttpClientStreamableHttpTransport.builder(root(base)).endpoint("/mcp").requestBuilder(request).build());
        return spec.requestTimeout(Duration.ofSeconds(90)).capabilities(ClientCapabilities.builder().elicitation().build())
                .elicitation(user).build();
    }

    private static String root(URL base) {
        String url = base.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
