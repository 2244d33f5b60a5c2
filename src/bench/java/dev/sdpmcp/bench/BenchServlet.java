package dev.sdpmcp.bench;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Benchmark-only (added to the deployment by ShrinkWrap, never in the WAR): {@code /bench/floor} makes the same
 * upstream call as get_request with nothing of ours around it, the floor any proxy in this Liberty stands on;
 * {@code /bench/probe} reports the server's heap after a GC, its live threads and open file descriptors.
 */
@WebServlet(urlPatterns = "/bench/*")
public class BenchServlet extends HttpServlet {

    private static final HttpClient UPSTREAM = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String what = request.getPathInfo() == null ? "" : request.getPathInfo();
        switch (what) {
            case "/floor" -> floor(request, response);
            case "/probe" -> probe(response);
            default -> response.sendError(404);
        }
    }

    private void floor(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String url = request.getScheme() + "://127.0.0.1:" + request.getLocalPort()
                + "/sandbox/sdp/app/itdesk/api/v3/requests/" + request.getParameter("id");
        HttpRequest upstream = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/vnd.manageengine.sdp.v3+json")
                .header("Authorization", request.getHeader("Authorization")).GET().build();
        try {
            HttpResponse<byte[]> answer = UPSTREAM.send(upstream, HttpResponse.BodyHandlers.ofByteArray());
            response.setStatus(answer.statusCode());
            response.setContentType("application/json");
            response.getOutputStream().write(answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.sendError(503);
        }
    }

    private void probe(HttpServletResponse response) throws IOException {
        for (int i = 0; i < 3; i++) {
            System.gc(); // what the sessions keep, not garbage waiting for a collection
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        long fds;
        try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
            fds = open.count();
        }
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"heap\":" + heap + ",\"threads\":" + threads + ",\"fds\":" + fds
                + ",\"max_heap\":" + Runtime.getRuntime().maxMemory() + "}").getBytes(StandardCharsets.UTF_8));
    }
}
