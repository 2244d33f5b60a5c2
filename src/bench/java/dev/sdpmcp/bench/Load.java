package dev.sdpmcp.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Closed-loop load: N sessions, each calling back to back; a warm-up, then a measured period. */
final class Load {

    /** Opens one session (of any kind) for the given index. */
    interface Opener {
        McpLoadClient.Session open(int index) throws Exception;
    }

    /** One measured level: a target at a concurrency. */
    record Result(String target, int concurrency, long calls, long failures, double seconds, Histogram latencies,
                  List<String> errors) {

        double p50Millis() {
            return latencies.getValueAtPercentile(50) / 1_000.0;
        }

        double p99Millis() {
            return latencies.getValueAtPercentile(99) / 1_000.0;
        }

        double callsPerSecond() {
            return calls / seconds;
        }
    }

    private Load() {
    }

    static Result run(String target, int concurrency, Opener opener, String requestId, Duration warmUp, Duration measured)
            throws Exception {
        List<McpLoadClient.Session> sessions = open(concurrency, opener);
        ConcurrentHistogram latencies = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(120), 3);
        AtomicLong calls = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + measured.toNanos();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (McpLoadClient.Session session : sessions) {
                running.add(workers.submit(() -> {
                    long now;
                    while ((now = System.nanoTime()) < end) {
                        boolean counted = now >= measureFrom;
                        try {
                            session.getRequest(requestId);
                            if (counted) {
                                latencies.recordValue((System.nanoTime() - now) / 1_000);
                                calls.incrementAndGet();
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                            if (errors.size() < 5) {
                                errors.add(e.toString());
                            }
                        }
                    }
                }));
            }
            for (Future<?> worker : running) {
                worker.get();
            }
        } finally {
            workers.shutdownNow();
            sessions.forEach(McpLoadClient.Session::close);
        }
        return new Result(target, concurrency, calls.get(), failures.get(), measured.toNanos() / 1e9, latencies,
                List.copyOf(errors));
    }

    /** Opens sessions, at most 20 at a time (as many clients arriving at once would). */
    static List<McpLoadClient.Session> open(int count, Opener opener) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(20, count));
        try {
            List<Future<McpLoadClient.Session>> opening = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                opening.add(pool.submit(() -> opener.open(index)));
            }
            List<McpLoadClient.Session> sessions = new ArrayList<>();
            for (Future<McpLoadClient.Session> session : opening) {
                sessions.add(session.get(180, TimeUnit.SECONDS));
            }
            return sessions;
        } finally {
            pool.shutdown();
        }
    }
}
