package dev.sdpmcp.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.http.HttpAnswer;
import dev.sdpmcp.http.RestClients;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * HTTP to ServiceDesk Plus, with the instance's fault tolerance: a timeout per call, one circuit breaker for the
 * instance (only failures of the service count: not a user's bad input, not rate limiting, not a wrong address that
 * answers HTML), and retries for reads only — a write that timed out may have happened, so it is never repeated
 * behind the user's back. Thresholds: microprofile-config.properties.
 */
@ApplicationScoped
@Timeout(value = 30, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
        failOn = {SdpUnavailable.class, TimeoutException.class})
public class SdpHttp {

    /** A longer Retry-After is reported to the user instead of waited for. */
    static final long MAX_RETRY_AFTER_WAIT_SECONDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SdpRestClient api;

    @Inject
    SdpAddress endpoint;

    private Client uploads;

    /** What ServiceDesk Plus answered: its HTTP status and its JSON body, or a file (its bytes and content type). */
    record Answer(int status, JsonNode body, byte[] file, String fileType) {

        Answer(int status, JsonNode body) {
            this(status, body, null, null);
        }
    }

    @Retry(maxRetries = 2, delay = 400, jitter = 200,
            retryOn = {SdpUnavailable.class, TimeoutException.class, SdpRateLimited.WaitedOut.class})
    public Answer read(String path, String inputData, String token) {
        return answer(() -> api.get(path, queryValue(inputData), authorization(token)), true, url(path));
    }

    public Answer write(String method, String path, String inputData, String token) {
        Form form = inputData == null ? new Form() : new Form("input_data", inputData);
        return answer(() -> switch (method) {
            case "POST" -> api.post(path, form, authorization(token));
            case "PUT" -> api.put(path, form, authorization(token));
            case "DELETE" -> api.delete(path, queryValue(inputData), authorization(token));
            default -> throw new IllegalArgumentException(method);
        }, false, url(path));
    }

    /**
     * A file sent as multipart/form-data, one part named input_file (docs/sdp-api-fidelity.md §18); never repeated. Sent
     * with a plain Jakarta REST client and the list's declared type (a GenericEntity): Jersey's MicroProfile client
     * (Payara) passes an entity's class alone, and its EntityPart writer takes only a List&lt;EntityPart&gt;.
     */
    public Answer upload(String path, String fileName, String mediaType, byte[] content, String token) {
        List<EntityPart> parts;
        try {
            parts = List.of(EntityPart.withName("input_file").fileName(fileName).mediaType(mediaType)
                    .content(new ByteArrayInputStream(content)).build());
        } catch (IOException e) {
            throw new IllegalStateException("a part of bytes in memory cannot fail", e);
        }
        Entity<GenericEntity<List<EntityPart>>> body = Entity.entity(new GenericEntity<>(parts) {
        }, MediaType.MULTIPART_FORM_DATA_TYPE);
        return answer(() -> uploads().target(url(path)).request(SdpRestClient.V3_JSON)
                .header("Authorization", authorization(token)).put(body), false, url(path));
    }

    private synchronized Client uploads() {
        if (uploads == null) {
            uploads = RestClients.plain(60);
        }
        return uploads;
    }

    @PreDestroy
    synchronized void close() {
        if (uploads != null) {
            uploads.close();
        }
    }

    /**
     * A file's bytes (a binary body, read up to {@code maxBytes} and no further: {@link SdpFileTooLarge} past it), or,
     * when ServiceDesk Plus answers JSON instead, that answer as any other.
     */
    @Retry(maxRetries = 2, delay = 400, jitter = 200,
            retryOn = {SdpUnavailable.class, TimeoutException.class, SdpRateLimited.WaitedOut.class})
    public Answer download(String path, String token, long maxBytes) {
        Response response = HttpAnswer.received(() -> api.get(path, null, authorization(token)), "ServiceDesk Plus",
                SdpUnavailable::new);
        String type = response.getHeaderString("Content-Type");
        boolean file = response.getStatus() == 200 && (type == null || !type.toLowerCase(Locale.ROOT).contains("json")
                && !type.toLowerCase(Locale.ROOT).contains("html"));
        if (!file) {
            return answer(HttpAnswer.read(response, "ServiceDesk Plus", SdpUnavailable::new), true, url(path));
        }
        try (response; InputStream body = response.readEntity(InputStream.class)) {
            if (response.getLength() > maxBytes) {
                throw new SdpFileTooLarge(response.getLength());
            }
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new SdpFileTooLarge(-1);
            }
            return new Answer(200, JSON.createObjectNode(), bytes, type);
        } catch (IOException | ProcessingException e) {
            throw new SdpUnavailable("ServiceDesk Plus's file could not be read (" + HttpAnswer.rootMessage(e) + ")");
        }
    }

    /** input_data for the query, percent-encoded (every character but the unreserved ones): see SdpRestClient.InputDataQuery. */
    static String queryValue(String inputData) {
        return inputData == null ? null : URLEncoder.encode(inputData, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String url(String path) {
        return endpoint.apiUrl() + "/" + path;
    }

    private static String authorization(String token) {
        return "Zoho-oauthtoken " + token;
    }

    private static Answer answer(Supplier<Response> request, boolean read, String url) {
        return answer(HttpAnswer.of(request, "ServiceDesk Plus", SdpUnavailable::new), read, url);
    }

    private static Answer answer(HttpAnswer answer, boolean read, String url) {
        int status = answer.status();
        String body = answer.body();
        if (status == 401) {
            throw new SdpUnauthorized(message(body));
        }
        if (status == 429) {
            Long retryAfter = retryAfter(answer.retryAfter());
            if (read && retryAfter != null && retryAfter <= MAX_RETRY_AFTER_WAIT_SECONDS) {
                sleep(retryAfter);
                throw new SdpRateLimited.WaitedOut(retryAfter);
            }
            // Without Retry-After (SDP's usual answer) the caller backs off before trying again: see SdpClient.
            throw new SdpRateLimited(retryAfter);
        }
        if (status >= 500) {
            throw new SdpUnavailable("ServiceDesk Plus answered HTTP " + status);
        }
        String type = answer.contentType();
        boolean html = (type != null && type.toLowerCase(Locale.ROOT).contains("html")) || body.stripLeading().startsWith("<");
        if (html) {
            throw new SdpNotTheApi(url, status, true);
        }
        try {
            return new Answer(status, JSON.readTree(body.isEmpty() ? "{}" : body));
        } catch (IOException e) {
            if (looksLikeJson(type, body)) {
                // the API's answer, cut off or garbled on the way: a failure of the service, not of the setting
                throw new SdpUnavailable("ServiceDesk Plus's answer was cut off or garbled");
            }
            throw new SdpNotTheApi(url, status, false);
        }
    }

    private static boolean looksLikeJson(String type, String body) {
        String start = body.stripLeading();
        return (type != null && type.toLowerCase(Locale.ROOT).contains("json")) || start.startsWith("{") || start.startsWith("[");
    }

    private static String message(String body) {
        try {
            JsonNode messages = JSON.readTree(body).path("response_status");
            JsonNode first = (messages.isArray() ? messages.path(0) : messages).path("messages").path(0);
            return first.path("message").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static Long retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: rare enough to treat as "unknown"
        }
    }

    private static void sleep(long seconds) {
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
