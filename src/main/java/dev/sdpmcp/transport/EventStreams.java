package dev.sdpmcp.transport;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The open event streams of both transports, kept alive with comments and ended when their client is gone. */
@ApplicationScoped
public class EventStreams {

    private static final Logger LOG = Logger.getLogger(EventStreams.class.getName());

    /** Each stream with what ends it (when its client has gone, or the server stops). */
    private final Map<EventStream, Runnable> open = new ConcurrentHashMap<>();

    void track(EventStream stream, Runnable onClientGone) {
        open.put(stream, onClientGone);
    }

    void untrack(EventStream stream) {
        if (stream != null) {
            open.remove(stream);
        }
    }

    public int openCount() {
        return open.size();
    }

    /** Ends every stream as if its client had gone (the server is stopping): the client sees its stream close. */
    void endAll() {
        for (EventStream stream : open.keySet()) {
            end(stream);
        }
    }

    private void end(EventStream stream) {
        Runnable onEnd = open.remove(stream);
        if (onEnd != null) {
            try {
                onEnd.run();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "ending a stream failed", e);
            }
        }
    }

    /** Sends one keep-alive comment on every stream and ends those whose client has disconnected. */
    void keepAliveAll() {
        for (Map.Entry<EventStream, Runnable> entry : open.entrySet()) {
            if (entry.getKey().isFinished()) {
                open.remove(entry.getKey()); // its response completed: nothing left to end
            } else if (!entry.getKey().keepAlive()) {
                end(entry.getKey());
            }
        }
    }
}
