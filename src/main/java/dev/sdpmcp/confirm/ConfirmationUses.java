package dev.sdpmcp.confirm;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;

/** The single-use record of confirmations, in the database every server shares. */
@ApplicationScoped
public class ConfirmationUses {

    @Inject
    EntityManager em;

    /**
     * Records a confirmation as used; false when it already was. Two servers claiming the same one at once both find
     * none, and the second commit fails on the primary key: the caller takes that failure as "already used".
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean claim(String nonce, OffsetDateTime expiresAt, OffsetDateTime now) {
        // what has expired needs no record: its seal refuses it already
        em.createQuery("DELETE FROM ConfirmationUse u WHERE u.expiresAt < :now").setParameter("now", now).executeUpdate();
        if (em.find(ConfirmationUse.class, nonce) != null) {
            return false;
        }
        em.persist(new ConfirmationUse(nonce, expiresAt));
        return true;
    }
}
