package dev.sdpmcp.transport;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
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

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
        if (writer != null) {
            return writer;
        }
        String contentType = getContentType();
        // A legacy SSE stream (the only response with a first-frame listener) is one whatever its content type says
        // yet: the SDK's SSE transport (2.2.0) takes its writer before it sets text/event-stream.
        boolean legacyStream = firstFrameListener != null;
        if (legacyStream || (contentType != null && contentType.startsWith("text/event-stream"))) {
            // nginx and other proxies must pass each event on at once.
            setHeader("X-Accel-Buffering", "no");
            eventStream = new EventStream(getResponse().getOutputStream(), firstFrameListener, streamWriter, maxBacklogBytes);
            writer = new PrintWriter(eventStream);
            onStreamOpened.accept(eventStream);
        } else {
            writer = super.getWriter();
        }
        return writer;
    }
}
