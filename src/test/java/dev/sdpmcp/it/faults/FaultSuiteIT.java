package dev.sdpmcp.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.ClientTestBase;
import dev.sdpmcp.it.support.Db;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.McpClients;
import dev.sdpmcp.it.support.PrivatePostgres;
import dev.sdpmcp.it.support.RawMcp;
import dev.sdpmcp.it.support.RawSse;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.SdpSim;
import dev.sdpmcp.it.support.SecondServer;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ToolTestBase;
import dev.sdpmcp.it.support.ZohoSim;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault suite: Zoho and ServiceDesk Plus misbehaving (through the simulators' knobs) and clients vanishing, each
 * under load from MCP sessions of both transports. For every scenario: each call answered (a result or an error a
 * person can act on) and none lost, no authorization lost, no session or busy thread left behind, and the time
 * until calls succeed again. The table goes to target/fault-report.md.
 */
@RunsOnPostgresql
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT extends ClientTestBase {

    /** Longer than the server's longest answer (a read: 30 s timeout, tried three times: about 92 s), shorter than a hang. */
    static final Duration DEADLINE = Duration.ofSeconds(120);
    static final int USERS = 4;
    static final int SESSIONS = 8;
    static final int CALLERS_PER_SESSION = 2;
    static final long FAULT_MILLIS = 6_000;

    /** One line of the report. */
    record Row(String scenario, long calls, long ok, long clearErrors, long refused, long unclear, long lost, int tokensLost,
               int sessionsLeft, int threadsLeft, double recoverySeconds, String sample) {
    }

    static final Map<String, Row> REPORT = Collections.synchronizedMap(new LinkedHashMap<>());

    ZohoSim zoho() {
        return new ZohoSim(uri(""));
    }

    SdpSim sdp() {
        return new SdpSim(uri(""));
    }

    /** The server under load: where it answers, its Liberty server name, and whether a user's authorization is stored. */
    record Target(URI root, String serverName, Predicate<TestUsers> stored) {
        URL url() {
            try {
                return root.toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }

        ServerFigures figures() {
            return new ServerFigures(root, serverName);
        }
    }

    /** The server Arquillian manages, on the test run's PostgreSQL. */
    Target mainServer() {
        String name = Path.of(System.getProperty("it.server.dir", "sdp-test")).getFileName().toString(); // -Dit.server.name
        return new Target(uri(""), name, user -> !Db.rowsUnchecked("oauth_tokens", user.clientId()).isEmpty());
    }

    @BeforeEach
    void heal() {
        sdp().clearFaults();
        // the load would exceed the simulator's 600 calls a minute: rate limiting is a scenario of its own
        sdp().limits("calls_per_minute=100000&retry_after=true&latency_ms=0");
        zoho().limits("down=false&latency_ms=0&window_seconds=600&tokens_per_window=10");
    }

    /** The simulators as other tests expect them: default limits, and this load's calls not counted in their minute. */
    @AfterEach
    void restoreSimulators() {
        heal();
        sdp().limits("calls_per_minute=600");
        sdp().clearRateWindows();
    }

    @AfterAll
    static void restoreAndWriteReport() throws IOException {
        StringBuilder md = new StringBuilder("# Fault suite\n\nEach scenario under load from ").append(SESSIONS)
                .append(" MCP sessions (half /sse, half /mcp), ").append(CALLERS_PER_SESSION)
                .append(" calls in flight on each; a call is lost if it has no answer within ").append(DEADLINE.toSeconds())
                .append(" s. \"Refused\": the call failed at once because the server was away (the client knew).\n\n")
                .append("| scenario | calls | ok | clear errors | refused | unclear errors | lost | tokens lost | sessions left | threads left | recovery (s) |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        synchronized (REPORT) {
            for (Row r : REPORT.values()) {
                md.append("| ").append(r.scenario).append(" | ").append(r.calls).append(" | ").append(r.ok).append(" | ")
                        .append(r.clearErrors).append(" | ").append(r.refused).append(" | ").append(r.unclear).append(" | ")
                        .append(r.lost).append(" | ").append(r.tokensLost).append(" | ").append(r.sessionsLeft).append(" | ")
                        .append(r.threadsLeft).append(" | ").append(String.format(java.util.Locale.ROOT, "%.1f", r.recoverySeconds))
                        .append(" |\n");
            }
            md.append("\nWhat users were told (one message per scenario):\n\n");
            for (Row r : REPORT.values()) {
                md.append("- ").append(r.scenario).append(": ").append(r.sample.isEmpty() ? "(no error)" : r.sample.replace('\n', ' '))
                        .append("\n");
            }
        }
        Files.writeString(Path.of("target", "fault-report.md"), md.toString());
    }

    // ------------------------------------------------------------------------------------------ the scenarios

    @Test
    @Order(1)
    void servicedeskAnswers5xx() throws Exception {
        scenario("ServiceDesk Plus answers 503", true,
                users -> sdp().fault("count=100000&status=503"), () -> sdp().clearFaults());
    }

    @Test
    @Order(2)
    void servicedeskAnswers429WithRetryAfter() throws Exception {
        scenario("ServiceDesk Plus answers 429 with Retry-After: 2", true,
                users -> sdp().fault("count=100000&status=429&retry_after=2"), () -> sdp().clearFaults());
    }

    @Test
    @Order(3)
    void servicedeskAnswersSlowly() throws Exception {
        scenario("ServiceDesk Plus answers after 3 s", false,
                users -> sdp().limits("latency_ms=3000"), () -> sdp().limits("latency_ms=0"));
    }

    @Test
    @Order(4)
    void servicedeskAnswersAMalformedBody() throws Exception {
        scenario("ServiceDesk Plus answers a malformed (HTML) body", true,
                users -> sdp().fault("count=100000&malformed=true"), () -> sdp().clearFaults());
    }

    @Test
    @Order(5)
    void servicedeskDropsTheConnection() throws Exception {
        scenario("ServiceDesk Plus drops the connection mid-answer", true,
                users -> sdp().fault("count=100000&drop=true"), () -> sdp().clearFaults());
    }

    @Test
    @Order(6)
    void zohoIsDown() throws Exception {
        scenario("Zoho Accounts down (503) while access tokens expire", true, users -> {
            zoho().limits("down=true");
            users.forEach(zoho()::expireAccessTokens);
        }, () -> zoho().limits("down=false"));
    }

    @Test
    @Order(7)
    void zohoIsSlow() throws Exception {
        scenario("Zoho Accounts answers after 3 s while access tokens expire", false, users -> {
            zoho().limits("latency_ms=3000");
            users.forEach(zoho()::expireAccessTokens);
        }, () -> zoho().limits("latency_ms=0"));
    }

    @Test
    @Order(8)
    void zohoThrottles() throws Exception {
        scenario("Zoho Accounts throttles token requests while access tokens expire", true, users -> {
            zoho().limits("window_seconds=" + FAULT_MILLIS / 1000); // Zoho's block lasts one window
            users.forEach(zoho()::throttle);
            users.forEach(zoho()::expireAccessTokens);
        }, () -> zoho().limits("window_seconds=600"));
    }

    @Test
    @Order(9)
    void hundredsOfClientsDisconnectAbruptly() throws Exception {
        Target target = mainServer();
        List<TestUsers> users = authorizedUsers(target);
        Baseline before = Baseline.of(target.figures());
        List<Integer> codeExchanges = codeExchanges(users);
        long cleared;
        List<String> dropped = new ArrayList<>();
        try (CallLoad load = new CallLoad(base, users, 4, 1, DEADLINE)) {
            CallLoad.pause(2_000);
            sdp().limits("latency_ms=1500"); // calls are in flight when their clients vanish
            // sixteen users, so that no one holds more sessions than SDP_MAX_SESSIONS_PER_USER (20) allows
            List<TestUsers> dropping = new ArrayList<>(users);
            for (int i = users.size(); i < 16; i++) {
                dropping.add(ToolTestBase.authorizedUser(target.root(), zoho()));
            }
            dropped.addAll(dropClients(dropping, 150, 100));
            sdp().limits("latency_ms=0");
            cleared = System.currentTimeMillis();
            awaitRecovery(load, cleared);
            record(target, "250 clients disconnect abruptly (" + String.join(", ", dropped) + ")", false, load, users,
                    codeExchanges, before, cleared);
        }
    }

    /** A second server process on a PostgreSQL cluster of this test's own, sharing the first server's simulators. */
    static final String SECOND = "sdp-faults";

    int secondPort() {
        return Integer.getInteger("it.second.port", Integer.getInteger("it.http.port", 9080) + 2);
    }

    Map<String, String> secondServerSettings(PrivatePostgres pg) {
        Map<String, String> env = new java.util.HashMap<>(pg.serverSettings());
        env.putAll(SecondServer.sharingSandboxOf(uri("")));
        return env;
    }

    Target secondServer(PrivatePostgres pg) {
        return new Target(URI.create("http://127.0.0.1:" + secondPort()), SECOND, user -> {
            try (var db = pg.connect(); var query = db.prepareStatement("SELECT count(*) FROM oauth_tokens WHERE client_id = ?")) {
                query.setString(1, user.clientId());
                try (var rows = query.executeQuery()) {
                    return rows.next() && rows.getInt(1) > 0;
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    @Order(10)
    void postgresqlStopsAndStartsUnderLoad() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.create("fault-pg");
             SecondServer server = SecondServer.start(SECOND, secondPort(), secondServerSettings(pg))) {
            scenario(secondServer(pg), "PostgreSQL stopped for 6 s and started again", false, false,
                    users -> pg.stop(), pg::start);
        }
    }

    @Test
    @Order(11)
    void theServerRestartsUnderLoad() throws Exception {
        try (PrivatePostgres pg = PrivatePostgres.create("fault-pg")) {
            AtomicReference<SecondServer> server = new AtomicReference<>(SecondServer.start(SECOND, secondPort(), secondServerSettings(pg)));
            try {
                // graceful stop, away for the fault's time, started again: clients reconnect
                scenario(secondServer(pg), "the server restarted (graceful stop, start) under load", false, true,
                        users -> server.get().stop(),
                        () -> server.set(SecondServer.start(SECOND, secondPort(), secondServerSettings(pg))));
            } finally {
                server.get().close();
            }
        }
    }

    // ------------------------------------------------------------------------------------------ the machinery

    interface Fault {
        void inject(List<TestUsers> users) throws Exception;
    }

    interface Clear {
        void clear() throws Exception;
    }

    record Baseline(int sessions, int busyThreads, int jvmThreads) {
        static Baseline of(ServerFigures server) {
            return new Baseline(server.sessions(), server.busyThreads(), server.jvmThreads());
        }
    }

    /** CallLoad, then the fault for a while, then cleared: measures and asserts as described on the class. */
    void scenario(String name, boolean failuresExpected, Fault fault, Clear clear) throws Exception {
        scenario(mainServer(), name, failuresExpected, false, fault, clear);
    }

    void scenario(Target target, String name, boolean failuresExpected, boolean refusalsAllowed, Fault fault, Clear clear)
            throws Exception {
        List<TestUsers> users = authorizedUsers(target);
        ServerFigures server = target.figures();
        Baseline before = Baseline.of(server);
        List<Integer> codeExchanges = codeExchanges(users);
        long cleared;
        try (CallLoad load = new CallLoad(target.url(), users, SESSIONS, CALLERS_PER_SESSION, DEADLINE)) {
            CallLoad.pause(2_000);
            try {
                fault.inject(users);
                CallLoad.pause(FAULT_MILLIS);
            } finally {
                cleared = System.currentTimeMillis(); // recovery counts from the moment the fault is being removed
                clear.clear();
            }
            awaitRecovery(load, cleared);
            if (failuresExpected) {
                assertTrue(load.count(CallLoad.Kind.CLEAR_ERROR) + load.count(CallLoad.Kind.UNCLEAR_ERROR) > 0,
                        name + ": the fault reached no caller, so this scenario proved nothing");
            }
            record(target, name, refusalsAllowed, load, users, codeExchanges, before, cleared);
        }
    }

    /** Keeps the load running until every user had a call succeed that started after the fault was cleared, and a little longer. */
    static void awaitRecovery(CallLoad load, long cleared) {
        long giveUp = cleared + 150_000;
        while (load.allRecoveredAt(cleared).isEmpty() && System.currentTimeMillis() < giveUp) {
            CallLoad.pause(100);
        }
        CallLoad.pause(2_000);
    }

    /** Closes the load, measures what is left and records the row; then asserts the zeros. */
    void record(Target target, String name, boolean refusalsAllowed, CallLoad load, List<TestUsers> users, List<Integer> codeExchanges,
                Baseline before, long cleared) throws Exception {
        load.close();
        ServerFigures server = target.figures();
        java.util.OptionalLong recovered = load.allRecoveredAt(cleared);
        double recovery = recovered.isPresent() ? (recovered.getAsLong() - cleared) / 1000.0 : Double.NaN;
        int tokensLost = tokensLost(target, users, codeExchanges);
        int sessionsLeft = settle(server::sessions, before.sessions(), 20_000);
        int threadsLeft = settle(server::busyThreads, before.busyThreads(), 20_000);
        String sample = load.outcomes().stream().filter(o -> o.kind() != CallLoad.Kind.OK).map(CallLoad.Outcome::message)
                .findFirst().orElse("");
        Row row = new Row(name, load.outcomes().size(), load.count(CallLoad.Kind.OK), load.count(CallLoad.Kind.CLEAR_ERROR),
                load.count(CallLoad.Kind.REFUSED), load.count(CallLoad.Kind.UNCLEAR_ERROR), load.count(CallLoad.Kind.LOST), tokensLost,
                sessionsLeft, threadsLeft, recovery, sample);
        REPORT.put(name, row);
        System.out.println("FAULT SUITE " + row);

        List<String> unclear = load.outcomes().stream().filter(o -> o.kind() == CallLoad.Kind.UNCLEAR_ERROR
                || (!refusalsAllowed && o.kind() == CallLoad.Kind.REFUSED)).map(o -> o.kind() + " " + o.message()).distinct().limit(5).toList();
        assertTrue(unclear.isEmpty(), name + ": failures a person cannot act on: " + unclear);
        assertEquals(0, row.lost(), name + ": calls lost without an answer: " + row);
        assertEquals(0, tokensLost, name + ": users who lost their authorization");
        assertEquals(0, sessionsLeft, name + ": sessions left behind");
        assertEquals(0, threadsLeft, name + ": threads left busy in the application");
        assertFalse(Double.isNaN(recovery), name + ": calls did not succeed again within 90 s");
        assertTrue(row.ok() > 0, name + ": no call succeeded at all");
    }

    /** Waits for a figure to come back to its baseline; what is still above it then. */
    static int settle(IntSupplier figure, int baseline, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        int now = figure.getAsInt();
        while (now > baseline && System.currentTimeMillis() < deadline) {
            CallLoad.pause(500);
            now = figure.getAsInt();
        }
        return Math.max(0, now - baseline);
    }

    List<TestUsers> authorizedUsers(Target target) {
        List<TestUsers> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(ToolTestBase.authorizedUser(target.root(), zoho()));
        }
        return users;
    }

    List<Integer> codeExchanges(List<TestUsers> users) {
        return users.stream().map(u -> zoho().stat(u, "code_exchanges")).toList();
    }

    /**
     * Users whose authorization did not survive: no stored refresh token any more, a call that fails after recovery,
     * or a new grant code exchanged (authorizing again).
     */
    int tokensLost(Target target, List<TestUsers> users, List<Integer> codeExchangesBefore) {
        int lost = 0;
        for (int i = 0; i < users.size(); i++) {
            TestUsers user = users.get(i);
            boolean stored = target.stored().test(user);
            boolean works;
            McpSyncClient client = McpClients.streamable(target.url(), user.headers(), DEADLINE);
            try {
                client.initialize();
                works = !Boolean.TRUE.equals(client.callTool(new McpSchema.CallToolRequest("list_requests", Map.of("page_size", 1))).isError());
            } finally {
                client.closeGracefully();
            }
            boolean sameAuthorization = zoho().stat(user, "code_exchanges") == codeExchangesBefore.get(i);
            if (!(stored && works && sameAuthorization)) {
                lost++;
            }
        }
        return lost;
    }

    /**
     * {@code sse} SSE and {@code streamable} Streamable HTTP clients that each start a tool call and vanish with a TCP
     * reset before its answer; what was dropped.
     */
    List<String> dropClients(List<TestUsers> users, int sse, int streamable) throws Exception {
        ExecutorService openers = Executors.newFixedThreadPool(16);
        List<Future<Runnable>> opened = new ArrayList<>();
        for (int i = 0; i < sse + streamable; i++) {
            TestUsers user = users.get(i % users.size());
            boolean overSse = i < sse;
            opened.add(openers.submit(() -> overSse ? sseCallInFlight(user) : streamableCallInFlight(user)));
        }
        List<Runnable> resets = new ArrayList<>();
        for (Future<Runnable> reset : opened) {
            resets.add(reset.get(60, TimeUnit.SECONDS));
        }
        openers.shutdown();
        CallLoad.pause(300);
        resets.forEach(Runnable::run);
        return List.of(sse + " over /sse", streamable + " over /mcp");
    }

    /** An SSE session with a tool call posted and not yet answered; resetting its stream's connection. */
    private Runnable sseCallInFlight(TestUsers user) throws IOException {
        RawSse stream = RawSse.open(URI.create(base.toString()), "/sse", user.headers());
        String endpoint = stream.endpoint();
        URI messages = uri(endpoint);
        Map<String, String> json = Http.with(user.headers(), "Content-Type", "application/json");
        Http.send("POST", messages, json, RawMcp.INITIALIZE.formatted("2024-11-05"));
        Http.send("POST", messages, json, RawMcp.INITIALIZED);
        rawPost(messages, json, TOOL_CALL).close();
        return stream::abort;
    }

    /** A Streamable HTTP session with a tool call in flight; resetting the connection its answer would come on. */
    private Runnable streamableCallInFlight(TestUsers user) throws IOException {
        String session = RawMcp.initializeStreamable(URI.create(base.toString()), user);
        Socket call = rawPost(uri("/mcp"), RawMcp.streamableHeaders(user, session), TOOL_CALL);
        return () -> {
            try {
                call.setSoLinger(true, 0);
                call.close();
            } catch (IOException ignored) {
                // already gone
            }
        };
    }

    static final String TOOL_CALL = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"list_requests\","
            + "\"arguments\":{\"page_size\":1}}}";

    /** POSTs over a bare socket and returns it without reading the answer. */
    static Socket rawPost(URI uri, Map<String, String> headers, String body) throws IOException {
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder("POST " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nContent-Length: " + bytes.length + "\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
        out.flush();
        return socket;
    }
}
