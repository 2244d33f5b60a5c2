package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.it.Http;
import dev.sdpmcp.it.ToolIT;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ServiceDesk Plus misbehaving: reads are retried, writes never; every failure comes back as a sentence. */
class SdpFaultsIT extends ToolIT {

    @AfterEach
    void healSimulator() {
        sdp().clearFaults();
        sdp().limits("calls_per_minute=600&retry_after=true&latency_ms=0");
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

    @Test
    void aMalformedAnswerIsReportedNotParsed() {
        sdp().fault("count=3&malformed=true" + scope());
        String message = error("get_request", Map.of("request_id", "1"));
        assertTrue(message.contains("not JSON") || message.contains("not answering"), message);
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
        for (int i = 0; i < 6; i++) { // each read tried three times: 18 answers 429, more than the circuit's window
            String limited = error("list_requests", Map.of());
            assertTrue(limited.contains("4015") && limited.contains("limiting the request rate"), limited);
        }
        sdp().clearFaults();
        assertFalse(rows(ok("list_requests", Map.of("page_size", 1)), "requests").isEmpty(),
                "being rate limited is not the instance failing: calls are not paused");
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
