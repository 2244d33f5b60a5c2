package dev.sdpmcp.it;

import static dev.sdpmcp.it.support.Http.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.Deployments;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.RawMcp;
import dev.sdpmcp.it.support.RawSse;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.session.Transport;
import dev.sdpmcp.transport.EventStreams;
import dev.sdpmcp.transport.SessionRegistry;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Sessions end cleanly: runs inside the server, so it can see the session registry, the open streams and the
 * JVM's threads while it plays the client over real sockets.
 */
@RunsOnPostgresql
@ExtendWith(ArquillianExtension.class)
class SessionLifecycleIT {

    @Deployment
    static WebArchive app() {
        return Deployments.serverWith(SessionLifecycleIT.class);
    }

    @Inject
    SessionRegistry sessions;

    @Inject
    EventStreams streams;

    URI base() {
        return URI.create("http://127.0.0.1:" + ConfigProvider.getConfig().getValue("SDP_HTTP_PORT", Integer.class));
    }

    @Test
    void clientsThatDisconnectAbruptlyLeaveNoSessionStreamOrThread() throws Exception {
        TestUsers user = TestUsers.fresh();
        // A writer still blocked on an earlier test's client (until Liberty's write timeout) is not this test's leak.
        Set<Thread> busyBefore = threadsInsideTransport().keySet();
        int sseBefore = sessions.countByTransport().get(Transport.SSE);
        int streamsBefore = streams.openCount();

        List<RawSse> clients = new ArrayList<>();
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            RawSse sse = RawSse.open(base(), "/sse", user.headers());
            clients.add(sse);
            endpoints.add(sse.endpoint());
        }
        assertEquals(sseBefore + 20, sessions.countByTransport().get(Transport.SSE));
        assertEquals(streamsBefore + 20, streams.openCount());

        clients.forEach(RawSse::abort);
        // keep-alives (every second here) find the dead connections
        awaitTrue(() -> sessions.countByTransport().get(Transport.SSE) == sseBefore
                && streams.openCount() == streamsBefore, 15_000, "sessions and streams of the dropped clients are released");

        for (String endpoint : endpoints) {
            HttpResponse<String> late = Http.send("POST", base().resolve(endpoint), with(user.headers(), "Content-Type", "application/json"),
                    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
            assertEquals(404, late.statusCode());
        }
        awaitTrue(() -> !leftInside(busyBefore), 5_000, "no thread is left inside the MCP transport code: "
                + threadsInsideTransport());
    }

    @Test
    void idleStreamableSessionsAreReaped() throws Exception {
        TestUsers user = TestUsers.fresh();
        String session = RawMcp.initializeStreamable(base(), user);
        assertTrue(sessions.find(session).isPresent());
        // SDP_SESSION_IDLE_TIMEOUT_SECONDS=6 on the test server
        awaitTrue(() -> sessions.find(session).isEmpty(), 15_000, "the idle session is reaped");
        HttpResponse<String> late = Http.send("POST", base().resolve("/mcp"), RawMcp.streamableHeaders(user, session),
                RawMcp.TOOLS_LIST);
        assertEquals(404, late.statusCode());
    }

    @Test
    void deleteEndsAStreamableSession() {
        TestUsers user = TestUsers.fresh();
        String session = RawMcp.initializeStreamable(base(), user);
        HttpResponse<String> deleted = Http.send("DELETE", base().resolve("/mcp"), RawMcp.streamableHeaders(user, session), null);
        assertEquals(200, deleted.statusCode());
        assertTrue(sessions.find(session).isEmpty());
        HttpResponse<String> late = Http.send("POST", base().resolve("/mcp"), RawMcp.streamableHeaders(user, session),
                RawMcp.TOOLS_LIST);
        assertEquals(404, late.statusCode());
    }

    /** Each thread whose stack is inside the MCP transport code, with the top of its stack. */
    static Map<Thread, String> threadsInsideTransport() {
        Map<Thread, String> found = new HashMap<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread != Thread.currentThread() && Arrays.stream(stack).anyMatch(frame ->
                    frame.getClassName().startsWith("dev.sdpmcp.transport") || frame.getClassName().startsWith("io.modelcontextprotocol.server"))) {
                found.put(thread, thread.getName() + " " + Arrays.toString(Arrays.copyOf(stack, Math.min(12, stack.length))));
            }
        });
        return found;
    }

    private static boolean leftInside(Set<Thread> busyBefore) {
        return threadsInsideTransport().keySet().stream().anyMatch(thread -> !busyBefore.contains(thread));
    }

    static void awaitTrue(BooleanSupplier condition, long millis, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(100);
        }
    }
}
