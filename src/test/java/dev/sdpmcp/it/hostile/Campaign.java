package dev.sdpmcp.it.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The hostile cases of one run and how each was answered. A case passes when an answer arrives that a person can
 * read: an HTTP error with a JSON-RPC message, a JSON-RPC error, or a tool result with {@code isError} and a text
 * (naming the argument when the case is about one); never a 5xx without a message, never Java internals.
 */
final class Campaign {

    /** What a case may be answered with. */
    enum Expect {
        /** Must be refused with a clear error. */
        REFUSED,
        /** Harmless input (e.g. odd text in a search): a normal answer or a clear error, nothing else. */
        SAFE
    }

    /**
     * What came back: the HTTP status and body, and the JSON-RPC message answering the case (on the Streamable HTTP
     * response or, for the legacy transport, on the SSE stream), null when none is expected.
     */
    record Answer(int status, String body, JsonNode message, boolean container) {
        Answer(int status, String body, JsonNode message) {
            this(status, body, message, false);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    // Java internals that must never reach a client: stack frames, exception classes, package names.
    private static final Pattern INTERNALS = Pattern.compile("\\tat |\\.java:\\d|Exception\\b|\\bjava\\.(lang|util|io)\\."
            + "|com\\.fasterxml|io\\.modelcontextprotocol|dev\\.sdpmcp|org\\.eclipse|com\\.ibm\\.ws");

    private final Map<String, int[]> byFamily = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> retries = new ArrayList<>();

    /** Sends one case and judges its answer; {@code names}, when given, must appear in a refusal's message. */
    void run(String family, String name, Expect expect, String names, Supplier<Answer> send) {
        int[] counts = byFamily.computeIfAbsent(family, f -> new int[3]);
        counts[0]++;
        String problem;
        try {
            problem = judge(send.get(), expect, names);
        } catch (RuntimeException e) {
            problem = "no answer: " + e;
        }
        if (problem == null) {
            counts[1]++;
        } else {
            counts[2]++;
            failures.add(family + " / " + name + ": " + problem);
            System.out.println("BAD-INPUT FAILURE " + failures.get(failures.size() - 1)); // visible even if the run is cut short
        }
    }

    static String judge(Answer answer, Expect expect, String names) {
        if (answer == null) {
            return "no answer";
        }
        String everything = answer.body() + (answer.message() == null ? "" : answer.message().toString());
        if (answer.container()) {
            // Refused by the container before the application runs (its own page): a 4xx, and no stack trace.
            // (Liberty's page may name the exception it raised: a known gap, see the README's "Hostile input".)
            if (answer.status() >= 500 || everything.contains("\tat ") || everything.contains(".java:")) {
                return "container answer HTTP " + answer.status() + ": " + shorten(everything);
            }
            return expect == Expect.REFUSED && answer.status() < 400 ? "accepted (HTTP " + answer.status() + ")" : null;
        }
        if (INTERNALS.matcher(everything).find()) {
            return "Java internals in the answer: " + shorten(everything);
        }
        String refusal = null;
        if (answer.status() >= 400) {
            refusal = jsonMessage(answer.body());
            if (refusal == null) {
                return "HTTP " + answer.status() + " without a JSON message: " + shorten(answer.body());
            }
            if (answer.status() >= 500 && answer.status() != 503) {
                return "HTTP " + answer.status() + ": " + shorten(answer.body());
            }
        } else if (answer.message() != null) {
            JsonNode message = answer.message();
            if (message.has("error")) {
                refusal = message.path("error").path("message").asText("");
                if (refusal.isBlank()) {
                    return "JSON-RPC error without a message: " + shorten(message.toString());
                }
                if (message.path("error").path("code").asInt() == -32603) {
                    return "internal error: " + shorten(message.toString());
                }
            } else if (message.path("result").path("isError").asBoolean(false)) {
                refusal = message.path("result").path("content").path(0).path("text").asText("");
                if (refusal.isBlank()) {
                    return "isError without a text";
                }
                if (refusal.contains("failed unexpectedly")) {
                    return "the tool crashed: " + refusal;
                }
            }
        }
        if (expect == Expect.REFUSED) {
            if (refusal == null) {
                return "accepted (HTTP " + answer.status() + "): " + shorten(everything);
            }
            if (names != null && !refusal.toLowerCase().contains(names.toLowerCase())) {
                return "the message does not name \"" + names + "\": " + shorten(refusal);
            }
        }
        return null;
    }

    private static String jsonMessage(String body) {
        try {
            JsonNode answer = JSON.readTree(body);
            // the MCP endpoints answer {"error":{"message"}}, the /oauth endpoints {"error":"code","message"}
            String message = (answer.path("error").isTextual() ? answer : answer.path("error")).path("message").asText("");
            return message.isBlank() ? null : message;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String shorten(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    void retried(Exception e) {
        retries.add(String.valueOf(e));
    }

    int total() {
        return byFamily.values().stream().mapToInt(c -> c[0]).sum();
    }

    List<String> failures() {
        return failures;
    }

    /** The summary table (Markdown), with every failure under it; also written to {@code file}. */
    String report(Path file) {
        StringBuilder table = new StringBuilder("# Bad-input campaign\n\n| family | cases | answered with a clear error | failures |\n|---|---:|---:|---:|\n");
        int[] sum = new int[3];
        byFamily.forEach((family, c) -> {
            table.append("| ").append(family).append(" | ").append(c[0]).append(" | ").append(c[1]).append(" | ").append(c[2]).append(" |\n");
            for (int i = 0; i < 3; i++) {
                sum[i] += c[i];
            }
        });
        table.append("| **total** | ").append(sum[0]).append(" | ").append(sum[1]).append(" | ").append(sum[2]).append(" |\n");
        table.append("\nRequests sent again after a connection closed under the client: ").append(retries.size())
                .append(retries.isEmpty() ? "" : " " + retries).append('\n');
        if (!failures.isEmpty()) {
            table.append("\n## Failures\n\n");
            failures.forEach(f -> table.append("- ").append(f.replace("\n", " ")).append('\n'));
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, table, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table.toString();
    }
}
