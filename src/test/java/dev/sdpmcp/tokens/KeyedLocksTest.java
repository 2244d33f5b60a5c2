package dev.sdpmcp.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class KeyedLocksTest {

    @Test
    void aLockNobodyHoldsOrWaitsForIsNotKept() {
        KeyedLocks locks = new KeyedLocks();
        for (int i = 0; i < 10_000; i++) {
            try (KeyedLocks.Held held = locks.lock("1000.client" + i)) {
                assertEquals(1, locks.size());
            }
        }
        assertEquals(0, locks.size(), "ten thousand client ids leave nothing behind");
    }

    @Test
    void oneHolderPerKeyAndTheWaiterKeepsTheEntryUntilItIsDone() throws Exception {
        KeyedLocks locks = new KeyedLocks();
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicBoolean firstHolds = new AtomicBoolean(true);
        CompletableFuture<Void> second;
        try (KeyedLocks.Held first = locks.lock("a")) {
            second = CompletableFuture.runAsync(() -> {
                waiting.countDown();
                try (KeyedLocks.Held held = locks.lock("a")) {
                    overlapped.set(firstHolds.get());
                }
            });
            assertTrue(waiting.await(5, TimeUnit.SECONDS));
            Thread.sleep(200); // the second thread is now blocked on the same lock
            try (KeyedLocks.Held other = locks.lock("b")) {
                assertEquals(2, locks.size(), "another key is not held up");
            }
            assertEquals(1, locks.size());
            firstHolds.set(false);
        }
        second.get(5, TimeUnit.SECONDS);
        assertFalse(overlapped.get(), "the second holder ran only after the first let go");
        assertEquals(0, locks.size());
    }
}
