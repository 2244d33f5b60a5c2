package dev.sdpmcp.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.Db;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.RawMcp;
import dev.sdpmcp.it.support.RawSse;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.SecondServer;
import dev.sdpmcp.it.support.ToolTestBase;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code server stop} of a server with work under way (deployment guide §9): the tool call in flight is answered, with
 * the token renewal it needed stored; new requests are refused; the open streams end at once rather than after Liberty's
 * 30-second quiesce; the process ends with nothing in its log but the normal stop.
 */
@RunsOnPostgresql
class GracefulShutdownIT extends ToolTestBase {

    /** A Liberty message of level E (error) in messages.log: "[date] thread logger E CODE: …". */
    private static final Pattern ERROR_LINE = Pattern.compile("(?m)^\\[[^\\]]+\\] \\S+ \\S+\\s+E ");

    @Test
    void aStopAnswersTheCallInFlightStoresItsRenewalAndEndsEveryStream() throws Exception {
        int port = Integer.parseInt(System.getenv("SDP_HTTP_PORT")) + 2;
        try (SecondServer b = SecondServer.start("multi-test", port, SecondServer.sharingSandboxOf(uri("")))) {
            URL bUrl = b.base().toURL();
            McpSyncClient slow = McpClients.sse(bUrl, user.headers());
            slow.initialize();
            assertFalse(Boolean.TRUE.equals(slow.callTool(listRequests()).isError()), "B holds the user's access token");
            // Open: a legacy SSE stream, a Streamable HTTP session with its GET stream.
            RawSse sse = RawSse.open(b.base(), "/sse", user.headers());
            assertEquals(200, sse.status());
            sse.endpoint();
            String session = RawMcp.initializeStreamable(b.base(), user);
            Map<String, String> streamHeaders = new HashMap<>(RawMcp.streamableHeaders(user, session));
            streamHeaders.remove("Accept");
            streamHeaders.remove("Content-Type");
            RawSse mcpStream = RawSse.open(b.base(), "/mcp", streamHeaders);
            assertEquals(200, mcpStream.status());
            // A connection B accepted before the stop, to send a request on it during the stop.
            Socket kept = new Socket("127.0.0.1", port);
            kept.setSoTimeout(10_000);
            String health = exchange(kept, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", false);
            assertTrue(health.startsWith("HTTP/1.1 200"), health);

            ProcessHandle process = b.process().orElseThrow();
            List<String> accessBefore = Db.rows("oauth_access_tokens", "client_id = ?", user.clientId());
            int tokenRequests = zoho().stat(user, "token_requests");
            long refreshesBefore = refreshes();
            // The slow call: each ServiceDesk Plus call takes 3 s, and the held token is refused, so the call makes a
            // renewal (a token write) between its two ServiceDesk Plus calls, while the server is stopping.
            sdp().limits("latency_ms=3000");
            try {
                zoho().expireAccessTokens(user);
                CompletableFuture<CallToolResult> inFlight = CompletableFuture.supplyAsync(() -> slow.callTool(listRequests()));
                Thread.sleep(1500);
                long stopBegan = System.nanoTime();
                CompletableFuture<Duration> stop = CompletableFuture.supplyAsync(b::stop);

                CompletableFuture<String> during = CompletableFuture.supplyAsync(() -> {
                    sleepQuietly(2500); // the stop has begun, the call is still in flight
                    StringBuilder request = new StringBuilder("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                            + RawMcp.TOOLS_LIST.length() + "\r\n");
                    RawMcp.streamableHeaders(user, session).forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
                    return exchange(kept, request.append("\r\n").append(RawMcp.TOOLS_LIST).toString(), true);
                });
                assertTrue(sse.awaitEnd(25_000), "the SSE stream ended");
                long sseEnded = System.nanoTime();
                assertTrue(mcpStream.awaitEnd(5_000), "the Streamable HTTP stream ended");

                CallToolResult answer = inFlight.get(60, TimeUnit.SECONDS);
                assertFalse(Boolean.TRUE.equals(answer.isError()), text(answer));
                assertFalse(rows(structured(answer), "requests").isEmpty(), "the real answer: " + text(answer));

                String whileStopping = during.get(30, TimeUnit.SECONDS);
                System.out.println("A request during the stop got: " + whileStopping); // which of the two refusals
                assertTrue(whileStopping.startsWith("HTTP/1.1 503") && whileStopping.contains("Retry elsewhere")
                        && whileStopping.contains("server_stopping"), whileStopping);

                Duration stopped = stop.get(120, TimeUnit.SECONDS);
                Duration streamsOpen = Duration.ofNanos(sseEnded - stopBegan);
                assertTrue(streamsOpen.toSeconds() < 15, "streams ended " + streamsOpen + " after the stop began, not at the quiesce timeout");
                assertTrue(stopped.toSeconds() < 25, "the stop took " + stopped);
            } finally {
                sdp().limits("latency_ms=0");
                sse.close();
                kept.close();
                mcpStream.close();
                slow.closeGracefully();
            }

            assertFalse(b.isRunning(), "the server process has ended");
            assertFalse(process.isAlive() || process.descendants().anyMatch(ProcessHandle::isAlive), "no process of the server is left");
            String log = b.logText();
            assertTrue(log.contains("CWWKE0036I"), "stopped normally: " + b.log());
            assertFalse(log.contains("CWWKE1102W") || log.contains("CWWKE1101W"), "no quiesce timeout: " + b.log());
            assertFalse(ERROR_LINE.matcher(log).find(), "no error in " + b.log());

            assertEquals(1, refreshes() - refreshesBefore, "the renewal made while stopping is stored");
            assertEquals(tokenRequests + 1, zoho().stat(user, "token_requests"));
            assertNotEquals(accessBefore, Db.rows("oauth_access_tokens", "client_id = ?", user.clientId()), "the new access token is stored");
            // usage rows are written in the background; what was still queued when B stopped, B wrote as it stopped
            List<String> usage = Db.rows("usage_log", "client_hash = ? AND tool_name = 'list_requests'", user.clientHash());
            assertEquals(2, usage.size(), "both calls on B, the one answered during the stop too: " + usage);
        }
    }

    /** Sends a request on the connection; the response up to its end (whole = until the server closes), or why none. */
    static String exchange(Socket socket, String request, boolean whole) {
        try {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int read;
            while ((read = in.read(buffer)) != -1) {
                response.write(buffer, 0, read);
                String text = response.toString(StandardCharsets.UTF_8);
                if (!whole && text.contains("\r\n\r\n") && (text.endsWith("}") || text.endsWith("\r\n0\r\n\r\n"))) {
                    break;
                }
            }
            return response.size() == 0 ? "closed without an answer" : response.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "no answer: " + e;
        }
    }

    long refreshes() throws Exception {
        return Db.rows("oauth_token_events", "client_id = ? AND event = 'refresh' AND outcome = 'ok'", user.clientId()).size();
    }

    static McpSchema.CallToolRequest listRequests() {
        return new McpSchema.CallToolRequest("list_requests", Map.of("page_size", 1));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> structured(CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
