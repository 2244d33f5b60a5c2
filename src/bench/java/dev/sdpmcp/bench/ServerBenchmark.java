package dev.sdpmcp.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.it.support.Deployments;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.RoundRobinProxy;
import dev.sdpmcp.it.support.SdpSim;
import dev.sdpmcp.it.support.SecondServer;
import dev.sdpmcp.it.support.TestUsers;
import dev.sdpmcp.it.support.ZohoSim;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmark (mvn -Pbench verify): every scenario of the performance targets in one run, each beside its baseline,
 * written to target/benchmark/report.md and latency.png. Asserts only correctness (no failed call, one token request
 * per user in the storm); the targets are reported, met or missed, with the numbers.
 */
@ExtendWith(ArquillianExtension.class)
class ServerBenchmark {

    static final boolean QUICK = Boolean.getBoolean("bench.quick");
    static final int[] LEVELS = {1, 10, 50, 200};
    static final int[] HELD = QUICK ? new int[] {200, 1_000} : new int[] {1_000, 5_000, 10_000};
    static final Duration WARM_UP = Duration.ofSeconds(QUICK ? 1 : 3);
    static final Duration MEASURED = Duration.ofSeconds(QUICK ? 2 : 6);
    static final int USERS = 20;
    static final int STORM_USERS = 20;
    static final int STORM_CALLS = 100;
    static final int SEVERAL_SESSIONS = QUICK ? 20 : 50;
    /** Long enough for the two servers started for it, which have served nothing yet, to compile their hot paths. */
    static final Duration SEVERAL_WARM_UP = Duration.ofSeconds(QUICK ? 5 : 10);

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.server().addClass(BenchServlet.class); // benchmark-only: never in target/sdp-mcp.war
    }

    @ArquillianResource
    URL base;

    URI uri(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }

    ZohoSim zoho() {
        return new ZohoSim(uri(""));
    }

    @Test
    void benchmark() throws Exception {
        Path dir = Path.of(System.getProperty("bench.dir", "target/benchmark"));
        Files.createDirectories(dir);
        StringBuilder report = new StringBuilder();
        Instant started = Instant.now();

        List<RunResult> jmh = hotPaths();

        // the simulator's ServiceDesk Plus limits calls per minute like the real one; the benchmark measures speed
        new SdpSim(uri("")).limits("calls_per_minute=1000000000");
        List<TestUsers> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(TestUsers.authorized(uri("")));
        }
        String api = uri("/sandbox/sdp/app/itdesk/api/v3").toString();
        String token = accessTokenByHand(TestUsers.fresh());
        Map<String, String> bearer = Map.of("Authorization", "Zoho-oauthtoken " + token,
                "Accept", "application/vnd.manageengine.sdp.v3+json");
        String requestId = firstRequestId(api, bearer);

        Process peer = startPeer(api, token);
        List<Load.Result> results = new ArrayList<>();
        try {
            URI peerBase = URI.create("http://127.0.0.1:" + System.getProperty("bench.peer.port", "9482"));
            Map<String, Load.Opener> targets = new LinkedHashMap<>();
            targets.put(Report.DIRECT, i -> new McpLoadClient.Get(URI.create(api + "/requests/"), bearer));
            targets.put(Report.FLOOR, i -> new McpLoadClient.Get(uri("/bench/floor?id="), bearer));
            targets.put(Report.SSE, i -> new McpLoadClient.Sse(uri(""), "/sse", users.get(i % USERS).headers(), true));
            targets.put(Report.MCP, i -> new McpLoadClient.Streamable(uri("/mcp"), users.get(i % USERS).headers()));
            targets.put(Report.STATELESS, i -> new McpLoadClient.Stateless(uri("/mcp"), users.get(i % USERS).headers()));
            targets.put(Report.PEERS.get(Report.SSE), i -> new McpLoadClient.Sse(peerBase, "/sse", Map.of(), true));
            targets.put(Report.PEERS.get(Report.MCP), i -> new McpLoadClient.Streamable(peerBase.resolve("/mcp"), Map.of()));
            for (int level : LEVELS) {
                for (var target : targets.entrySet()) {
                    results.add(measure(target.getKey(), level, target.getValue(), requestId, WARM_UP));
                }
            }
        } finally {
            peer.destroy();
            peer.waitFor(10, TimeUnit.SECONDS);
        }
        Report.chart(results, dir.resolve("latency.png"));
        List<Several> several = severalServers(users, requestId);

        List<Held> held = new ArrayList<>();
        for (int count : HELD) {
            held.add(hold(count, users));
        }
        Storm storm = tokenStorm(requestId);

        write(report, started, jmh, results, several, held, storm);
        Files.writeString(dir.resolve("report.md"), report);
        System.out.println(report);

        for (Load.Result r : results) {
            assertEquals(0, r.failures(), r.target() + " at " + r.concurrency() + ": failed calls " + r.errors());
        }
        for (Several s : several) {
            assertEquals(0, s.result().failures(), s.result().target() + ": failed calls " + s.result().errors());
            int all = java.util.Arrays.stream(s.served()).sum();
            for (int i = 0; i < s.served().length; i++) {
                // round robin sends each a third; a quarter shows the spreading without depending on the last calls
                assertTrue(s.served()[i] >= all / (s.served().length + 1), s.result().target() + ": server " + i
                        + " answered " + s.served()[i] + " of " + all);
            }
        }
        assertEquals(0, storm.failures, "token storm: failed calls " + storm.firstError);
        assertEquals(STORM_USERS, storm.tokenRequests, "token requests that reached Zoho in the storm");
        for (Held h : held) {
            // a new SSE stream must get its endpoint event at once, not with the first keep-alive (15 s later)
            assertTrue(h.medianOpen().toMillis() < 5_000, h.sessions() + " sessions: median time to open " + h.medianOpen());
        }
    }

    // ---- set-up ----

    /** An access token obtained at the simulated Zoho as a user would with curl, for the calls that bypass this server. */
    String accessTokenByHand(TestUsers user) throws Exception {
        String refresh = zoho().refreshTokenByHand(user);
        HttpResponse<String> answer = Http.send("POST", uri("/sandbox/zoho/oauth/v2/token"),
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "grant_type=refresh_token&client_id="
                        + enc(user.clientId()) + "&client_secret=" + enc(user.clientSecret()) + "&refresh_token=" + enc(refresh));
        String token = McpLoadClient.JSON.readTree(answer.body()).path("access_token").asText();
        assertTrue(!token.isEmpty(), answer.body());
        return token;
    }

    static String firstRequestId(String api, Map<String, String> bearer) throws Exception {
        HttpResponse<String> page = Http.send("GET", URI.create(api + "/requests?input_data="
                + enc("{\"list_info\":{\"row_count\":1}}")), bearer, null);
        assertEquals(200, page.statusCode(), page.body());
        return McpLoadClient.JSON.readTree(page.body()).path("requests").path(0).path("id").asText();
    }

    Process startPeer(String api, String token) throws Exception {
        File dir = new File(System.getProperty("it.node.dir", "target/node-clients"));
        ProcessBuilder builder = new ProcessBuilder("node", "bench-peer.mjs", System.getProperty("bench.peer.port", "9482"), api)
                .directory(dir).redirectErrorStream(true);
        builder.environment().put("SDP_ACCESS_TOKEN", token); // not on the command line, where ps would show it
        Process peer = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"listening".equals(line)) {
            peer.destroy();
            throw new IllegalStateException("the TypeScript peer did not start: " + line);
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> System.out.println("[peer] " + l)), "peer-output");
        drain.setDaemon(true);
        drain.start();
        return peer;
    }

    // ---- JMH ----

    static List<RunResult> hotPaths() throws Exception {
        int iterations = QUICK ? 1 : 3;
        return new ArrayList<>(new Runner(new OptionsBuilder().include(HotPaths.class.getName()).forks(0)
                .warmupIterations(iterations).warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(1)).build()).run());
    }

    static Load.Result measure(String target, int level, Load.Opener opener, String requestId, Duration warmUp)
            throws Exception {
        Load.Result result = Load.run(target, level, opener, requestId, warmUp, MEASURED);
        System.out.printf(Locale.ROOT, "%-24s %4d: p50 %.2f ms p99 %.2f ms %.0f calls/s, %d failed %s%n",
                result.target(), level, result.p50Millis(), result.p99Millis(), result.callsPerSecond(),
                result.failures(), result.errors());
        return result;
    }

    // ---- several servers ----

    /** One proxy measurement: the load, and the calls the proxy sent each server (warm-up included). */
    record Several(int servers, Load.Result result, int[] served) {
    }

    /**
     * 2026-07-28 calls through a round-robin proxy, over this server alone, then over it and two more on the same
     * database and simulators. The two are started first, so both measurements share the machine with them.
     */
    List<Several> severalServers(List<TestUsers> users, String requestId) throws Exception {
        Map<String, String> env = SecondServer.sharingSandboxOf(uri(""));
        try (SecondServer b = SecondServer.start("bench-b", base.getPort() + 20, env);
                SecondServer c = SecondServer.start("bench-c", base.getPort() + 22, env)) {
            return List.of(throughProxy(users, requestId, uri("")),
                    throughProxy(users, requestId, uri(""), b.base(), c.base()));
        }
    }

    Several throughProxy(List<TestUsers> users, String requestId, URI... servers) throws Exception {
        try (RoundRobinProxy proxy = RoundRobinProxy.over(servers)) {
            String target = "proxy over " + servers.length + (servers.length == 1 ? " server" : " servers");
            Load.Result result = measure(target, SEVERAL_SESSIONS,
                    i -> new McpLoadClient.Stateless(proxy.base().resolve("/mcp"), users.get(i % users.size()).headers()), requestId,
                    SEVERAL_WARM_UP);
            int[] served = new int[servers.length];
            for (int i = 0; i < served.length; i++) {
                served[i] = proxy.served(i);
            }
            return new Several(servers.length, result, served);
        }
    }

    // ---- held sessions ----

    record Probe(long heap, int threads, long fds, long maxHeap) {
    }

    record Held(int sessions, Duration opening, Duration medianOpen, Probe before, Probe after, long keepAlives) {
    }

    Probe probe() throws Exception {
        HttpResponse<String> answer = Http.send("GET", uri("/bench/probe"), Map.of(), null);
        JsonNode node = McpLoadClient.JSON.readTree(answer.body());
        return new Probe(node.path("heap").asLong(), node.path("threads").asInt(), node.path("fds").asLong(),
                node.path("max_heap").asLong());
    }

    /** Opens idle SSE sessions, holds them past one keep-alive (15 s), measures the server, closes them. */
    Held hold(int count, List<TestUsers> users) throws Exception {
        Thread.sleep(17_000); // streams closed earlier are noticed at the next keep-alive: let them go first
        Probe before = probe();
        org.HdrHistogram.ConcurrentHistogram opens = new org.HdrHistogram.ConcurrentHistogram(3);
        long start = System.nanoTime();
        List<McpLoadClient.Session> sessions = Load.open(count, i -> {
            long began = System.nanoTime();
            McpLoadClient.Session session = new McpLoadClient.Sse(uri(""), "/sse", users.get(i % users.size()).headers(), false);
            opens.recordValue((System.nanoTime() - began) / 1_000_000);
            return session;
        });
        Duration opening = Duration.ofNanos(System.nanoTime() - start);
        Duration medianOpen = Duration.ofMillis(opens.getValueAtPercentile(50));
        long keepAlivesBefore = McpLoadClient.Sse.KEEPALIVES.get();
        Thread.sleep(QUICK ? 16_000 : 20_000);
        long keepAlives = McpLoadClient.Sse.KEEPALIVES.get() - keepAlivesBefore;
        Probe after = probe();
        System.out.printf(Locale.ROOT, "held %d SSE sessions: opened in %d ms, heap +%d MiB, threads +%d, fds +%d, keep-alives %d%n",
                count, opening.toMillis(), (after.heap - before.heap) >> 20, after.threads - before.threads,
                after.fds - before.fds, keepAlives);
        sessions.forEach(McpLoadClient.Session::close);
        return new Held(count, opening, medianOpen, before, after, keepAlives);
    }

    // ---- token storm ----

    record Storm(int users, int calls, int failures, String firstError, int tokenRequests, Duration took) {
    }

    /** Users the server holds nothing for, each arriving with a refresh token and 100 calls at once. */
    Storm tokenStorm(String requestId) throws Exception {
        List<TestUsers> users = new ArrayList<>();
        List<String> refreshTokens = new ArrayList<>();
        for (int i = 0; i < STORM_USERS; i++) {
            TestUsers user = TestUsers.fresh();
            users.add(user);
            refreshTokens.add(zoho().refreshTokenByHand(user));
        }
        int before = tokenRequests(users);
        McpLoadClient.TIMEOUT = Duration.ofMinutes(10); // 2,000 calls at once queue on 2 cores: correctness, not speed
        ExecutorService pool = Executors.newFixedThreadPool(STORM_USERS * STORM_CALLS);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger failures = new AtomicInteger();
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<McpLoadClient.Session> sessions = new ArrayList<>();
        List<Future<?>> calls = new ArrayList<>();
        long start;
        try {
            for (int u = 0; u < STORM_USERS; u++) {
                Map<String, String> headers = Http.with(users.get(u).headers(), "X-SDP-Refresh-Token", refreshTokens.get(u));
                McpLoadClient.Session sse = new McpLoadClient.Sse(uri(""), "/sse", headers, true);
                McpLoadClient.Session streamable = new McpLoadClient.Streamable(uri("/mcp"), headers);
                sessions.add(sse);
                sessions.add(streamable);
                for (int c = 0; c < STORM_CALLS; c++) {
                    McpLoadClient.Session session = c % 2 == 0 ? sse : streamable;
                    calls.add(pool.submit(() -> {
                        go.await();
                        try {
                            session.getRequest(requestId);
                        } catch (Exception e) {
                            failures.incrementAndGet();
                            errors.add(e.toString());
                        }
                        return null;
                    }));
                }
            }
            start = System.nanoTime();
            go.countDown();
            for (Future<?> call : calls) {
                call.get(15, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
            sessions.forEach(McpLoadClient.Session::close);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        int made = tokenRequests(users) - before;
        users.forEach(zoho()::tokens); // remembered for the secret scans
        System.out.printf("token storm: %d users x %d calls in %d ms, %d token requests, %d failed%n", STORM_USERS,
                STORM_CALLS, took.toMillis(), made, failures.get());
        return new Storm(STORM_USERS, STORM_USERS * STORM_CALLS, failures.get(), errors.isEmpty() ? "" : errors.get(0), made, took);
    }

    int tokenRequests(Collection<TestUsers> users) {
        return users.stream().mapToInt(u -> zoho().stat(u, "token_requests")).sum();
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---- the report ----

    void write(StringBuilder md, Instant started, List<RunResult> jmh, List<Load.Result> results, List<Several> several,
               List<Held> held, Storm storm) {
        Report.markdown(md, started, QUICK, WARM_UP, MEASURED, jmh, results, several, held, storm);
    }
}
