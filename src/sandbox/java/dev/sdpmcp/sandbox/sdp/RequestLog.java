package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Every API call the simulator answered: when, which Zoho client (from the token; null when the token was unknown),
 * which portal, method, path, the parsed input_data and the HTTP status. Tests read it to prove that two users'
 * calls never mix. Bounded: the oldest entries go first.
 */
final class RequestLog {

    static final int CAPACITY = 10_000;

    record Entry(long seq, long time, String clientId, String portal, String method, String path, JsonNode inputData,
                 int status, int statusCode) {

        ObjectNode toJson() {
            return Json.of("seq", seq, "time", Instant.ofEpochMilli(time).toString(), "time_ms", time, "client_id", clientId,
                    "portal", portal, "method", method, "path", path, "input_data", inputData, "status", status,
                    "status_code", statusCode);
        }

        boolean matches(String client, String portalName) {
            return (client == null || client.equals(clientId)) && (portalName == null || portalName.equalsIgnoreCase(portal));
        }
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private long seq;

    synchronized void add(long time, String clientId, String portal, String method, String path, JsonNode inputData,
                          int status, int statusCode) {
        entries.addLast(new Entry(++seq, time, clientId, portal, method, path, inputData, status, statusCode));
        while (entries.size() > CAPACITY) {
            entries.removeFirst();
        }
    }

    /** Oldest first; {@code afterSeq} skips what a caller has already seen. */
    synchronized List<Entry> find(String clientId, String portal, long afterSeq) {
        return entries.stream().filter(e -> e.seq() > afterSeq && e.matches(clientId, portal)).toList();
    }

    synchronized int clear(String clientId, String portal) {
        int before = entries.size();
        entries.removeIf(e -> e.matches(clientId, portal));
        return before - entries.size();
    }

    synchronized long lastSeq() {
        return seq;
    }
}
