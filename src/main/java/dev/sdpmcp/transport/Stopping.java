package dev.sdpmcp.transport;

import dev.sdpmcp.session.CallsEnded;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The graceful stop (deployment guide §9). Once it begins, MCP requests are refused with 503 so clients go to another
 * server; the requests already running (tool calls, with their token renewals and usage rows) are waited for; then
 * every event stream and session is ended, so clients see their streams close instead of hanging until the container
 * gives up on them.
 *
 * <p>It begins when the application stops (McpEndpoints), or earlier when {@link dev.sdpmcp.transport.ListenerWatch} sees
 * Liberty begin {@code server stop}.
 */
@ApplicationScoped
public class Stopping {

    private static final Logger LOG = Logger.getLogger(Stopping.class.getName());
    /** Under Liberty's 30 s quiesce, so that calls that finish in time are answered before anything is cut. */
    private static final Duration IN_FLIGHT_LIMIT = Duration.ofSeconds(25);

    @Inject
    SessionRegistry sessions;

    @Inject
    EventStreams streams;

    @Inject
    Event<CallsEnded> callsEnded;


    private final Object lock = new Object();
    private boolean stopping;
    private boolean stopped;
    private int inFlight;

    public boolean isStopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    /** Counts a request as running; false, counting nothing, once the stop has begun. */
    boolean enter() {
        synchronized (lock) {
            if (stopping) {
                return false;
            }
            inFlight++;
            return true;
        }
    }

    /** Ends the count of an entered request: now, or when its asynchronous response completes. */
    void leave(HttpServletRequest request) {
        if (!request.isAsyncStarted()) {
            leave();
            return;
        }
        request.getAsyncContext().addListener(new AsyncListener() {
            private boolean left;

            private synchronized void once() {
                if (!left) {
                    left = true;
                    leave();
                }
            }

            @Override
            public void onComplete(AsyncEvent event) {
                once();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                once();
            }

            @Override
            public void onError(AsyncEvent event) {
                once();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                event.getAsyncContext().addListener(this);
            }
        });
    }

    private void leave() {
        synchronized (lock) {
            inFlight--;
            lock.notifyAll();
        }
    }

    /** Refuses new work, waits for the requests in flight, then ends every stream and session. Runs once. */
    public void stop() {
        int unfinished;
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopping = true;
            stopped = true;
            long deadline = System.nanoTime() + IN_FLIGHT_LIMIT.toNanos();
            int waitingFor = inFlight;
            LOG.info(() -> "Stopping: new MCP requests are refused; waiting for " + waitingFor + " in flight");
            try {
                while (inFlight > 0 && System.nanoTime() < deadline) {
                    lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            unfinished = inFlight;
        }
        try {
            callsEnded.fire(new CallsEnded());
        } catch (RuntimeException e) {
            // nothing may keep the streams and sessions below from ending
            LOG.log(Level.WARNING, "Writing what the calls left failed", e);
        }
        int openStreams = streams.openCount();
        streams.endAll();
        sessions.endAll();
        if (unfinished > 0) {
            LOG.warning("Stopped with " + unfinished + " MCP request(s) still running after " + IN_FLIGHT_LIMIT.toSeconds() + " s");
        }
        LOG.info(() -> "Stopping: " + openStreams + " event stream(s) ended");
    }
}
