package dev.sdpmcp.transport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The graceful stop (deployment guide §9). Once it begins, MCP requests are refused with 503 so clients go to another
 * server; the requests already running (tool calls, with their token renewals and usage rows) are waited for; then
 * every event stream and session is ended, so clients see their streams close instead of hanging until the container
 * gives up on them.
 *
 * <p>It begins when the application stops (McpEndpoints), or earlier when this server's own HTTP port starts refusing
 * connections while the application runs: that is how {@code server stop} (or SIGTERM) begins on Open Liberty, which
 * then waits up to 30 s for open requests, an SSE stream being one, before it stops the application. Only a refused
 * connection counts, twice in a row and after the port has answered once, so a slow or busy port never stops anything.
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

    private final Object lock = new Object();
    private boolean stopping;
    private boolean stopped;
    private int inFlight;
    private volatile Thread watcher;

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

    /** Starts watching this server's HTTP listener (see the class comment); ended by {@link #unwatch()}. */
    void watchListener(String host, int port) {
        Thread thread = new Thread(() -> {
            boolean answered = false;
            int refusals = 0;
            while (!Thread.currentThread().isInterrupted() && !isStopping()) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress(host, port), 2000);
                    answered = true;
                    refusals = 0;
                } catch (ConnectException refused) {
                    if (answered && ++refusals >= 2) {
                        LOG.info("Stopping: port " + port + " no longer accepts connections (the server is stopping)");
                        stop();
                        return;
                    }
                } catch (IOException slowOrUnreachable) {
                    refusals = 0; // not a proof of anything
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "sdp-mcp stop watcher");
        thread.setDaemon(true);
        watcher = thread;
        thread.start();
    }

    void unwatch() {
        Thread thread = watcher;
        if (thread != null && thread != Thread.currentThread()) {
            thread.interrupt();
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
        int openStreams = streams.openCount();
        streams.endAll();
        sessions.endAll();
        if (unfinished > 0) {
            LOG.warning("Stopped with " + unfinished + " MCP request(s) still running after " + IN_FLIGHT_LIMIT.toSeconds() + " s");
        }
        LOG.info(() -> "Stopping: " + openStreams + " event stream(s) ended");
    }
}
