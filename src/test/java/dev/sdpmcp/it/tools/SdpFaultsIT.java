package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.ToolTestBase;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ServiceDesk Plus misbehaving: reads are retried, writes never; every failure comes back as a sentence. */
@RunsOnPostgresql
class SdpFaultsIT extends ToolTestBase {

    @AfterEach
    void healSimulator() {
        sdp().clearFaults();
        sdp().limits("calls_per_minute=600&retry_after=false&per_url=false&latency_ms=0");
        sdp().clearRateWindows();
    }

    long calls(String method, String path) {
        return sdp().log(user).stream().filter(e -> e.path("method").asText().equals(method)
                && e.path("path").asText().endsWith(path)).count();
    }

    String scope() {
        return "&client_id=" + java.net.URLEncoder.encode(user.clientId(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aFailingReadIsRetriedAndSucceeds() {
        sdp().fault("count=1&status=503" + scope());
        assertFalse(rows(ok("list_requests", Map.of("page_size", 1)), "requests").isEmpty());
        assertEquals(2, calls("GET", "/requests"), "one failure, one retry");
    }

    @Test
    void aReadThatKeepsFailingSaysSoAndNothingLeaks() {
        sdp().fault("count=5&status=500" + scope());
        String message = error("list_requests", Map.of());
        assertTrue(message.contains("not answering") && message.contains("Try again"), message);
        assertEquals(3, calls("GET", "/requests"), "the call and two retries");
    }

    @Test
    void aFailedWriteIsNeverRepeated() {
        sdp().fault("count=1&status=502" + scope());
        String message = error("create_request", Map.of("subject", "written once at most"));
        assertTrue(message.contains("may or may not have been made"), message);
        assertEquals(1, calls("POST", "/requests"), "no retry of a write");
    }

    /**
     * An HTML page where the API should answer is a wrong address (a wrong base URL gets the site's login page), not an
     * outage: said once, not retried, and never pausing anyone's calls however often it happens.
     */
    @Test
    void anHtmlAnswerIsAConfigurationErrorThatNeverPausesCalls() {
        sdp().fault("count=12&malformed=true" + scope());
        for (int i = 0; i < 12; i++) { // more than the circuit's window of 10 calls
            String message = error("list_requests", Map.of());
            assertTrue(message.contains("HTML") && message.contains("SDP_BASE_URL")
                    && message.contains(System.getenv("SDP_INSTANCE_NAME") + "/api/v3/requests"), message);
        }
        assertEquals(12, calls("GET", "/requests"), "never retried");
        assertFalse(rows(ok("list_requests", Map.of("page_size", 1)), "requests").isEmpty(), "calls are not paused");
    }

    @Test
    void anAnswerCutOffMidWayIsRetriedNotTakenForAWrongSetting() throws InterruptedException {
        sdp().fault("count=1&drop=true" + scope());
        assertFalse(rows(ok("list_requests", Map.of("page_size", 1)), "requests").isEmpty(), "the read was tried again");
        assertEquals(2, calls("GET", "/requests"));
        sdp().fault("count=3&drop=true" + scope());
        String message = error("list_requests", Map.of());
        assertTrue(message.contains("not answering properly") && !message.contains("SDP_BASE_URL"), message);
        Thread.sleep(2500); // these failures count for the instance's circuit: let it close (SDP_API_CIRCUIT_DELAY_SECONDS=2)
    }

    @Test
    void repeatedFailuresOpenTheInstanceCircuitAndCallsArePausedNotSent() throws Exception {
        sdp().fault("count=60&status=500" + scope());
        for (int i = 0; i < 6; i++) {
            error("list_requests", Map.of());
        }
        long sent = calls("GET", "/requests");
        String paused = error("list_requests", Map.of());
        assertTrue(paused.contains("paused"), paused);
        assertEquals(sent, calls("GET", "/requests"), "an open circuit sends nothing");
        // the open circuit is reported without taking the server out of rotation; its state is for administrators
        HttpResponse<String> ready = Http.send("GET", uri("/health/ready"), Map.of(), null);
        assertEquals(200, ready.statusCode(), ready.body());
        HttpResponse<String> details = Http.send("GET", uri("/admin/health"), Map.of("Authorization", "Basic "
                + java.util.Base64.getEncoder().encodeToString("ops-admin:ops-admin-password".getBytes(java.nio.charset.StandardCharsets.UTF_8))), null);
        JsonNode circuit = new ObjectMapper().readTree(details.body()).path("servicedesk-circuit");
        assertTrue(circuit.path("status").asText().equals("UP") && circuit.path("state").asText().equals("open"), details.body());
        sdp().clearFaults();
        Thread.sleep(2500); // SDP_API_CIRCUIT_DELAY_SECONDS=2 on the test server
        assertFalse(rows(ok("list_requests", Map.of("page_size", 1)), "requests").isEmpty(), "closed again");
    }

    @Test
    void rateLimitedReadsAreRetriedAndNeverPauseTheInstance() {
        sdp().fault("count=60&status=429&retry_after=0" + scope());
        for (int i = 0; i < 4; i++) { // each read tried three times: 12 answers 429, more than the circuit's window
            String limited = error("list_requests", Map.of());
            assertTrue(limited.contains("4015") && limited.contains("limiting the request rate"), limited);
        }
        sdp().clearFaults();
        assertFalse(rows(ok("list_requests", Map.of("page_size", 1)), "requests").isEmpty(),
                "being rate limited is not the instance failing: calls are not paused");
    }

    /** Limited without Retry-After (SDP's per-URL minute, fidelity §13): a read waits before trying again, never at once. */
    @Test
    void aReadLimitedWithoutRetryAfterBacksOff() {
        sdp().fault("count=1&status=429" + scope());
        assertFalse(rows(ok("list_requests", Map.of("page_size", 1)), "requests").isEmpty());
        java.util.List<JsonNode> tries = requests();
        assertEquals(2, tries.size(), tries.toString());
        assertEquals(429, tries.get(0).path("status").asInt());
        assertTrue(gap(tries, 0) >= 900, "waited before trying again: " + tries);

        sdp().clearRateWindows();
        sdp().limits("calls_per_minute=1&retry_after=false&per_url=true");
        sdp().call("DELETE", "/log?client_id=" + java.net.URLEncoder.encode(user.clientId(), java.nio.charset.StandardCharsets.UTF_8), null);
        ok("list_requests", Map.of("page_size", 1)); // this URL's one call of the minute
        String limited = error("list_requests", Map.of("page_size", 1));
        assertTrue(limited.contains("4015") && limited.contains("Try again in a minute"), limited);
        tries = requests().subList(1, requests().size());
        assertEquals(3, tries.size(), "the call and two retries: " + tries);
        assertTrue(tries.stream().allMatch(t -> t.path("status").asInt() == 429), tries.toString());
        assertTrue(gap(tries, 0) >= 900 && gap(tries, 1) >= 1900, "1 s, then 2 s: " + tries);
        assertTrue(gap(tries, 1) < 10_000, "bounded: " + tries);
        ok("list_problems", Map.of("page_size", 1)); // other URLs are not limited, and calls are not paused
    }

    java.util.List<JsonNode> requests() {
        return sdp().log(user).stream().filter(e -> e.path("method").asText().equals("GET")
                && e.path("path").asText().endsWith("/requests")).toList();
    }

    static long gap(java.util.List<JsonNode> tries, int i) {
        return tries.get(i + 1).path("time_ms").asLong() - tries.get(i).path("time_ms").asLong();
    }

    @Test
    void rateLimitingSaysWhenToRetry() {
        ok("list_requests", Map.of("page_size", 1));
        sdp().limits("calls_per_minute=1&retry_after=true");
        String message = error("create_request", Map.of("subject", "too fast"));
        assertTrue(message.contains("4015") && message.matches("(?s).*Try again in \\d+ seconds.*"), message);
        assertTrue(message.contains("nothing was changed"), message);
        String read = error("list_requests", Map.of());
        assertTrue(read.contains("4015") || read.contains("limiting"), read);
    }
}
