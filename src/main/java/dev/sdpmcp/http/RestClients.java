package dev.sdpmcp.http;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/** The MicroProfile REST clients of the ServiceDesk Plus and Zoho clients: built and closed the same way. */
public final class RestClients {

    private RestClients() {
    }

    /** A client of {@code type} at {@code baseUrl}: 5 s to connect, {@code readSeconds} for an answer. */
    public static <T> T build(Class<T> type, String baseUrl, int readSeconds) {
        return RestClientBuilder.newBuilder()
                .baseUri(URI.create(baseUrl))
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(readSeconds, TimeUnit.SECONDS)
                .build(type);
    }

    /** A plain Jakarta REST client with the same timeouts, for what a MicroProfile client cannot send the same way everywhere. */
    public static Client plain(int readSeconds) {
        return ClientBuilder.newBuilder().connectTimeout(5, TimeUnit.SECONDS).readTimeout(readSeconds, TimeUnit.SECONDS).build();
    }

    /** Closes a client when its producer's scope ends (the server stops). */
    public static void close(Object client) {
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // shutting down
            }
        }
    }
}
