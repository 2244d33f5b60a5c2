package dev.sdpmcp.http;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a MicroProfile Rest Client call answered, whatever its status: the clients of ServiceDesk Plus and Zoho read
 * their 4xx bodies (they carry the reason), so a thrown WebApplicationException is only another way to get the answer.
 */
public record HttpAnswer(int status, String body, String contentType, String retryAfter) {

    /**
     * The answer to {@code request}; when it cannot be made or read, the exception {@code failure} makes from a
     * sentence naming {@code service} and the cause (an outage to that service, never a refusal).
     */
    public static HttpAnswer of(Supplier<Response> request, String service, Function<String, RuntimeException> failure) {
        return read(received(request, service, failure), service, failure);
    }

    /** The response to {@code request} whatever its status, for a caller that reads a binary body its own way. */
    public static Response received(Supplier<Response> request, String service, Function<String, RuntimeException> failure) {
        try {
            return request.get();
        } catch (WebApplicationException e) {
            return e.getResponse();
        } catch (ProcessingException e) {
            throw failure.apply(service + " could not be reached (" + rootMessage(e) + ")");
        }
    }

    /** A received response read as text, and closed. */
    public static HttpAnswer read(Response received, String service, Function<String, RuntimeException> failure) {
        try (Response response = received) {
            return new HttpAnswer(response.getStatus(), response.hasEntity() ? response.readEntity(String.class) : "",
                    response.getHeaderString("Content-Type"), response.getHeaderString("Retry-After"));
        } catch (ProcessingException | IllegalStateException e) {
            throw failure.apply(service + "'s answer could not be read (" + rootMessage(e) + ")");
        }
    }

    /** The innermost cause, by type and message: what actually failed (a refused connection, a reset, a timeout). */
    public static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
