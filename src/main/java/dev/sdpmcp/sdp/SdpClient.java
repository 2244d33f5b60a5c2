package dev.sdpmcp.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.metrics.Circuits;
import dev.sdpmcp.tokens.TokenException;
import dev.sdpmcp.tokens.TokenService;
import dev.sdpmcp.zoho.ZohoEndpoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * ServiceDesk Plus as the tools use it: calls made with the calling user's own token (renewed once if refused; a
 * renewed token still refused lacks a scope, remembered in {@link MissingScopes}),
 * input_data written once for every module, envelopes checked, and every failure turned into a sentence a person can
 * act on (docs/sdp-api-fidelity.md §2).
 */
@ApplicationScoped
public class SdpClient {

    public static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SdpHttp calls;

    @Inject
    TokenService tokens;

    @Inject
    Circuits circuits;

    @Inject
    ZohoEndpoints endpoints;

    /** Pauses before each repeated read that was limited without Retry-After: doubling, 3 s in all (the @Timeout is 30 s). */
    static final List<Duration> THROTTLE_BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2));

    private final MissingScopes missingScopes = new MissingScopes(10_000);

    public JsonNode get(SdpCaller caller, String path, ObjectNode inputData) throws SdpException {
        return run(caller, "GET", path, inputData);
    }

    public JsonNode post(SdpCaller caller, String path, ObjectNode inputData) throws SdpException {
        return run(caller, "POST", path, inputData);
    }

    public JsonNode put(SdpCaller caller, String path, ObjectNode inputData) throws SdpException {
        return run(caller, "PUT", path, inputData);
    }

    public JsonNode delete(SdpCaller caller, String path) throws SdpException {
        return run(caller, "DELETE", path, null);
    }

    /** A DELETE that names what to remove, e.g. the requests to unlink. */
    public JsonNode delete(SdpCaller caller, String path, ObjectNode inputData) throws SdpException {
        return run(caller, "DELETE", path, inputData);
    }

    /**
     * A record that may not exist: empty when ServiceDesk Plus answers that it is not found (HTTP 404, code 4007), so
     * that the caller can look elsewhere; any other failure is reported as by {@link #get}.
     */
    public Optional<JsonNode> find(SdpCaller caller, String path) throws SdpException {
        return find(caller, path, null);
    }

    private Optional<JsonNode> find(SdpCaller caller, String path, ObjectNode inputData) throws SdpException {
        SdpHttp.Answer answer = exchange(caller, "GET", path, inputData);
        return answer.status() == 404 ? Optional.empty() : Optional.of(checked(answer, path));
    }

    /** {"root": entity}: the input_data of an add or update. */
    public static ObjectNode input(String root, JsonNode entity) {
        ObjectNode input = JSON.createObjectNode();
        input.set(root, entity);
        return input;
    }

    private JsonNode run(SdpCaller caller, String method, String path, ObjectNode inputData) throws SdpException {
        return checked(exchange(caller, method, path, inputData), path);
    }

    /**
     * A file added to a record: {@code path} is its upload URL (e.g. requests/12/upload), sent as multipart/form-data
     * (docs/sdp-api-fidelity.md §18); the answer checked as any other write's.
     */
    public JsonNode upload(SdpCaller caller, String path, String fileName, String mediaType, byte[] content) throws SdpException {
        return checked(exchange(caller, "PUT", path, false, token -> calls.upload(path, fileName, mediaType, content, token)), path);
    }

    /** A file's bytes and content type, from a download URL; refused past {@code maxBytes}, never read further. */
    public record File(byte[] bytes, String contentType) {
    }

    public File download(SdpCaller caller, String path, long maxBytes) throws SdpException {
        try {
            SdpHttp.Answer answer = exchange(caller, "GET", path, true, token -> calls.download(path, token, maxBytes));
            if (answer.file() == null) {
                checked(answer, path);
                throw new SdpException("ServiceDesk Plus answered " + path + " without the file; try again, or open it in "
                        + "ServiceDesk Plus.");
            }
            return new File(answer.file(), answer.fileType());
        } catch (SdpFileTooLarge large) {
            throw new SdpException("The file is larger than this server passes on (" + maxBytes + " bytes, "
                    + "SDP_MAX_ATTACHMENT_BYTES" + (large.declared > 0 ? "; it has " + large.declared + " bytes" : "")
                    + "): open it in ServiceDesk Plus instead.");
        }
    }

    private SdpHttp.Answer exchange(SdpCaller caller, String method, String path, ObjectNode inputData) throws SdpException {
        boolean read = method.equals("GET");
        String input = inputData == null ? null : inputData.toString();
        return exchange(caller, method, path, read, token -> read ? calls.read(path, input, token) : calls.write(method, path, input, token));
    }

    /** One call with the caller's token: renewed once if refused, rate limits and outages turned into words. */
    private SdpHttp.Answer exchange(SdpCaller caller, String method, String path, boolean read,
            Function<String, SdpHttp.Answer> call) throws SdpException {
        String user = caller.user().clientId();
        String scope = Scopes.needed(method, path);
        String token = token(() -> tokens.accessToken(caller.user(), caller.baseUrl()));
        if (missingScopes.lacks(user, token, scope)) {
            throw missingScope(scope, read, false);
        }
        SdpHttp.Answer answer;
        try {
            try {
                answer = send(() -> call.apply(token), read);
            } catch (SdpUnauthorized refused) {
                if (missingScopes.verifiedFresh(user, token)) {
                    // this token was renewed and refused already: it is fresh, so the scope is what is missing
                    missingScopes.remember(user, token, scope);
                    throw missingScope(scope, read, true);
                }
                // Expired or revoked early, or a scope the grant lacks (the 401 does not say): renew once and see.
                String renewed = token(() -> tokens.replaceRejected(caller.user(), caller.baseUrl(), token));
                try {
                    answer = send(() -> call.apply(renewed), read);
                } catch (SdpUnauthorized again) {
                    missingScopes.remember(user, renewed, scope);
                    throw missingScope(scope, read, true);
                }
            }
        } catch (SdpRateLimited limited) {
            throw new SdpException("ServiceDesk Plus is limiting the request rate (status 4015). Try again in "
                    + (limited.retryAfterSeconds == null ? "a minute (its limits count calls per minute)"
                            : limited.retryAfterSeconds < 2 ? "a few seconds" : limited.retryAfterSeconds + " seconds")
                    + (read ? "." : "; nothing was changed."));
        } catch (SdpNotTheApi wrong) {
            throw new SdpException(notTheApi(wrong, read));
        } catch (SdpUnavailable | TimeoutException down) {
            String why = down instanceof TimeoutException ? "it did not answer in time" : down.getMessage();
            throw new SdpException("ServiceDesk Plus is not answering properly (" + why + "). "
                    + (read ? "Try again in a minute." : "The change may or may not have been made: look before trying again."));
        } catch (CircuitBreakerOpenException open) {
            circuits.refused(Circuits.Name.SERVICEDESK);
            throw new SdpException("Calls to ServiceDesk Plus are paused for a short while after repeated failures. "
                    + "Try again in a minute" + (read ? "." : "; nothing was changed."));
        }
        circuits.succeeded(Circuits.Name.SERVICEDESK);
        return answer;
    }

    /**
     * A read limited without Retry-After (SDP's usual answer, fidelity §13) is tried again after a pause that doubles,
     * {@link #THROTTLE_BACKOFF}, never at once; each try is one call through the circuit breaker, which does not count
     * being limited as failing. Writes are never repeated.
     */
    private static SdpHttp.Answer send(Supplier<SdpHttp.Answer> call, boolean read) {
        if (!read) {
            return call.get();
        }
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (SdpRateLimited limited) {
                if (limited.retryAfterSeconds != null || attempt >= THROTTLE_BACKOFF.size()) {
                    throw limited;
                }
                try {
                    Thread.sleep(THROTTLE_BACKOFF.get(attempt).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw limited;
                }
            }
        }
    }

    private interface TokenRequest {
        String get() throws TokenException;
    }

    /** A token for the call; when there is none, why and what to do (the token service's words). */
    private static String token(TokenRequest request) throws SdpException {
        try {
            return request.get();
        } catch (TokenException none) {
            throw new SdpException(none.getMessage());
        }
    }

    private SdpException missingScope(String scope, boolean read, boolean justRefused) {
        return new SdpException("ServiceDesk Plus refuses your authorization for this: it lacks the scope " + scope
                + (justRefused ? " (your token was just renewed and is still refused)" : " (ServiceDesk Plus refused it "
                        + "for this before, with the token you have now)") + (read ? "." : "; nothing was changed.")
                + " Scopes are fixed when a grant code is generated, so to add it: generate a new grant code in "
                + endpoints.consoleUrl() + " with " + scope + " among its scopes (every tool of this server works with "
                + ZohoEndpoints.SCOPES + "), then call the authorize tool with it (\"authorize with code 1000.…\"). Until "
                + "then, calls that need " + scope + " are answered at once, without asking ServiceDesk Plus.");
    }

    private String notTheApi(SdpNotTheApi wrong, boolean read) {
        return "The ServiceDesk Plus address this server is configured with did not answer as the API does: "
                + wrong.url + " gave " + (wrong.html ? "an HTML page (a login page, probably)" : "a body that is not JSON")
                + " with HTTP " + wrong.status + (read ? "." : "; nothing was changed.") + " The server's administrator "
                + "must correct SDP_BASE_URL: either the site with SDP_INSTANCE_NAME set to the portal, e.g. "
                + "SDP_BASE_URL=https://sdpondemand.manageengine.com and SDP_INSTANCE_NAME=itdesk for "
                + "https://sdpondemand.manageengine.com/app/itdesk/api/v3, or the API base itself, e.g. "
                + "SDP_BASE_URL=https://helpdesk.example.com/api/v3 for a site that answers without /app/<portal>.";
    }

    /** The body, if its response_status says success; otherwise what went wrong, in words. */
    static JsonNode checked(SdpHttp.Answer answer, String path) throws SdpException {
        JsonNode status = answer.body().path("response_status");
        if (status.isArray()) {
            status = status.path(0);
        }
        int code = status.path("status_code").asInt(answer.status() < 300 ? 2000 : 4000);
        if (code < 3000 && answer.status() < 400) {
            return answer.body();
        }
        if (code < 4000 && answer.status() < 400) {
            // 3000, a warning: ServiceDesk Plus did not do it (a close without the resolution its rules need, say)
            throw new SdpWarning(fieldsOf(status), warningText(status));
        }
        List<String> problems = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (JsonNode message : status.path("messages")) {
            problems.add(explain(message, path));
            if (message.path("status_code").asInt() == 4012) {
                message.path("fields").forEach(f -> missing.add(f.asText()));
            }
        }
        if (problems.isEmpty()) {
            problems.add(explain(status, path));
        }
        String text = "ServiceDesk Plus refused this: " + String.join(" ", problems);
        throw missing.isEmpty() ? new SdpRefused(text) : new SdpMissingFields(missing, text);
    }

    static String explain(JsonNode message, String path) {
        int code = message.path("status_code").asInt(0);
        String field = message.path("field").asText("");
        String text = message.path("message").asText("");
        String of = field.isEmpty() ? "" : " \"" + field + "\"";
        return switch (code) {
            case 4001 -> "The value given for" + (of.isEmpty() ? " a field" : of) + " does not exist, is not in use, or "
                    + "you may not set it" + detail(text) + ". Check the name or id (the get_… lookup tools list valid values).";
            case 4002 -> "You are not allowed to do this in ServiceDesk Plus" + detail(text) + ".";
            case 4005 -> "It is still referred to elsewhere, so it cannot be deleted" + detail(text) + ".";
            case 4007 -> "Not found: " + path + " does not exist or you cannot see it" + detail(text) + ".";
            case 4008 -> "The value of" + of + " must be unique and is already used" + detail(text) + ".";
            case 4009, 4014 -> "The field" + of + " cannot be changed" + detail(text) + ".";
            case 4012 -> "Mandatory fields are missing: " + fields(message, field) + ". Give them and try again.";
            case 4015 -> "ServiceDesk Plus is limiting the request rate; try again in a minute.";
            case 4016 -> "A date or time is not valid here" + detail(text) + ".";
            case 4021 -> "The value of" + of + " has the wrong type" + detail(text) + ".";
            case 4022 -> "Your authorization was refused" + detail(text) + ".";
            case 7001 -> "Your ServiceDesk Plus license does not allow this" + detail(text) + ".";
            default -> text.contains("EXTRA_KEY") || text.toLowerCase().contains("extra key")
                    ? "This server sent a field ServiceDesk Plus does not accept" + of + detail(text) + " (a bug: please report it)."
                    : (text.isEmpty() ? "status " + code : text) + ".";
        };
    }

    /** The fields a warning names, from its messages (or the status itself). */
    private static List<String> fieldsOf(JsonNode status) {
        List<String> names = new ArrayList<>();
        status.path("fields").forEach(f -> names.add(f.asText()));
        for (JsonNode message : status.path("messages")) {
            message.path("fields").forEach(f -> names.add(f.asText()));
            if (message.hasNonNull("field")) {
                names.add(message.get("field").asText());
            }
        }
        return names.stream().distinct().toList();
    }

    private static String warningText(JsonNode status) {
        List<String> texts = new ArrayList<>();
        for (JsonNode message : status.path("messages")) {
            if (!message.path("message").asText("").isBlank()) {
                texts.add(message.path("message").asText());
            }
        }
        List<String> fields = fieldsOf(status);
        return "ServiceDesk Plus answered with a warning and did not do this"
                + (texts.isEmpty() ? "" : ": " + String.join(" ", texts))
                + (fields.isEmpty() ? "." : " (fields: " + String.join(", ", fields) + ").");
    }

    private static String fields(JsonNode message, String field) {
        List<String> names = new ArrayList<>();
        message.path("fields").forEach(f -> names.add(f.asText()));
        if (names.isEmpty() && !field.isEmpty()) {
            names.add(field);
        }
        return names.isEmpty() ? "(not named)" : String.join(", ", names);
    }

    private static String detail(String text) {
        return text.isEmpty() ? "" : " (" + text + ")";
    }

    /** Rows read page after page, and whether they are all there or {@code maxPages} cut them off. */
    public record Rows(List<JsonNode> items, boolean complete) {
    }

    /** Every row of a list, 100 a page, but never more than {@code maxPages} pages: bounded, whatever the list's size. */
    public Rows rows(SdpCaller caller, String path, String root, int maxPages) throws SdpException {
        return pages(caller, path, root, maxPages, false).orElseThrow();
    }

    /** As {@link #rows}, but empty when the instance does not know the list's URL (HTTP 404 on its first page). */
    public Optional<Rows> rowsIfServed(SdpCaller caller, String path, String root, int maxPages) throws SdpException {
        return pages(caller, path, root, maxPages, true);
    }

    private Optional<Rows> pages(SdpCaller caller, String path, String root, int maxPages, boolean mayBeUnknown)
            throws SdpException {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 1; page <= maxPages; page++) {
            ObjectNode query = new ListInfo(page, ListInfo.MAX_PAGE_SIZE, null, null, null, null, false).toInputData();
            Optional<JsonNode> answer = page == 1 && mayBeUnknown ? find(caller, path, query) : Optional.of(get(caller, path, query));
            if (answer.isEmpty()) {
                return Optional.empty();
            }
            rowsOf(answer.get(), root).forEach(items::add);
            if (!answer.get().path("list_info").path("has_more_rows").asBoolean(false)) {
                return Optional.of(new Rows(items, true));
            }
        }
        return Optional.of(new Rows(items, false));
    }

    /**
     * The rows of a list answer: under the expected root, or else under the one list the answer carries — the
     * documentation is not consistent about child lists ("notes" or "request_notes"), so both are read.
     */
    public static JsonNode rowsOf(JsonNode body, String root) {
        if (body.has(root)) {
            return body.path(root);
        }
        var fields = body.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            if (field.getValue().isArray() && !field.getKey().equals("response_status")) {
                return field.getValue();
            }
        }
        return body.path(root);
    }
}
