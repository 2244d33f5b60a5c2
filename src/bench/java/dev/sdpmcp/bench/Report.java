package dev.sdpmcp.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.openjdk.jmh.results.RunResult;

/** The report: Markdown with every figure and each target met or missed, and the latency chart (headless PNG). */
final class Report {

    private Report() {
    }

    static void chart(List<Load.Result> results, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        LogAxis concurrency = new LogAxis("concurrent sessions");
        concurrency.setTickUnit(new NumberTickUnit(1));
        concurrency.setNumberFormatOverride(new DecimalFormat("0"));
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(concurrency);
        XYPlot p50 = plot("p50 latency (ms)", results, false);
        plot.add(p50, 1);
        plot.add(plot("p99 latency (ms)", results, true), 1);
        plot.setFixedLegendItems(p50.getLegendItems()); // one legend: the same colours in both
        JFreeChart chart = new JFreeChart("get_request latency against concurrency", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        Files.createDirectories(png.getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 800);
    }

    private static final Color[] COLOURS = {new Color(0x555555), new Color(0x999999), new Color(0x1f77b4),
        new Color(0x2ca02c), new Color(0x9467bd), new Color(0xd62728), new Color(0xff7f0e)};

    private static XYPlot plot(String label, List<Load.Result> results, boolean p99) {
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (Load.Result r : results) {
            series.computeIfAbsent(r.target(), XYSeries::new).add(r.concurrency(), p99 ? r.p99Millis() : r.p50Millis());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesPaint(i, COLOURS[i % COLOURS.length]);
        }
        LogAxis millis = new LogAxis(label);
        millis.setTickUnit(new NumberTickUnit(1));
        millis.setNumberFormatOverride(new DecimalFormat("0.##"));
        millis.setSmallestValue(0.01);
        XYPlot plot = new XYPlot(data, null, millis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }

    static final String DIRECT = "direct (simulator)";
    static final String FLOOR = "floor (bare servlet)";
    static final String SSE = "sdp-mcp /sse";
    static final String MCP = "sdp-mcp /mcp 2025-11-25";
    static final String STATELESS = "sdp-mcp /mcp 2026-07-28";
    /** This server's transports, each measured against the direct call and the floor. */
    static final List<String> OURS = List.of(SSE, MCP, STATELESS);
    /** The peer's target on the same transport (it has no 2026-07-28 server). */
    static final Map<String, String> PEERS = Map.of(SSE, "TypeScript peer /sse", MCP, "TypeScript peer /mcp");
    static final List<String> WITH_PEER = List.of(SSE, MCP);

    /** "/sse", "/mcp 2025-11-25": a target of ours without the server's name. */
    private static String transport(String target) {
        return target.substring("sdp-mcp ".length());
    }

    static void markdown(StringBuilder md, Instant started, boolean quick, Duration warmUp, Duration measured,
                         List<RunResult> jmh, List<Load.Result> results, List<ServerBenchmark.Several> several,
                         List<ServerBenchmark.Held> held,
                         ServerBenchmark.Storm storm) {
        Runtime rt = Runtime.getRuntime();
        md.append("# sdp-mcp performance and reliability\n\n");
        md.append(f("Taken %s (%s run, %d s warm-up and %d s measured per point) on %d cores, %d GiB RAM, Java %s, %s.%n%n",
                started.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES), quick ? "quick" : "full",
                warmUp.toSeconds(), measured.toSeconds(), rt.availableProcessors(), totalMemoryGib(),
                System.getProperty("java.version"), System.getProperty("os.name")));
        md.append("Everything runs on this one machine: the load generator (this JVM), the server and both simulators ")
                .append("(one Liberty: the simulators answer in-process, with no network delay, so every overhead here is a ")
                .append("larger share than it would be against real ServiceDesk Plus) and the TypeScript peer. ")
                .append("The load is closed-loop: each session calls get_request again as soon as it has its answer.\n\n");

        md.append("## Targets\n\n| target | figure | |\n|---|---|---|\n");
        for (String ours : OURS) {
            double overhead = p50(results, ours, 1) - p50(results, DIRECT, 1);
            md.append(f("| p50 overhead ≤ 1 ms (%s, 1 session) | %.2f ms | %s |%n", transport(ours), overhead, met(overhead <= 1.0)));
        }
        double floorPeak = peak(results, FLOOR);
        for (String ours : OURS) {
            double rate = peak(results, ours);
            md.append(f("| throughput ≥ 80%% of the bare servlet (%s, best level) | %.0f%% (%.0f vs %.0f calls/s) | %s |%n",
                    transport(ours), 100 * rate / floorPeak, rate, floorPeak, met(rate >= 0.8 * floorPeak)));
        }
        for (String ours : WITH_PEER) {
            double rate = peak(results, ours);
            double peer = peak(results, PEERS.get(ours));
            md.append(f("| throughput ≥ 5× the TypeScript peer (%s, best level) | %.1f× (%.0f vs %.0f calls/s) | %s |%n",
                    transport(ours), rate / peer, rate, peer, met(rate >= 5 * peer)));
        }
        ServerBenchmark.Held most = held.get(held.size() - 1);
        double heapGib = (most.after().heap()) / (double) (1L << 30);
        md.append(f("| 10,000 idle sessions in ≤ 1 GiB heap | %.2f GiB in use with %,d sessions (+%.0f MiB for them) | %s |%n",
                heapGib, most.sessions(), mib(most.after().heap() - most.before().heap()),
                most.sessions() < 10_000 ? "not measured (quick run)" : met(heapGib <= 1.0)));
        md.append(f("| token storm: one token request per user | %d requests for %d users × %d calls | %s |%n%n",
                storm.tokenRequests(), storm.users(), storm.calls() / storm.users(), met(storm.tokenRequests() == storm.users())));

        md.append("## Tool-call overhead: get_request\n\n");
        md.append("`direct` calls the ServiceDesk Plus simulator's URL itself; `floor` is a bare servlet in the same Liberty ")
                .append("(benchmark-only) making that same call with java.net.http; `sdp-mcp` is this server (credential ")
                .append("check, token, tool, usage row, MCP framing) on legacy SSE, on a Streamable HTTP session ")
                .append("(2025-11-25) and stateless (2026-07-28: one POST a call, no initialize, no session); the TypeScript peer is the MCP TypeScript SDK ")
                .append("server doing the same proxying with one fixed token (a lower bound on a real peer's work).\n\n");
        md.append("| target | sessions | p50 ms | p99 ms | calls/s | failed |\n|---|---:|---:|---:|---:|---:|\n");
        for (Load.Result r : results) {
            md.append(f("| %s | %d | %.2f | %.2f | %.0f | %d |%n", r.target(), r.concurrency(), r.p50Millis(), r.p99Millis(),
                    r.callsPerSecond(), r.failures()));
        }
        md.append("\nRatios at each level (overhead = sdp-mcp p50 − direct p50; throughput as a share of the floor, and ")
                .append("as a multiple of the peer on the same transport):\n\n");
        StringBuilder head = new StringBuilder("| sessions");
        OURS.forEach(t -> head.append(" | overhead ").append(transport(t)));
        OURS.forEach(t -> head.append(" | ").append(transport(t)).append(" of floor"));
        WITH_PEER.forEach(t -> head.append(" | ").append(transport(t)).append(" vs peer"));
        md.append(head).append(" |\n|---:").append("|---:".repeat(2 * OURS.size() + WITH_PEER.size())).append("|\n");
        for (int level : ServerBenchmark.LEVELS) {
            double direct = p50(results, DIRECT, level);
            double floor = rate(results, FLOOR, level);
            md.append("| ").append(level);
            OURS.forEach(t -> md.append(f(" | %.2f ms", p50(results, t, level) - direct)));
            OURS.forEach(t -> md.append(f(" | %.0f%%", 100 * rate(results, t, level) / floor)));
            WITH_PEER.forEach(t -> md.append(f(" | %.1f×", rate(results, t, level) / rate(results, PEERS.get(t), level))));
            md.append(" |\n");
        }
        md.append("\n![latency against concurrency](latency.png)\n\n");

        md.append("## Several servers\n\n2026-07-28 get_request calls through a round-robin proxy without affinity (each ")
                .append("request to the next server), over this server alone, then over it and two more servers on the same ")
                .append(f("database and simulators (started before both measurements, each with %d s of warm-up). ",
                        ServerBenchmark.SEVERAL_WARM_UP.toSeconds()))
                .append("The proxy, a test tool (the JDK's HTTP server, 64 threads), adds its own cost to both figures. ")
                .append("On this 2-core machine all three servers, the simulators, the proxy and the load generator share ")
                .append("the two cores, so the figure shows ")
                .append("that spreading works without affinity and with no failed call, not a 3× gain.\n\n");
        md.append("| servers | sessions | p50 ms | p99 ms | calls/s | failed | calls each server answered (warm-up included) |\n")
                .append("|---:|---:|---:|---:|---:|---:|---|\n");
        for (ServerBenchmark.Several s : several) {
            Load.Result r = s.result();
            md.append(f("| %d | %d | %.2f | %.2f | %.0f | %d | %s |%n", s.servers(), r.concurrency(), r.p50Millis(),
                    r.p99Millis(), r.callsPerSecond(), r.failures(), java.util.Arrays.stream(s.served())
                            .mapToObj(n -> f("%,d", n)).collect(java.util.stream.Collectors.joining(" / "))));
        }
        md.append('\n');

        md.append("## Held sessions\n\nIdle legacy-SSE sessions (authenticated, keep-alive every 15 s), held 20 s; the server ")
                .append("measured before and after (heap after a full GC, live threads, open file descriptors).\n\n");
        md.append("| sessions | time to open all (median one) | heap before → after | heap per session | threads Δ | fds Δ | fds per session | keep-alives received |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ServerBenchmark.Held h : held) {
            long heap = h.after().heap() - h.before().heap();
            long fds = h.after().fds() - h.before().fds();
            md.append(f("| %,d | %.1f s (%d ms) | %.0f → %.0f MiB | %.1f KiB | %+d | %+d | %.2f | %,d |%n", h.sessions(),
                    h.opening().toMillis() / 1000.0, h.medianOpen().toMillis(), mib(h.before().heap()), mib(h.after().heap()),
                    heap / 1024.0 / h.sessions(), h.after().threads() - h.before().threads(), fds,
                    fds / (double) h.sessions(), h.keepAlives()));
        }
        md.append(f("%nThe server's maximum heap: %.1f GiB (JVM default: a quarter of RAM).%n%n", mib(most.after().maxHeap()) / 1024));

        md.append("## Token storm\n\n");
        md.append(f("%d users the server holds no token for, each arriving with a refresh token (header X-SDP-Refresh-Token) "
                + "on one /sse and one /mcp session, and %d concurrent get_request calls each (%,d in all, released together): "
                + "%d token requests reached the Zoho simulator, %d calls failed, all answered in %.1f s.%n%n",
                storm.users(), storm.calls() / storm.users(), storm.calls(), storm.tokenRequests(), storm.failures(),
                storm.took().toMillis() / 1000.0));

        md.append("## In-process hot paths (JMH)\n\n| benchmark | ns/op | ± (99.9%) |\n|---|---:|---:|\n");
        for (RunResult r : jmh) {
            var score = r.getPrimaryResult();
            String name = r.getParams().getBenchmark();
            md.append(f("| %s | %.0f | %.0f |%n", name.substring(name.lastIndexOf('.') + 1), score.getScore(), score.getScoreError()));
        }
        md.append("\n## Reproduce\n\n```\nmvn -B -Pbench verify            # full run, ~7 minutes\n")
                .append("mvn -B -Pbench verify -Dbench.quick=true   # smoke run\n```\n\n")
                .append("Ports and database: `-Dit.http.port=… -Dit.https.port=… -Dbench.peer.port=… -Dit.db.name=…` ")
                .append("(defaults 9480, 9481, 9482, sdp_mcp_bench). The report is written to target/benchmark/report.md ")
                .append("with target/benchmark/latency.png. The two extra servers of the several-servers measurement listen ")
                .append("on it.http.port + 20 and + 22 (9500 and 9502 by default).\n");
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String met(boolean met) {
        return met ? "met" : "**missed**";
    }

    private static double mib(long bytes) {
        return bytes / (double) (1 << 20);
    }

    private static long totalMemoryGib() {
        try {
            String line = Files.readAllLines(Path.of("/proc/meminfo")).get(0);
            return Long.parseLong(line.replaceAll("\\D", "")) >> 20;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double value(List<Load.Result> results, String target, int level, ToDoubleFunction<Load.Result> f) {
        return results.stream().filter(r -> r.target().equals(target) && r.concurrency() == level)
                .mapToDouble(f).findFirst().orElse(Double.NaN);
    }

    static double p50(List<Load.Result> results, String target, int level) {
        return value(results, target, level, Load.Result::p50Millis);
    }

    static double rate(List<Load.Result> results, String target, int level) {
        return value(results, target, level, Load.Result::callsPerSecond);
    }

    static double peak(List<Load.Result> results, String target) {
        return results.stream().filter(r -> r.target().equals(target)).mapToDouble(Load.Result::callsPerSecond).max().orElse(Double.NaN);
    }
}
