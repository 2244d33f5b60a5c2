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

    @Transactional(Transactional.TxType.SUPPORTS)
    public long callsSince(String clientHash, Duration period) {
        return entityManager.createQuery(
                        "select count(u) from UsageRecord u where u.clientHash = :hash and u.calledAt >= :since", Long.class)
                .setParameter("hash", clientHash)
                .setParameter("since", OffsetDateTime.now(ZoneOffset.UTC).minus(period))
                .getSingleResult();
    }
}
