package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One portal's data set. Ids are {@code <prefix><13-digit sequence>} like real SDP ids ("123640000000006681"), with a
 * five-digit prefix derived from the portal name, so two portals never share an id for the same seeded name.
 * Callers hold the portal's monitor while they read or change it.
 */
final class Portal {

    private static final long SPAN = 10_000_000_000_000L;

    final String name;
    final long prefix;
    final long createdAt;
    private long sequence = 5000;
    private final Map<String, Map<String, ObjectNode>> tables = new HashMap<>();
    private final Map<String, Integer> displayIds = new HashMap<>();
    /**
     * The instance's closing rule: a request is closed only once it has a resolution (real instances answer a close
     * without one with a 3000 warning and leave it open; see docs/sdp-api-fidelity.md). On by default: the stricter.
     */
    volatile boolean closeNeedsResolution = true;
    /**
     * Whether GET task_statuses answers: no public source shows that path (fidelity §8), so by default it is an
     * unknown URL, the stricter; a test turns it on to prove that a client uses the list where an instance has it.
     */
    volatile boolean taskStatusesListed = false;
    /** UDFs and mandatory fields, as the instance's administrator configured them. */
    final InstanceFields fields = new InstanceFields();
    /** Links between requests, both ways: request id → linked request id → comments. */
    final Map<String, Map<String, String>> links = new HashMap<>();
    /** Each request's problem and changes: request id → association path → problem or change id. */
    final Map<String, Map<String, String>> associations = new HashMap<>();
    /** Each request's history, oldest first (request id → entries). */
    final Map<String, List<ObjectNode>> history = new HashMap<>();
    /** The files attached to each request, problem and change ("requests/{id}" → attachments, oldest first). */
    final Map<String, List<ObjectNode>> attachments = new HashMap<>();
    /** Each attachment's bytes, by attachment id. */
    final Map<String, byte[]> files = new HashMap<>();
    /** The technician (user id) each Zoho client id acts as in this portal. */
    final Map<String, String> technicianOfClient = new HashMap<>();

    Portal(String name, long prefix, long createdAt) {
        this.name = name;
        this.prefix = prefix;
        this.createdAt = createdAt;
    }

    /** 10000–99999 from the name's SHA-256: stable across resets and restarts. */
    static long prefixOf(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (hash[i] & 0xff);
            }
            return 10_000 + Math.floorMod(value, 90_000L);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String nextId() {
        return Long.toString(prefix * SPAN + ++sequence);
    }

    /** Requests count from a portal-specific start (like an instance in use); problems, changes, projects from 1. */
    int nextDisplayId(Module module) {
        int start = module.plainDisplayId ? 100 + (int) (prefix % 900) : 1;
        return displayIds.merge(module.name, start, (old, one) -> old + 1);
    }

    private Map<String, ObjectNode> table(Module module) {
        return tables.computeIfAbsent(module.table, t -> new LinkedHashMap<>());
    }

    List<ObjectNode> rows(Module module) {
        return table(module).values().stream().filter(module.view).toList();
    }

    ObjectNode row(Module module, String id) {
        ObjectNode row = id == null ? null : table(module).get(id);
        return row != null && module.view.test(row) ? row : null;
    }

    /** The rows of a child module that belong to one parent. */
    List<ObjectNode> children(Module child, String parentId) {
        return rows(child).stream().filter(row -> parentId.equals(row.path(child.parentField).path("id").asText())).toList();
    }

    void put(Module module, ObjectNode row) {
        table(module).put(row.get("id").asText(), row);
    }

    void remove(Module module, String id) {
        table(module).remove(id);
    }
}
