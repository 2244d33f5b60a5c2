package dev.sdpmcp.tokens;

import dev.sdpmcp.credentials.ClientCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * Finishes a key rotation: re-encrypts every stored value an older key made with the current one, a batch of users
 * at a time, each user in a transaction of its own under their row lock ({@link TokenLedger#reencrypt}), so that
 * several servers sweeping at once, or a refresh meanwhile, only ever wait for each other. Counts the rows per key id,
 * which tells when SDP_ENCRYPTION_KEY_PREVIOUS may go.
 */
@ApplicationScoped
public class KeyRotation {

    private static final Logger LOG = Logger.getLogger(KeyRotation.class.getName());
    static final int BATCH = 100;
    /** How long the counts behind the metric are reused: a scrape must not query the database each time. */
    private static final Duration COUNTS_FRESH = Duration.ofSeconds(30);

    @Inject
    TokenLedger ledger;

    @Inject
    KeyRing keys;

    private final ReentrantLock sweeping = new ReentrantLock();
    private volatile Counts counts;

    /** Rows per key id (a row with values under two keys counts under both), and the rows not yet on the current key. */
    public record Counts(String currentKeyId, Map<String, Long> rowsByKeyId, long remaining, Instant at) {
    }

    /** What a sweep did. */
    public record Sweep(int reencrypted, int failed, Counts counts) {
    }

    /**
     * Re-encrypts everything stale, now. One sweep at a time per server (a second caller waits and then finds little
     * left). A user whose values no configured key decrypts is skipped and counted as failed.
     */
    public Sweep reencryptAll() {
        sweeping.lock();
        try {
            int reencrypted = 0;
            int failed = 0;
            String after = "";
            List<String> batch;
            do {
                batch = ledger.staleClientIds(after, BATCH);
                for (String clientId : batch) {
                    try {
                        reencrypted += ledger.reencrypt(clientId);
                    } catch (RuntimeException e) {
                        failed++;
                        LOG.warning("Cannot re-encrypt the stored values of " + ClientCredentials.mask(clientId)
                                + " with key " + keys.currentKeyId() + ": " + rootMessage(e));
                    }
                    after = clientId;
                }
            } while (batch.size() == BATCH);
            Counts now = refreshCounts();
            if (reencrypted > 0 || failed > 0) {
                int done = reencrypted;
                int notDone = failed;
                LOG.info(() -> "Re-encrypted " + done + " rows with key " + now.currentKeyId() + (notDone > 0 ? "; "
                        + notDone + " users failed" : "") + "; rows per key id now " + now.rowsByKeyId());
            }
            return new Sweep(reencrypted, failed, now);
        } finally {
            sweeping.unlock();
        }
    }

    /** The counts, from the database. */
    public Counts refreshCounts() {
        String current = keys.currentKeyId();
        Map<String, Long> rows = new TreeMap<>();
        long remaining = 0;
        for (Object[] group : ledger.keyIdGroups()) {
            String first = (String) group[0];
            String second = (String) group[1];
            long count = ((Number) group[2]).longValue();
            rows.merge(first, count, Long::sum);
            if (second != null && !second.equals(first)) {
                rows.merge(second, count, Long::sum);
            }
            if (!first.equals(current) || (second != null && !second.equals(current))) {
                remaining += count;
            }
        }
        for (String id : keys.keyIds()) {
            rows.putIfAbsent(id, 0L);
        }
        Counts fresh = new Counts(current, Map.copyOf(rows), remaining, Instant.now());
        counts = fresh;
        return fresh;
    }

    /** The rows under {@code keyId}, for the metric: the counts of the last 30 seconds, or the last known ones. */
    public long rows(String keyId) {
        Counts known = counts;
        if (known == null || known.at().plus(COUNTS_FRESH).isBefore(Instant.now())) {
            try {
                known = refreshCounts();
            } catch (RuntimeException e) {
                if (known == null) {
                    return -1; // the database cannot be read yet
                }
            }
        }
        return Objects.requireNonNullElse(known.rowsByKeyId().get(keyId), 0L);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
