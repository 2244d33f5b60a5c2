package dev.sdpmcp.it.faults;

import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.TestUsers;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * MCP sessions over /sse and /mcp (the SDK's own clients), each with callers making tool calls back to back; every
 * call's outcome is kept. A caller whose connection fails opens a new session, as a user's client would.
 */
final class CallLoad implements AutoCloseable {

    enum Kind {
        /** The tool answered. */
        OK,
        /** The tool answered isError with a message for people, or the server a JSON-RPC error with a message. */
        CLEAR_ERROR,
        /** The call failed at once with a connection error (the server was away): the client knows it failed. */
        REFUSED,
        /** Failed, but with nothing a person could act on (empty, a stack trace, an exception name). */
        UNCLEAR_ERROR,
        /** No answer within the deadline. */
        LOST
    }

    /** {@code user}: the index of the user in the list the load was given. */
    record Outcome(int user, Kind kind, String message, long startedMillis, long endedMillis) {
    }

    private final URL base;
    private final List<TestUsers> users;
    private final Duration deadline;
    private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    private final List<McpSyncClient> clients = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sequence = new AtomicInteger();
    private final ExecutorService callers;
    private final List<Future<?>> loops = new ArrayList<>();
    private final int activeUsers;

    /** {@code sessions} sessions (half SSE, half Streamable HTTP), {@code callersPerSession} calls in flight on each. */
    CallLoad(URL base, List<TestUsers> users, int sessions, int callersPerSession, Duration deadline) {
        this.base = base;
        this.users = users;
        this.deadline = deadline;
        this.activeUsers = Math.min(users.size(), (sessions + 1) / 2);
        this.callers = Executors.newFixedThreadPool(sessions * callersPerSession);
        for (int s = 0; s < sessions; s++) {
            int session = s;
            for (int c = 0; c < callersPerSession; c++) {
                loops.add(callers.submit(() -> loop(session)));
            }
        }
    }

    /** Sessions two by two (one per transport) for each user in turn. */
    private int userOf(int session) {
        return (session / 2) % users.size();
    }

    private void loop(int session) {
        TestUsers user = users.get(userOf(session));
        McpSyncClient client = null;
        while (running.get()) {
            if (client == null) {
                client = connect(session, user);
                if (client == null) {
                    pause(250); // the server is away: try again shortly
                    continue;
                }
            }
            Outcome outcome = call(client, userOf(session));
            outcomes.add(outcome);
            if (outcome.kind() != Kind.OK) {
                pause(50); // a person (or an agent) reads the error before trying again
            }
            if (outcome.kind() == Kind.REFUSED || outcome.kind() == Kind.LOST) {
                clients.remove(client);
                closeQuietly(client);
                client = null; // a fresh session, as a client does after losing its connection
            }
        }
        if (client != null) {
            clients.remove(client);
            closeQuietly(client);
        }
    }

    private McpSyncClient connect(int session, TestUsers user) {
        McpSyncClient client = session % 2 == 0 ? McpClients.sse(base, user.headers(), deadline)
                : McpClients.streamable(base, user.headers(), deadline);
        try {
            client.initialize();
            clients.add(client);
            return client;
        } catch (RuntimeException e) {
            closeQuietly(client);
            return null;
        }
    }

    /** Mostly reads (retried by the server), one write in five (never retried). */
    private Outcome call(McpSyncClient client, int user) {
        int n = sequence.incrementAndGet();
        McpSchema.CallToolRequest request = n % 5 == 0
                ? new McpSchema.CallToolRequest("create_request", Map.of("subject", "fault suite call " + n))
                : new McpSchema.CallToolRequest("list_requests", Map.of("page_size", 1));
        long started = System.currentTimeMillis();
        try {
            McpSchema.CallToolResult result = client.callTool(request);
            long ended = System.currentTimeMillis();
            String text = result.content().isEmpty() || !(result.content().get(0) instanceof McpSchema.TextContent t) ? "" : t.text();
            if (!Boolean.TRUE.equals(result.isError())) {
                return new Outcome(user, Kind.OK, "", started, ended);
            }
            return new Outcome(user, forPeople(text) ? Kind.CLEAR_ERROR : Kind.UNCLEAR_ERROR, text, started, ended);
        } catch (RuntimeException e) {
            long ended = System.currentTimeMillis();
            if (timedOut(e) || ended - started >= deadline.toMillis()) {
                return new Outcome(user, Kind.LOST, String.valueOf(e.getMessage()), started, ended);
            }
            if (e instanceof McpError error) {
                return new Outcome(user, forPeople(error.getMessage()) ? Kind.CLEAR_ERROR : Kind.UNCLEAR_ERROR, error.getMessage(), started, ended);
            }
            return new Outcome(user, Kind.REFUSED, root(e), started, ended);
        }
    }

    /** A message a person can act on: some words, no stack trace, no exception class. */
    static boolean forPeople(String text) {
        return text != null && text.trim().length() >= 20 && !text.contains("Exception") && !text.contains("\tat ")
                && !text.contains("failed unexpectedly");
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TimeoutException || String.valueOf(t.getMessage()).contains("Did not observe any item")) {
                return true;
            }
        }
        return false;
    }

    /** What the client saw: "connection refused" when the server was not listening, else the innermost cause. */
    private static String root(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "connection refused (the server was not listening)";
            }
            root = t;
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** Stops calling, waits for the calls in flight (each ends by its deadline), closes every session. */
    @Override
    public void close() {
        running.set(false);
        for (Future<?> loop : loops) {
            try {
                loop.get(deadline.toMillis() + 30_000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("a caller did not finish", e);
            }
        }
        callers.shutdown();
        synchronized (clients) {
            clients.forEach(CallLoad::closeQuietly);
        }
    }

    List<Outcome> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    long count(Kind kind) {
        return outcomes().stream().filter(o -> o.kind() == kind).count();
    }

    /**
     * When every user had a call succeed that started at or after {@code sinceMillis} (the last of those first
     * successes), if every user had one.
     */
    java.util.OptionalLong allRecoveredAt(long sinceMillis) {
        long last = 0;
        for (int user = 0; user < activeUsers; user++) {
            int u = user;
            java.util.OptionalLong first = outcomes().stream()
                    .filter(o -> o.user() == u && o.kind() == Kind.OK && o.startedMillis() >= sinceMillis)
                    .mapToLong(Outcome::endedMillis).min();
            if (first.isEmpty()) {
                return java.util.OptionalLong.empty();
            }
            last = Math.max(last, first.getAsLong());
        }
        return java.util.OptionalLong.of(last);
    }

    private static void closeQuietly(McpSyncClient client) {
        try {
            client.closeGracefully();
        } catch (RuntimeException ignored) {
            // the server may already be gone
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
