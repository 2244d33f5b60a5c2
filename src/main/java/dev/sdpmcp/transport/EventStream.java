package dev.sdpmcp.transport;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The writer the SDK gets for a {@code text/event-stream} response. The SDK writes an event in several calls and
 * then flushes; several threads may answer on one SSE stream at once, and the keep-alive task writes between them.
 * So each thread's writes are held until its flush and queued as one frame: events never interleave, and a
 * keep-alive comment never lands inside an event.
 *
 * <p>No caller waits for the network: frames are written in order by one task at a time on {@code writer} (the
 * container's executor), so a client that stops reading holds at most that task, never the keep-alive task shared by
 * every stream nor the request threads answering on the stream. What waits for such a client is bounded: past
 * {@code maxBacklogBytes} queued the stream is dropped ({@link #isOverflowed()}) and its owner told to end it.
 */
final class EventStream extends Writer {

    private static final byte[] KEEPALIVE = ": keepalive\n\n".getBytes(StandardCharsets.UTF_8);
    /** How long the end of a response waits for its queued frames to reach the client. */
    static final Duration FINISH_WAIT = Duration.ofSeconds(30);

    private final ServletOutputStream out;
    private final Consumer<String> firstFrameListener;
    private final Executor writer;
    private final long maxBacklogBytes;
    private final Map<Thread, StringBuilder> pending = new ConcurrentHashMap<>();
    /** Guards the queue and the flags below; never held while writing to the network. */
    private final Object lock = new Object();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    /** A write task is running (or about to): it takes frames from the queue until it is empty. */
    private boolean writing;
    private boolean firstFrameSent;
    private volatile boolean broken;
    private volatile boolean overflowed;
    /** Set as the response completes: nothing may be written after that (Liberty's incident report of such a write
     *  dumps the request, credential headers included, into the log directory). */
    private volatile boolean finished;
    /** Told once, off the lock, when the stream is dropped for its backlog. */
    private volatile Runnable onOverflow = () -> { };

    EventStream(ServletOutputStream out, Consumer<String> firstFrameListener, Executor writer, long maxBacklogBytes) {
        this.out = out;
        this.firstFrameListener = firstFrameListener;
        this.writer = writer;
        this.maxBacklogBytes = maxBacklogBytes;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        pending.computeIfAbsent(Thread.currentThread(), t -> new StringBuilder()).append(chars, offset, length);
    }

    @Override
    public void write(String text, int offset, int length) {
        pending.computeIfAbsent(Thread.currentThread(), t -> new StringBuilder()).append(text, offset, offset + length);
    }

    @Override
    public void flush() throws IOException {
        StringBuilder frame = pending.remove(Thread.currentThread());
        if (frame == null || frame.isEmpty()) {
            return;
        }
        String text = frame.toString();
        synchronized (lock) {
            if (!firstFrameSent) {
                firstFrameSent = true;
                if (firstFrameListener != null) {
                    // Runs before the frame is queued, so whatever it registers exists before the client can react.
                    firstFrameListener.accept(text);
                }
            }
            if (!enqueue(text.getBytes(StandardCharsets.UTF_8))) {
                throw new IOException(overflowed ? "the client does not read its stream: dropped"
                        : broken ? "client disconnected" : "the stream has ended");
            }
        }
    }

    /**
     * Queues a frame and starts the write task if none runs. A frame is always taken when nothing waits (an answer may
     * be larger than the bound); past the bound the stream is dropped.
     */
    private boolean enqueue(byte[] bytes) {
        boolean start;
        synchronized (lock) {
            if (broken || finished) {
                return false;
            }
            if (!queue.isEmpty() && queuedBytes + bytes.length > maxBacklogBytes) {
                overflowed = true;
                broken = true;
                queue.clear();
                queuedBytes = 0;
                lock.notifyAll();
                start = false;
            } else {
                queue.add(bytes);
                queuedBytes += bytes.length;
                start = !writing;
                writing = true;
            }
        }
        if (overflowed) {
            onOverflow.run();
            return false;
        }
        if (start) {
            try {
                writer.execute(this::drain);
            } catch (RejectedExecutionException e) {
                fail();
                return false;
            }
        }
        return true;
    }

    /** The write task: sends what is queued, in order, until the queue is empty. */
    private void drain() {
        while (true) {
            byte[] next;
            synchronized (lock) {
                next = broken ? null : queue.poll();
                if (next == null) {
                    writing = false;
                    lock.notifyAll();
                    return;
                }
            }
            try {
                out.write(next);
                out.flush();
            } catch (IOException | RuntimeException e) {
                fail();
                return;
            }
            synchronized (lock) {
                queuedBytes -= next.length;
            }
        }
    }

    private void fail() {
        synchronized (lock) {
            broken = true;
            writing = false;
            queue.clear();
            queuedBytes = 0;
            lock.notifyAll();
        }
    }

    /**
     * No more writes: the response is about to complete. Waits (at most {@link #FINISH_WAIT}) for the queued frames to
     * leave, so the last answer on a stream is not cut off; a dropped or broken stream is not waited for.
     */
    void finish() {
        long deadline = System.nanoTime() + FINISH_WAIT.toNanos();
        synchronized (lock) {
            try {
                while (writing && !broken && System.nanoTime() < deadline) {
                    lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (writing) {
                broken = true; // still not read after the wait: whatever is queued is given up
                queue.clear();
                queuedBytes = 0;
            }
            finished = true;
        }
    }

    boolean isFinished() {
        return finished;
    }

    /**
     * Queues a keep-alive comment unless a write is still in progress (the stream is not idle then, and a client that
     * does not read must not make the backlog grow); false when the client is gone, was dropped, or the stream has
     * finished.
     */
    boolean keepAlive() {
        synchronized (lock) {
            if (broken || finished) {
                return false;
            }
            if (writing) {
                return true;
            }
        }
        return enqueue(KEEPALIVE);
    }

    boolean isBroken() {
        return broken;
    }

    void onOverflow(Runnable listener) {
        onOverflow = listener;
    }

    /** Dropped because its client let more than the bound pile up. */
    boolean isOverflowed() {
        return overflowed;
    }

    /** Bytes queued and not yet written, for tests. */
    long queuedBytes() {
        synchronized (lock) {
            return queuedBytes;
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
