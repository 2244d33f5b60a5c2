package dev.sdpmcp.usage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The usage table: one row per tool call, for every user. */
@ApplicationScoped
public class UsageLog {

    @Inject
    EntityManager entityManager;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(String clientHash, String toolName, UsageRecord.Outcome outcome, Duration duration, String transport) {
        int millis = (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
        entityManager.persist(new UsageRecord(clientHash, toolName, outcome, millis, transport, OffsetDateTime.now(ZoneOffset.UTC)));
    }

    /** One line of a usage report: a user (client hash) or a tool, with its calls by outcome. */
    public record Line(String key, long calls, long ok, long errors, long failures, double averageMillis) {
    }

    /** Calls over the period, per user (client hash) or per tool, busiest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.List<Line> report(Duration period, boolean perUser) {
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

    /** Deletes usage rows older than the retention period; returns how many. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeOlderThan(Duration retention) {
        return entityManager.createQuery("delete from UsageRecord u where u.calledAt < :before")
                .setParameter("before", OffsetDateTime.now(ZoneOffset.UTC).minus(retention))
                .executeUpdate();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long callsSince(String clientHash, Duration period) {
        return entityManager.createQuery(
                        "select count(u) from UsageRecord u where u.clientHash = :hash and u.calledAt >= :since", Long.class)
                .setParameter("hash", clientHash)
                .setParameter("since", OffsetDateTime.now(ZoneOffset.UTC).minus(period))
                .getSingleResult();
    }
}
