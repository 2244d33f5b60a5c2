package dev.sdpmcp.transport;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The writer the SDK gets for a {@code text/event-stream} response. The SDK writes an event in several calls and
 * then flushes; several threads may answer on one SSE stream at once, and the keep-alive thread writes between
 * them. So each thread's writes are held until its flush and go out as one frame, under one lock: events never
 * interleave, and a keep-alive comment never lands inside an event.
 */
final class EventStream extends Writer {

    private static final byte[] KEEPALIVE = ": keepalive\n\n".getBytes(StandardCharsets.UTF_8);

    private final ServletOutputStream out;
    private final Consumer<String> firstFrameListener;
    private final Map<Thread, StringBuilder> pending = new ConcurrentHashMap<>();
    private final Object networkLock = new Object();
    private boolean firstFrameSent;
    private volatile boolean broken;
    /** Set as the response completes: nothing may be written after that (Liberty's incident report of such a write
     *  dumps the request, credential headers included, into the log directory). */
    private volatile boolean finished;

    EventStream(ServletOutputStream out, Consumer<String> firstFrameListener) {
        this.out = out;
        this.firstFrameListener = firstFrameListener;
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
        synchronized (networkLock) {
            if (!firstFrameSent) {
                firstFrameSent = true;
                if (firstFrameListener != null) {
                    // Runs before the frame leaves, so whatever it registers exists before the client can react.
                    firstFrameListener.accept(text);
                }
            }
            send(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** No more writes: the response is about to complete. Waits for a write in progress. */
    void finish() {
        synchronized (networkLock) {
            finished = true;
        }
    }

    boolean isFinished() {
        return finished;
    }

    /** Writes a keep-alive comment; false when the client is gone or the stream has finished. */
    boolean keepAlive() {
        synchronized (networkLock) {
            if (finished) {
                return false;
            }
            try {
                send(KEEPALIVE);
                return true;
            } catch (IOException | RuntimeException e) {
                broken = true;
                return false;
            }
        }
    }

    boolean isBroken() {
        return broken;
    }

    private void send(byte[] bytes) throws IOException {
        if (broken || finished) {
            throw new IOException(broken ? "client disconnected" : "the stream has ended");
        }
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
