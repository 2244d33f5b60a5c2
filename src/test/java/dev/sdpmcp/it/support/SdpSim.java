package dev.sdpmcp.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The sandbox's ServiceDesk Plus simulator as tests drive it: its request log and knobs (docs/sandbox-sdp.md). */
public record SdpSim(URI base) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> FORM = Map.of("Content-Type", "application/x-www-form-urlencoded");

    /** Every call the simulator received with this user's tokens: method, path, input_data, status, portal. */
    public List<JsonNode> log(TestUsers user) {
        List<JsonNode> entries = new ArrayList<>();
        JsonNode answer = call("GET", "/log?client_id=" + enc(user.clientId()), null);
        (answer.isArray() ? answer : answer.path("entries")).forEach(entries::add);
        return entries;
    }

    /** How many times this user's calls moved request {@code id} to the trash. */
    public long trashed(TestUsers user, String id) {
        return log(user).stream().filter(e -> e.path("path").asText().endsWith("/requests/" + id + "/move_to_trash")).count();
    }

    /** The last call of this user to a path (method and path as the simulator logged them). */
    public JsonNode last(TestUsers user, String method, String pathContains) {
        List<JsonNode> entries = log(user);
        for (int i = entries.size() - 1; i >= 0; i--) {
            JsonNode entry = entries.get(i);
            if (entry.path("method").asText().equals(method) && entry.path("path").asText().contains(pathContains)) {
                return entry;
            }
        }
        throw new AssertionError("no " + method + " …" + pathContains + " in the simulator's log: " + entries);
    }

    public void limits(String query) {
        call("PUT", "/limits?" + query, null);
    }

    /** Forgets the calls counted against the rate limit, so a burst does not spill into the next test's minute. */
    public void clearRateWindows() {
        call("DELETE", "/limits/windows", null);
    }

    /** Arms a fault: the next {@code count} matching calls fail (status, or malformed when status is "malformed"). */
    public void fault(String query) {
        call("POST", "/faults?" + query, null);
    }

    public void clearFaults() {
        call("DELETE", "/faults", null);
    }

    /**
     * A module's UDFs and mandatory fields in a portal, as an administrator configures them: {@code json} is
     * {"module":…, "udfs":[…], "mandatory":[…]} (docs/sandbox-sdp.md); answers the module's configuration.
     */
    public JsonNode fields(String portal, String json) {
        HttpResponse<String> response = Http.send("PUT", URI.create(base + "/sandbox/sdp/_sim/portals/" + portal + "/fields"),
                Map.of("Content-Type", "application/json"), json);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("simulator fields: HTTP " + response.statusCode() + " " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A portal's own rules, as its administrator sets them: e.g. "task_statuses_listed=true" (docs/sandbox-sdp.md). */
    public JsonNode rules(String portal, String query) {
        return call("PUT", "/portals/" + portal + "/rules?" + query, null);
    }

    public JsonNode call(String method, String path, String form) {
        HttpResponse<String> response = Http.send(method, URI.create(base + "/sandbox/sdp/_sim" + path), FORM, form);
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("simulator " + method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        try {
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
