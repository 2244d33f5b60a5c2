package dev.sdpmcp.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.ops.Circuits;
import dev.sdpmcp.tokens.TokenService;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * ServiceDesk Plus as the tools use it: calls made with the calling user's own token (renewed once if refused),
 * input_data written once for every module, envelopes checked, and every failure turned into a sentence a person can
 * act on (sdp-cloud-api.md §1.7–1.8).
 */
@ApplicationScoped
public class Sdp {

    public static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SdpCalls calls;

    @Inject
    TokenService tokens;

    @Inject
    Circuits circuits;

    public JsonNode get(ToolCall call, String path, ObjectNode inputData) throws ToolException {
        return run(call, "GET", path, inputData);
    }

    public JsonNode post(ToolCall call, String path, ObjectNode inputData) throws ToolException {
        return run(call, "POST", path, inputData);
    }

    public JsonNode put(ToolCall call, String path, ObjectNode inputData) throws ToolException {
        return run(call, "PUT", path, inputData);
    }

    public JsonNode delete(ToolCall call, String path) throws ToolException {
        return run(call, "DELETE", path, null);
    }

    /**
     * A record that may not exist: empty when ServiceDesk Plus answers that it is not found (HTTP 404, code 4007), so
     * that the caller can look elsewhere; any other failure is reported as by {@link #get}.
     */
    public Optional<JsonNode> find(ToolCall call, String path) throws ToolException {
        SdpCalls.Answer answer = exchange(call, "GET", path, null);
        return answer.status() == 404 ? Optional.empty() : Optional.of(checked(answer, path));
    }

    /** {"root": entity}: the input_data of an add or update. */
    public static ObjectNode input(String root, JsonNode entity) {
        ObjectNode input = JSON.createObjectNode();
        input.set(root, entity);
        return input;
    }

    private JsonNode run(ToolCall call, String method, String path, ObjectNode inputData) throws ToolException {
        return checked(exchange(call, method, path, inputData), path);
    }

    private SdpCalls.Answer exchange(ToolCall call, String method, String path, ObjectNode inputData) throws ToolException {
        boolean read = method.equals("GET");
        String input = inputData == null ? null : inputData.toString();
        String token = tokens.accessToken(call.caller(), call.baseUrl());
        SdpCalls.Answer answer;
        try {
            try {
                answer = send(method, path, input, token, read);
            } catch (SdpUnauthorized refused) {
                // Expired or revoked early: renew once and try again.
                String renewed = tokens.replaceRejected(call.caller(), call.baseUrl(), token);
                try {
                    answer = send(method, path, input, renewed, read);
                } catch (SdpUnauthorized again) {
                    throw new ToolException("ServiceDesk Plus refused your authorization for this"
                            + (again.detail == null ? "" : " (" + again.detail + ")") + ". Your token was just renewed, so "
                            + "the grant probably lacks the scope this needs: authorize again with the full scope (see "
                            + "check_auth_status).");
                }
            }
        } catch (SdpRateLimited limited) {
            throw new ToolException("ServiceDesk Plus is limiting the request rate (status 4015). Try again in "
                    + (limited.retryAfterSeconds == null ? "a minute"
                            : limited.retryAfterSeconds < 2 ? "a few seconds" : limited.retryAfterSeconds + " seconds")
                    + (read ? "." : "; nothing was changed."));
        } catch (SdpUnavailable | TimeoutException down) {
            String why = down instanceof TimeoutException ? "it did not answer in time" : down.getMessage();
            throw new ToolException("ServiceDesk Plus is not answering properly (" + why + "). "
                    + (read ? "Try again in a minute." : "The change may or may not have been made: look before trying again."));
        } catch (CircuitBreakerOpenException open) {
            circuits.refused(Circuits.Name.SERVICEDESK);
            throw new ToolException("Calls to ServiceDesk Plus are paused for a short while after repeated failures. "
                    + "Try again in a minute" + (read ? "." : "; nothing was changed."));
        }
        circuits.succeeded(Circuits.Name.SERVICEDESK);
        return answer;
    }

    private SdpCalls.Answer send(String method, String path, String input, String token, boolean read) {
        return read ? calls.read(path, input, token) : calls.write(method, path, input, token);
    }

    /** The body, if its response_status says success; otherwise what went wrong, in words. */
    static JsonNode checked(SdpCalls.Answer answer, String path) throws ToolException {
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
    public Rows rows(ToolCall call, String path, String root, int maxPages) throws ToolException {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 1; page <= maxPages; page++) {
            JsonNode body = get(call, path, new ListQuery(page, ListQuery.MAX_PAGE_SIZE, null, null, null, null, false).toInputData());
            SdpTools.rows(body, root).forEach(items::add);
            if (!body.path("list_info").path("has_more_rows").asBoolean(false)) {
                return new Rows(items, true);
            }
        }
        return new Rows(items, false);
    }
}
