package dev.sdpmcp.tokens;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per client id, held only while some thread holds or waits for it: the map never keeps a lock nobody uses,
 * so callers inventing client ids cannot make it grow.
 */
final class KeyedLocks {

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users; // guarded by the map's compute
    }

    /** The lock, held; close() releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    Held lock(String key) {
        Entry entry = entries.compute(key, (k, existing) -> {
            Entry e = existing == null ? new Entry() : existing;
            e.users++;
            return e;
        });
        try {
            entry.lock.lock();
        } catch (RuntimeException | Error e) {
            release(key);
            throw e;
        }
        return () -> {
            entry.lock.unlock();
            release(key);
        };
    }

    private void release(String key) {
        entries.computeIfPresent(key, (k, e) -> --e.users == 0 ? null : e);
    }

    /** Locks in the map now: those held or waited for. */
    int size() {
        return entries.size();
    }
}
