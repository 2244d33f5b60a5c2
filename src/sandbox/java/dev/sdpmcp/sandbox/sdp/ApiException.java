package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A failure as ServiceDesk Plus reports it (docs/sdp-api-fidelity.md §2): an HTTP status and the failure envelope
 * {@code {"response_status":{"status_code":4000,"status":"failed","messages":[…]}}} whose messages carry the
 * specific code.
 */
final class ApiException extends RuntimeException {

    static final String EXTRA_KEY = "EXTRA_KEY_FOUND_IN_JSON";

    final int http;
    final ArrayNode messages;
    /** Seconds for a Retry-After header (429 only), 0 for none. */
    long retryAfter;

    private ApiException(int http, ArrayNode messages) {
        super(messages.toString(), null, false, false);
        this.http = http;
        this.messages = messages;
    }

    static ObjectNode message(int code, String field, String text) {
        ObjectNode message = Json.object();
        message.put("status_code", code);
        message.put("type", "failed");
        if (field != null) {
            message.put("field", field);
        }
        message.put("message", text);
        return message;
    }

    static ApiException of(int http, List<ObjectNode> messages) {
        ArrayNode array = Json.array();
        messages.forEach(array::add);
        return new ApiException(http, array);
    }

    static ApiException of(int http, int code, String field, String text) {
        return of(http, List.of(message(code, field, text)));
    }

    /** 4000: the generic failure, for bad input with no more specific code. */
    static ApiException badRequest(String field, String text) {
        return of(400, 4000, field, text);
    }

    /** 4001: an id or name that does not exist, or a value the user cannot set. */
    static ApiException invalidValue(String field) {
        return of(400, 4001, field, "Id or Name given in Input does not exist or not in use or user cannot set the value");
    }

    static ApiException invalidUrl() {
        return of(404, 4007, null, "Invalid URL");
    }

    static ApiException notFound() {
        return of(404, 4007, null, "Resource not found");
    }

    static ApiException notUnique(String field) {
        return of(400, 4008, field, "Not Unique");
    }

    /** 4012 names every missing field in {@code fields}, as the real API does. */
    static ApiException mandatory(List<String> fields) {
        ObjectNode message = Json.object();
        message.put("status_code", 4012);
        message.put("type", "failed");
        ArrayNode names = message.putArray("fields");
        fields.forEach(names::add);
        message.put("message", "Value for mandatory-field is not provided");
        return of(400, List.of(message));
    }

    /**
     * An edit of a closed request. No source shows the real answer: 4002 ("not allowed"), with the HTTP status the
     * vendor's code table pairs it with, is this simulator's choice (docs/sdp-api-fidelity.md §3).
     */
    static ApiException requestClosed() {
        return of(403, 4002, null, "The request is closed and cannot be edited. Reopen it (status Open) first");
    }

    static ApiException readOnly(String field) {
        return of(400, 4014, field, "Trying to edit read-only field");
    }

    static ApiException rateLimited(long retryAfterSeconds) {
        ApiException e = of(429, 4015, null, "API Rate Limit reached");
        e.retryAfter = retryAfterSeconds;
        return e;
    }

    static ApiException timeMismatch(String field) {
        return of(400, 4016, field, "Time mismatch");
    }

    static ApiException typeMismatch(String field) {
        return of(400, 4021, field, "Data type mismatch");
    }

    /**
     * HTTP 401, one body for a missing, bad, expired or revoked token and for a missing scope: no source captured
     * Cloud's 401 bodies, so the simulator gives a client nothing to tell them apart by (sdp-api-fidelity.md §10).
     */
    static ApiException unauthorized() {
        return of(401, 4022, null, "AUTHENTICATION_FAILED");
    }

    static ApiException internal() {
        return of(500, 4004, null, "Internal Error");
    }

    ObjectNode body() {
        ObjectNode status = Json.object();
        status.put("status_code", 4000);
        status.put("status", "failed");
        status.set("messages", messages.deepCopy());
        ObjectNode body = Json.object();
        body.set("response_status", status);
        return body;
    }

    /** The first message's code, for the request log. */
    int code() {
        return messages.path(0).path("status_code").asInt(4000);
    }
}
