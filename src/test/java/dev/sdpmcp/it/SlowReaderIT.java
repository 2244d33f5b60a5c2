package dev.sdpmcp.it;

import static dev.sdpmcp.it.support.Http.with;
import static dev.sdpmcp.it.support.RawMcp.INITIALIZE;
import static dev.sdpmcp.it.support.RawMcp.INITIALIZED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.RawSse;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ToolTestBase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A client that opens an SSE stream with a tiny receive buffer and never reads it, while the server pushes answers
 * to it: the answering threads are not held, another user's stream keeps its keep-alives (every second in this run)
 * and its answers in time, and the stream that is not read is dropped once SDP_SSE_MAX_BACKLOG_BYTES pile up.
 */
@RunsOnPostgresql
class SlowReaderIT extends ToolTestBase {

    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":\"slow-%d\",\"method\":\"tools/list\"}";
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":\"other-%d\",\"method\":\"ping\"}";

    /** An SSE session opened and initialized over a raw socket; returns its endpoint. */
    private String initialize(RawSse sse, Map<String, String> headers) {
        String endpoint = sse.endpoint();
        accepted(Http.send("POST", uri(endpoint), headers, INITIALIZE.formatted("2024-11-05")));
        assertNotNull(sse.awaitLine("\"protocolVersion\"", 5000));
        accepted(Http.send("POST", uri(endpoint), headers, INITIALIZED));
        return endpoint;
    }

    private static void accepted(HttpResponse<String> response) {
        assertTrue(response.statusCode() / 100 == 2, response.statusCode() + " " + response.body());
    }

    /** sdp_event_streams_dropped in /metrics; -1 when it is not there. */
    private long dropped() {
        String metrics = Http.send("GET", uri("/metrics"), Map.of(), null).body();
        Matcher value = Pattern.compile("(?m)^sdp_event_streams_dropped(?:\\{[^}]*\\})? ([0-9.eE+]+)$").matcher(metrics);
        return value.find() ? (long) Double.parseDouble(value.group(1)) : -1;
    }

    @Test
    void aStreamNobodyReadsDelaysNoOtherStreamAndIsDropped() throws Exception {
        TestUsers other = authorizedUser();
        Map<String, String> slowHeaders = with(user.headers(), "Content-Type", "application/json");
        Map<String, String> otherHeaders = with(other.headers(), "Content-Type", "application/json");
        long droppedBefore = Math.max(0, dropped());
        try (RawSse slow = RawSse.open(uri(""), "/sse", user.headers(), 2048);
                RawSse theirs = RawSse.open(uri(""), "/sse", other.headers())) {
            String slowEndpoint = initialize(slow, slowHeaders);
            String otherEndpoint = initialize(theirs, otherHeaders);
            // from here on nobody reads the slow stream; the other one is read all the time
            List<long[]> keepAlives = new CopyOnWriteArrayList<>();
            Map<String, Long> answered = new ConcurrentHashMap<>();
            Thread reader = new Thread(() -> {
                String line;
                while ((line = theirs.awaitLine("", 20_000)) != null) {
                    long now = System.currentTimeMillis();
                    if (line.equals(": keepalive")) {
                        keepAlives.add(new long[] {now});
                    }
                    Matcher id = Pattern.compile("\"id\":\"(other-\\d+)\"").matcher(line);
                    if (id.find()) {
                        answered.put(id.group(1), now);
                    }
                }
            });
            reader.setDaemon(true);
            reader.start();

            long start = System.currentTimeMillis();
            Map<String, Long> pinged = new ConcurrentHashMap<>();
            List<Long> slowPostMillis = new ArrayList<>();
            int pushed = 0;
            boolean gone = false;
            while (!gone && System.currentTimeMillis() - start < 60_000) {
                long before = System.currentTimeMillis();
                HttpResponse<String> push = Http.send("POST", uri(slowEndpoint), slowHeaders, TOOLS_LIST.formatted(pushed));
                slowPostMillis.add(System.currentTimeMillis() - before);
                gone = push.statusCode() == 404; // the session was ended with its stream
                if (!gone) {
                    accepted(push);
                }
                pushed++;
                if (pushed % 5 == 0) {
                    String id = "other-" + pushed;
                    pinged.put(id, System.currentTimeMillis());
                    accepted(Http.send("POST", uri(otherEndpoint), otherHeaders, PING.formatted(pushed)));
                }
                Thread.sleep(50);
            }
            long end = System.currentTimeMillis();
            assertTrue(gone, "the stream nobody reads was dropped (after " + pushed + " tools/list answers pushed to it)");
            assertTrue(slowPostMillis.stream().allMatch(ms -> ms < 2000), "no request waited for the slow client: " + slowPostMillis);
            Thread.sleep(1500);
            for (Map.Entry<String, Long> ping : pinged.entrySet()) {
                Long at = answered.get(ping.getKey());
                assertNotNull(at, "the other user's answer " + ping.getKey() + " arrived");
                assertTrue(at - ping.getValue() < 2000, "the other user's answer came in " + (at - ping.getValue()) + " ms");
            }
            // keep-alives every second (SDP_SSE_KEEPALIVE_SECONDS=1 here) all the while: no gap over 3 s
            long last = start;
            for (long[] at : keepAlives) {
                if (at[0] <= end) {
                    assertTrue(at[0] - last < 3000, "the other stream went " + (at[0] - last) + " ms without a keep-alive");
                    last = at[0];
                }
            }
            assertTrue(end - last < 3000, "keep-alives until the end");
            assertTrue(dropped() >= droppedBefore + 1, "the drop is counted in /metrics");
            Thread.sleep(2500);
            assertEquals(404, Http.send("POST", uri(slowEndpoint), slowHeaders, TOOLS_LIST.formatted(-1)).statusCode(),
                    "the dropped stream's session is released");
        }
    }
}
