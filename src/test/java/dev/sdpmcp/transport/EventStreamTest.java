package dev.sdpmcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EventStreamTest {

    static final ExecutorService WRITERS = Executors.newCachedThreadPool();

    static EventStream stream(ServletOutputStream out, java.util.function.Consumer<String> firstFrameListener) {
        return new EventStream(out, firstFrameListener, WRITERS, 64 * 1024);
    }

    static void awaitIdle(EventStream stream) throws InterruptedException {
        for (int i = 0; i < 500 && stream.queuedBytes() > 0; i++) {
            Thread.sleep(10);
        }
        Thread.sleep(20);
    }

    /** A client that never reads: every write blocks until released. */
    static final class Stuck extends Capture {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            super.write(b, off, len);
        }
    }

    static class Capture extends ServletOutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        volatile boolean fail;

        @Override
        public synchronized void write(int b) throws IOException {
            if (fail) {
                throw new IOException("Broken pipe");
            }
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (fail) {
                throw new IOException("Broken pipe");
            }
            bytes.write(b, off, len);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Writes events the way the SDK does: three calls, then flush. */
    static void sdkEvent(PrintWriter writer, String data) {
        writer.write("event: message\n");
        writer.write("data: " + data + "\n\n");
        writer.flush();
    }

    @Test
    void concurrentEventsAndKeepAlivesNeverInterleave() throws Exception {
        Capture out = new Capture();
        EventStream stream = stream(out, null);
        PrintWriter writer = new PrintWriter(stream);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            int thread = t;
            pool.submit(() -> {
                start.await();
                for (int i = 0; i < 200; i++) {
                    sdkEvent(writer, "{\"thread\":" + thread + ",\"i\":" + i + "}");
                    if (i % 10 == 0) {
                        stream.keepAlive();
                    }
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        stream.finish(); // waits for what is queued

        String[] frames = out.text().split("\n\n");
        int events = 0;
        for (String frame : frames) {
            if (frame.equals(": keepalive")) {
                continue;
            }
            assertTrue(frame.matches("event: message\ndata: \\{\"thread\":\\d,\"i\":\\d+}"), "corrupt frame: " + frame);
            events++;
        }
        assertEquals(1600, events);
    }

    @Test
    void firstFrameIsSeenBeforeItIsSentAndBrokenStreamsAreDetected() throws Exception {
        Capture out = new Capture();
        AtomicReference<String> seen = new AtomicReference<>();
        EventStream stream = stream(out, frame -> {
            assertEquals("", out.text(), "nothing may leave before the listener ran");
            seen.set(frame);
        });
        PrintWriter writer = new PrintWriter(stream);
        writer.write("event: endpoint\ndata: /messages?sessionId=abc\n\n");
        writer.flush();
        assertEquals("event: endpoint\ndata: /messages?sessionId=abc\n\n", seen.get());
        awaitIdle(stream);
        assertTrue(stream.keepAlive());
        awaitIdle(stream);
        out.fail = true;
        stream.keepAlive(); // queued: the write task finds the client gone
        awaitIdle(stream);
        assertTrue(stream.isBroken());
        assertFalse(stream.keepAlive());
        sdkEvent(writer, "{}");
        assertTrue(writer.checkError(), "the SDK sees the broken stream through checkError()");
    }
    @Test
    void aFinishedStreamTakesNoMoreWritesAndIsDroppedByTheKeepAlives() throws Exception {
        Capture out = new Capture();
        EventStream stream = stream(out, null);
        EventStreams streams = new EventStreams();
        boolean[] ended = {false};
        streams.track(stream, "test", () -> ended[0] = true);
        sdkEvent(new PrintWriter(stream), "{\"last\":true}");
        stream.finish(); // the response completes: Liberty would report any later write, headers and all
        streams.keepAliveAll();
        assertEquals("event: message\ndata: {\"last\":true}\n\n", out.text(), "no keep-alive after the end");
        assertEquals(0, streams.openCount(), "the finished stream is no longer tracked");
        assertFalse(ended[0], "and nothing is ended twice");
        assertFalse(stream.keepAlive());
    }

    @Test
    void aClientThatDoesNotReadDelaysNobodyAndIsDroppedPastTheBacklog() throws Exception {
        Stuck stuckOut = new Stuck();
        Capture otherOut = new Capture();
        EventStream stuck = stream(stuckOut, null);
        EventStream other = stream(otherOut, null);
        EventStreams streams = new EventStreams();
        boolean[] ended = {false, false};
        streams.track(stuck, "stuck", () -> ended[0] = true);
        streams.track(other, "other", () -> ended[1] = true);
        PrintWriter writer = new PrintWriter(stuck);
        String big = "x".repeat(10_000);
        long started = System.nanoTime();
        int sent = 0;
        while (!writer.checkError() && sent < 100) {
            sdkEvent(writer, big); // the answering thread never waits for the client
            sent++;
            streams.keepAliveAll(); // nor does the keep-alive task, and the other stream gets its comment
        }
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "nobody waited for the stuck client");
        assertTrue(writer.checkError(), "the SDK sees the dropped stream");
        assertTrue(stuck.isOverflowed());
        assertTrue(sent <= 8, "dropped past 64 KiB queued, after " + sent + " events of 10 kB");
        streams.keepAliveAll();
        assertTrue(ended[0], "the dropped stream is ended");
        assertFalse(ended[1]);
        assertEquals(1, streams.droppedCount());
        awaitIdle(other);
        assertTrue(otherOut.text().startsWith(": keepalive\n\n"), otherOut.text());
        assertEquals(1, streams.openCount());
        stuckOut.release.countDown();
    }
}
