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

    static final class Capture extends ServletOutputStream {
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
        EventStream stream = new EventStream(out, null);
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
    void firstFrameIsSeenBeforeItIsSentAndBrokenStreamsAreDetected() {
        Capture out = new Capture();
        AtomicReference<String> seen = new AtomicReference<>();
        EventStream stream = new EventStream(out, frame -> {
            assertEquals("", out.text(), "nothing may leave before the listener ran");
            seen.set(frame);
        });
        PrintWriter writer = new PrintWriter(stream);
        writer.write("event: endpoint\ndata: /messages?sessionId=abc\n\n");
        writer.flush();
        assertEquals("event: endpoint\ndata: /messages?sessionId=abc\n\n", seen.get());
        assertTrue(stream.keepAlive());
        out.fail = true;
        assertFalse(stream.keepAlive());
        assertTrue(stream.isBroken());
        sdkEvent(writer, "{}");
        assertTrue(writer.checkError(), "the SDK sees the broken stream through checkError()");
    }
    @Test
    void aFinishedStreamTakesNoMoreWritesAndIsDroppedByTheKeepAlives() throws Exception {
        Capture out = new Capture();
        EventStream stream = new EventStream(out, null);
        EventStreams streams = new EventStreams();
        boolean[] ended = {false};
        streams.track(stream, () -> ended[0] = true);
        sdkEvent(new PrintWriter(stream), "{\"last\":true}");
        stream.finish(); // the response completes: Liberty would report any later write, headers and all
        streams.keepAliveAll();
        assertEquals("event: message\ndata: {\"last\":true}\n\n", out.text(), "no keep-alive after the end");
        assertEquals(0, streams.openCount(), "the finished stream is no longer tracked");
        assertFalse(ended[0], "and nothing is ended twice");
        assertFalse(stream.keepAlive());
    }
}
