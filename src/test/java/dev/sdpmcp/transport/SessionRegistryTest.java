package dev.sdpmcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.session.Transport;
import dev.sdpmcp.transport.SessionRegistry.LimitReached;
import dev.sdpmcp.transport.SessionRegistry.Slot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {

    @Test
    void perUserBoundAndRoomGivenBackWhenSessionsEnd() throws Exception {
        SessionRegistry registry = new SessionRegistry();
        for (int i = 0; i < 3; i++) {
            registry.open("s" + i, registry.reserve("alice", true, 3, 100), Transport.SSE, () -> { }, () -> true);
        }
        LimitReached refused = assertThrows(LimitReached.class, () -> registry.reserve("alice", true, 3, 100));
        assertTrue(refused.getMessage().contains("SDP_MAX_SESSIONS_PER_USER=3"), refused.getMessage());
        registry.reserve("bob", true, 3, 100); // others are not affected
        registry.end("s0");
        registry.end("s0"); // twice gives back once
        registry.open("s3", registry.reserve("alice", true, 3, 100), Transport.STREAMABLE, () -> { }, () -> false);
        assertThrows(LimitReached.class, () -> registry.reserve("alice", true, 3, 100));
        registry.forget("s3");
        assertEquals(2, registry.heldBy("alice"));
    }

    @Test
    void unusedSlotsGoBackAndUsedOnesStayUntilTheSessionEnds() throws Exception {
        SessionRegistry registry = new SessionRegistry();
        Slot unused = registry.reserve("alice", true, 1, 100);
        registry.releaseUnused(unused);
        Slot used = registry.reserve("alice", true, 1, 100);
        registry.open("s", used, Transport.SSE, () -> { }, () -> true);
        registry.releaseUnused(used);
        assertEquals(1, registry.heldBy("alice"));
        registry.end("s");
        assertEquals(0, registry.heldBy("alice"));
    }

    @Test
    void totalBoundLeavesAuthorizedUsersRoomThatRandomIdsCannotTake() throws Exception {
        SessionRegistry registry = new SessionRegistry();
        int total = 50;
        int unverified = 0;
        for (int i = 0; i < 100; i++) {
            try {
                registry.reserve("random" + i, false, 20, total);
                unverified++;
            } catch (LimitReached e) {
                assertTrue(e.getMessage().contains("not yet authorized"), e.getMessage());
            }
        }
        assertEquals(SessionRegistry.unverifiedShare(total), unverified);
        int verified = 0;
        for (int i = 0; i < 100; i++) {
            try {
                registry.reserve("user" + i, true, 20, total);
                verified++;
            } catch (LimitReached e) {
                assertTrue(e.getMessage().contains("SDP_MAX_SESSIONS=50"), e.getMessage());
            }
        }
        assertEquals(total - unverified, verified);
    }

    @Test
    void racingReservationsNeverPassTheBound() throws Exception {
        SessionRegistry registry = new SessionRegistry();
        AtomicInteger granted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            all.add(pool.submit(() -> {
                try {
                    registry.reserve("alice", true, 20, 1000);
                    granted.incrementAndGet();
                } catch (LimitReached e) {
                    // expected past 20
                }
            }));
        }
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
        assertEquals(20, granted.get());
    }
}
