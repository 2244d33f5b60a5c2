package dev.sdpmcp.transport;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The open event streams of both transports, kept alive with comments and ended when their client is gone or lets
 * too much pile up unread. The keep-alive task only queues (see {@link EventStream}): one stream's client cannot
 * delay another's keep-alives.
 */
@ApplicationScoped
public class EventStreams {

    private static final Logger LOG = Logger.getLogger(EventStreams.class.getName());

    @Resource
    ManagedExecutorService executor;

    /** Each stream with what ends it (when its client has gone, or the server stops) and whose it is (masked). */
    private final Map<EventStream, Tracked> open = new ConcurrentHashMap<>();
    /**
     * Writes the streams' frames to the network (see {@link EventStream}). Plain daemon threads, not a managed
     * executor: Liberty pauses its managed executors during the stop's quiesce, and the answers of the calls the stop
     * waits for must still reach their streams. A stream runs at most one write task at a time, and streams are bounded
     * by the session limits; past {@link #MAX_WRITERS} a stream is failed rather than queued behind others.
     */
    private final ThreadPoolExecutor writers = new ThreadPoolExecutor(0, MAX_WRITERS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), daemonThreads("sdp-mcp stream writer"));
    static final int MAX_WRITERS = 4096;
    private final AtomicLong dropped = new AtomicLong();

    private record Tracked(String owner, Runnable onEnd) {
    }

    /** Where event streams write their frames. */
    Executor writers() {
        return writers;
    }

    @PreDestroy
    void shutdown() {
        writers.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + " " + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    void track(EventStream stream, String owner, Runnable onClientGone) {
        open.put(stream, new Tracked(owner, onClientGone));
        stream.onOverflow(() -> dropped(stream, owner));
    }

    /** The stream's client let too much pile up: counted and ended now (the SDK may also end it, seeing the error). */
    private void dropped(EventStream stream, String owner) {
        dropped.incrementAndGet();
        LOG.warning(() -> "Dropped the event stream of " + owner + ": its client let more than SDP_SSE_MAX_BACKLOG_BYTES "
                + "pile up unread (a client that stopped reading, or a link too slow for what it asked for). It can reconnect.");
        end(stream, executor != null ? executor : Runnable::run);
    }

    void untrack(EventStream stream) {
        if (stream != null) {
            open.remove(stream);
        }
    }

    public int openCount() {
        return open.size();
    }

    /** Streams dropped because their client did not read what the server sent. */
    public long droppedCount() {
        return dropped.get();
    }

    /** Ends every stream as if its client had gone (the server is stopping): the client sees its stream close. */
    void endAll() {
        for (EventStream stream : open.keySet()) {
            end(stream, Runnable::run);
        }
    }

    /** Ends off the keep-alive thread: ending completes the response, which may wait for the client. */
    private void end(EventStream stream, Executor on) {
        Tracked tracked = open.remove(stream);
        if (tracked != null) {
            Runnable onEnd = () -> {
                try {
                    tracked.onEnd().run();
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "ending a stream failed", e);
                }
            };
            try {
                on.execute(onEnd);
            } catch (RejectedExecutionException e) {
                onEnd.run();
            }
        }
    }

    /** Queues one keep-alive comment on every stream and ends those whose client has disconnected or stopped reading. */
    void keepAliveAll() {
        Executor ending = executor != null ? executor : Runnable::run;
        for (Map.Entry<EventStream, Tracked> entry : open.entrySet()) {
            EventStream stream = entry.getKey();
            if (stream.isFinished()) {
                open.remove(stream); // its response completed: nothing left to end
            } else if (!stream.keepAlive()) {
                end(stream, ending);
            }
        }
    }
}
