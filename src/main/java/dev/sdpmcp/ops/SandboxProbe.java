package dev.sdpmcp.ops;

import dev.sdpmcp.config.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * In sandbox mode the simulators must answer at this server's /sandbox, but they are a WAR of their own
 * (sdp-sandbox.war) that production deployments leave out. Without it every authorization would fail later with an
 * unhelpful 404 from "Zoho", so a few seconds after start-up this asks the server itself and, when nothing answers
 * there, says so in the log with what to do.
 */
@ApplicationScoped
public class SandboxProbe {

    private static final Logger LOG = Logger.getLogger(SandboxProbe.class.getName());
    static final String PATH = "/sandbox/_sim/status";
    private static final long INTERVAL_SECONDS = 2;
    /** Applications start side by side: once the server answers HTTP, the sandbox WAR gets this long to appear. */
    static final Duration GRACE = Duration.ofSeconds(10);
    /** A server that never answers itself (a firewall, a proxy-only bind) gets the warning after this. */
    static final Duration PATIENCE = Duration.ofSeconds(120);

    @Inject
    Settings settings;

    @Resource
    ManagedScheduledExecutorService scheduler;

    // HTTP/1.1: the client's default asks for an h2c upgrade, and Liberty's HTTP/2 link it accepts held the server's
    // stop for a minute.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private volatile ScheduledFuture<?> task;
    private long startedAt;
    private long firstAnswerAt;

    /** Starts probing when this server is a sandbox; a server with its own ServiceDesk Plus needs no simulators. */
    void start() {
        if (!settings.sandbox()) {
            return;
        }
        URI uri = URI.create(settings.selfUrl() + PATH);
        startedAt = System.nanoTime();
        task = scheduler.scheduleWithFixedDelay(() -> probe(uri), INTERVAL_SECONDS, INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void probe(URI uri) {
        int status = status(uri);
        long now = System.nanoTime();
        if (status == 200) {
            task.cancel(false);
            return;
        }
        if (status > 0 && firstAnswerAt == 0) {
            firstAnswerAt = now;
        }
        boolean answeredWithout = firstAnswerAt != 0 && now - firstAnswerAt >= GRACE.toNanos();
        if (answeredWithout || now - startedAt >= PATIENCE.toNanos()) {
            LOG.warning(missing(settings.selfUrl(), status));
            task.cancel(false);
        }
    }

    /** The status of GET uri, or 0 without an answer. */
    private int status(URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    static String missing(String selfUrl, int status) {
        return "The sandbox WAR is not deployed: this server is a sandbox (no SDP_BASE_URL), but its simulated Zoho and "
                + "ServiceDesk Plus do not answer at " + selfUrl + "/sandbox ("
                + (status > 0 ? "HTTP " + status : "no answer") + "), so no user can authorize. The simulators are a WAR "
                + "of their own, target/sdp-sandbox.war, which production deployments leave out: deploy it next to "
                + "sdp-mcp.war (context root /sandbox; `mvn liberty:run` does), or set SDP_BASE_URL and "
                + "SDP_INSTANCE_NAME to your ServiceDesk Plus.";
    }
}
