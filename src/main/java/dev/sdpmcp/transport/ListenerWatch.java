package dev.sdpmcp.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.logging.Logger;

/**
 * Notices the beginning of {@code server stop} on Open Liberty, which tells applications only after its quiesce: by then
 * it has waited up to 30 s for open requests, and an SSE stream is one. The quiesce begins by closing the HTTP
 * listener, so this server's own port refusing connections while the application runs means the server is stopping.
 * Only a refused connection counts, twice in a row and after the port has answered once: a slow or busy port never
 * stops anything. A plain daemon thread, since Liberty's managed executors may pause during the quiesce.
 */
public final class ListenerWatch {

    private static final Logger LOG = Logger.getLogger(ListenerWatch.class.getName());

    private ListenerWatch() {
    }

    /** Probes host:port twice a second until it refuses connections, then runs {@code onStop} once; interrupt to end. */
    public static Thread start(String host, int port, Runnable onStop) {
        Thread thread = new Thread(() -> {
            boolean answered = false;
            int refusals = 0;
            while (!Thread.currentThread().isInterrupted()) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress(host, port), 2000);
                    answered = true;
                    refusals = 0;
                } catch (ConnectException refused) {
                    if (answered && ++refusals >= 2) {
                        LOG.info("Port " + port + " no longer accepts connections: the server is stopping");
                        onStop.run();
                        return;
                    }
                } catch (IOException slowOrUnreachable) {
                    refusals = 0; // proves nothing
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "sdp-mcp listener watch");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
