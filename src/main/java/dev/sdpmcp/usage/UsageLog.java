package dev.sdpmcp.usage;

import dev.sdpmcp.config.Settings;
import dev.sdpmcp.session.CallsEnded;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * The usage table: one row per tool call, for every user.
 *
 * <p>Rows are queued and written in batches by a background task, off the request path: a synchronous insert and
 * commit per call was most of this server's own latency (docs/performance.md). A row is written within milliseconds
 * of its call; while the database is down rows wait in memory (up to {@link #MAX_PENDING}) and are written when it
 * returns. Reports read the queue's rows first, and the graceful stop writes whatever is left once the calls in
 * flight have ended.
 */
@ApplicationScoped
public class UsageLog {

    private static final Logger LOG = Logger.getLogger(UsageLog.class.getName());
    static final int MAX_PENDING = 100_000;
    private static final int BATCH = 500;
    private static final long RETRY_SECONDS = 5;

    @Inject
    Settings settings;

    @Inject
    EntityManager entityManager;

    /** This bean through its CDI proxy, so that {@link #insert} runs in a transaction of its own. */
    @Inject
    UsageLog self;

    @Resource
    ManagedScheduledExecutorService executor;


    private final LinkedBlockingDeque<UsageRecord> pending = new LinkedBlockingDeque<>(MAX_PENDING);
    /** Set while a write is scheduled or running, so calls under load share one background task. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicLong dropped = new AtomicLong();

    /** Queues the row of one tool call; never blocks and never fails the call. */
    public void record(String clientHash, String toolName, UsageRecord.Outcome outcome, Duration duration, String transport,
            String protocolVersion) {
        int millis = (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
        UsageRecord row = new UsageRecord(clientHash, toolName, outcome, millis, transport, protocolVersion,
                OffsetDateTime.now(ZoneOffset.UTC));
        if (!pending.offerLast(row)) {
            if (dropped.getAndIncrement() % 10_000 == 0) {
                LOG.warning("Usage rows are being dropped: " + MAX_PENDING + " wait for the database already");
            }
            return;
        }
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::writeInBackground);
            } catch (RuntimeException e) {
                scheduled.set(false); // the application is stopping: its stop writes what is queued
            }
        }
    }

    /** Rows queued but not yet in the table. */
    public int pendingCount() {
        return pending.size();
    }

    /** Rows given up because too many were waiting for the database. */
    public long droppedCount() {
        return dropped.get();
    }

    private void writeInBackground() {
        boolean failed = true;
        try {
            failed = !write();
        } finally {
            if (failed) {
                retryLater();
            } else {
                scheduled.set(false);
                // A row queued while the flag was still set found no task to take it.
                if (!pending.isEmpty() && scheduled.compareAndSet(false, true)) {
                    executor.execute(this::writeInBackground);
                }
            }
        }
    }

    private void retryLater() {
        try {
            executor.schedule(this::writeInBackground, RETRY_SECONDS, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            scheduled.set(false);
        }
    }

    /**
     * Writes every queued row now, on this thread; false if the database refused (the rows stay queued, in order).
     */
    public boolean write() {
        writing.lock();
        try {
            List<UsageRecord> batch = new ArrayList<>(BATCH);
            while (pending.drainTo(batch, BATCH) > 0) {
                try {
                    self.insert(batch);
                } catch (RuntimeException e) {
                    for (int i = batch.size() - 1; i >= 0; i--) {
                        if (!pending.offerFirst(batch.get(i))) {
                            dropped.incrementAndGet();
                        }
                    }
                    LOG.warning("Could not write " + pending.size() + " usage row(s), will retry in " + RETRY_SECONDS + " s: " + e);
                    return false;
                }
                batch.clear();
            }
            return true;
        } finally {
            writing.unlock();
        }
    }

    /** One batch in a transaction of its own; only {@link #write} calls it (public for the transaction interceptor). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void insert(List<UsageRecord> rows) {
        rows.forEach(entityManager::persist);
    }

    /**
     * The graceful stop has let the calls in flight end: their rows are written now, while the database can still be
     * reached (at this bean's own end the persistence unit is already closed). Only if this bean exists: a server that
     * recorded nothing has nothing to write.
     */
    void writeAfterCalls(@Observes(notifyObserver = Reception.IF_EXISTS) CallsEnded ended) {
        if (!write()) {
            LOG.warning(pending.size() + " usage row(s) could not be written before the stop");
        }
    }

    /** The last chance, for rows queued after the graceful stop wrote the others. */
    @PreDestroy
    void writeRemaining() {
        if (!pending.isEmpty() && !write()) {
            LOG.warning(pending.size() + " usage row(s) could not be written before the application stopped");
        }
    }

    /** One line of a usage report: a user (client hash) or a tool, with its calls by outcome. */
    public record Line(String key, long calls, long ok, long errors, long failures, double averageMillis) {
    }

    /** Calls over the period, per user (client hash) or per tool, busiest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.List<Line> report(Duration period, boolean perUser) {
        write();
        String key = perUser ? "u.clientHash" : "u.toolName";
        java.util.List<Object[]> rows = entityManager.createQuery("select " + key + ", u.outcome, count(u), avg(u.durationMs) "
                        + "from UsageRecord u where u.calledAt >= :since group by " + key + ", u.outcome", Object[].class)
                .setParameter("since", OffsetDateTime.now(ZoneOffset.UTC).minus(period))
                .getResultList();
        java.util.Map<String, long[]> counts = new java.util.TreeMap<>();
        java.util.Map<String, Double> millis = new java.util.HashMap<>();
        for (Object[] row : rows) {
            long[] c = counts.computeIfAbsent((String) row[0], k -> new long[4]);
            long n = ((Number) row[2]).longValue();
            c[0] += n;
            c[switch ((String) row[1]) {
                case "ok" -> 1;
                case "error" -> 2;
                default -> 3;
            }] += n;
            millis.merge((String) row[0], ((Number) row[3]).doubleValue() * n, Double::sum);
        }
        return counts.entrySet().stream()
                .map(e -> new Line(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2], e.getValue()[3],
                        Math.round(millis.get(e.getKey()) / e.getValue()[0] * 10) / 10.0))
                .sorted(java.util.Comparator.comparingLong(Line::calls).reversed())
                .toList();
    }

    /** Deletes usage rows older than SDP_USAGE_RETENTION_DAYS; returns how many. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeExpired() {
        return entityManager.createQuery("delete from UsageRecord u where u.calledAt < :before")
                .setParameter("before", OffsetDateTime.now(ZoneOffset.UTC).minusDays(settings.usageRetentionDays()))
                .executeUpdate();
    }

    public int retentionDays() {
        return settings.usageRetentionDays();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long callsSince(String clientHash, Duration period) {
        write();
        return entityManager.createQuery(
                        "select count(u) from UsageRecord u where u.clientHash = :hash and u.calledAt >= :since", Long.class)
                .setParameter("hash", clientHash)
                .setParameter("since", OffsetDateTime.now(ZoneOffset.UTC).minus(period))
                .getSingleResult();
    }
}
