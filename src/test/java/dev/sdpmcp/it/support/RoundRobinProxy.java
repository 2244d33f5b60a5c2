package dev.sdpmcp.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A load balancer without affinity, made for tests: each request goes to the next server in turn, whatever it carries,
 * and the answer comes back whole (enough for the stateless protocol, whose answers are single JSON messages).
 */
public final class RoundRobinProxy implements AutoCloseable {

    /** Headers the JDK's client sets itself (or refuses), and hop-by-hop ones. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive");

    private final List<URI> servers;
    private final HttpServer listener;
    private final ExecutorService workers = Executors.newFixedThreadPool(64); // more than the benchmark's sessions
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicIntegerArray served;

    private RoundRobinProxy(List<URI> servers) throws IOException {
        this.servers = List.copyOf(servers);
        this.served = new AtomicIntegerArray(servers.size());
        listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        listener.createContext("/", this::forward);
        listener.setExecutor(workers);
        listener.start();
    }

    /** Starts a proxy on a free loopback port over the given server roots. */
    public static RoundRobinProxy over(URI... servers) {
        try {
            return new RoundRobinProxy(List.of(servers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + listener.getAddress().getPort());
    }

    /** How many requests server {@code index} (in the order given) has been sent. */
    public int served(int index) {
        return served.get(index);
    }

    private void forward(HttpExchange exchange) throws IOException {
        int index = Math.floorMod(next.getAndIncrement(), servers.size());
        served.incrementAndGet(index);
        try (exchange) {
            String root = servers.get(index).toString().replaceAll("/$", "");
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + exchange.getRequestURI()))
                    .timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            response.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.equals(":status")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] body = response.body();
            exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        listener.stop(0);
        workers.shutdownNow();
    }
}
