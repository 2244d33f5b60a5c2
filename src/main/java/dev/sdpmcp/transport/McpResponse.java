package dev.sdpmcp.transport;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** A response on an MCP endpoint: event streams get an {@link EventStream} writer and anti-buffering headers. */
final class McpResponse extends HttpServletResponseWrapper {

    private final Consumer<String> firstFrameListener;
    private final Consumer<EventStream> onStreamOpened;
    private final Executor streamWriter;
    private final long maxBacklogBytes;
    private volatile EventStream eventStream;
    private PrintWriter writer;

    McpResponse(HttpServletResponse response, Consumer<String> firstFrameListener, Consumer<EventStream> onStreamOpened,
            Executor streamWriter, long maxBacklogBytes) {
        super(response);
        this.streamWriter = streamWriter;
        this.maxBacklogBytes = maxBacklogBytes;
        this.firstFrameListener = firstFrameListener;
        this.onStreamOpened = onStreamOpened;
    }

    EventStream eventStream() {
        return eventStream;
    }

    /** The response is completing: its event stream, if any, takes no more writes. */
    void finishStream() {
        EventStream stream = eventStream;
        if (stream != null) {
            stream.finish();
        }
    }

    /**
     * Decides at the first write, not here, whether the answer is an event stream: the SDK's SSE transport asks for
     * the writer before it sets the content type.
     */
    @Override
    public synchronized PrintWriter getWriter() {
        if (writer == null) {
            writer = new PrintWriter(new Writer() {
                private Writer target;

                private Writer target() throws IOException {
                    if (target == null) {
                        target = open();
                    }
                    return target;
                }

                @Override
                public void write(char[] chars, int offset, int length) throws IOException {
                    target().write(chars, offset, length);
                }

                @Override
                public void flush() throws IOException {
                    target().flush();
                }

                @Override
                public void close() throws IOException {
                    target().close();
                }
            });
        }
        return writer;
    }

    private Writer open() throws IOException {
        String contentType = getContentType();
        if (contentType == null || !contentType.startsWith("text/event-stream")) {
            return super.getWriter();
        }
        // nginx and other proxies must pass each event on at once.
        setHeader("X-Accel-Buffering", "no");
        EventStream stream = new EventStream(getResponse().getOutputStream(), firstFrameListener, streamWriter,
                maxBacklogBytes);
        eventStream = stream;
        onStreamOpened.accept(stream);
        return stream;
    }
}
