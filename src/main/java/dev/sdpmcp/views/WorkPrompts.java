package dev.sdpmcp.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.session.CallContext;
import dev.sdpmcp.tools.ToolCatalog;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult.CompleteCompletion;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.GetPromptRequest;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ResourceReference;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The work people repeat, as MCP prompts: each is a request to the model naming the tools to use, with the record it
 * is about embedded (read with the caller's own authorization). Their arguments, and the ids of the record resources,
 * are completed from this instance's values as the caller may see them.
 */
@ApplicationScoped
public class WorkPrompts {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most values a completion offers (MCP's own limit). */
    private static final int MAX_VALUES = 100;
    /** How long one caller's values are reused while they type: completion is asked for at every keystroke. */
    private static final Duration REUSE = Duration.ofSeconds(30);
    private static final int MAX_CACHED = 1000;

    @Inject
    ToolCatalog catalog;

    @Inject
    RecordResources resources;

    private final Map<String, Cached> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > MAX_CACHED;
        }
    };

    private record Cached(List<String> values, Instant at) {
    }

    /** Where an argument's values come from: a read tool, its arguments, the rows' root and the field offered. */
    private record Source(String tool, Map<String, Object> arguments, String root, Function<JsonNode, List<String>> fields) {
    }

    /** The values offered for one argument, for the caller of this exchange. */
    @FunctionalInterface
    private interface Choices {
        List<String> values(McpSyncServerExchange exchange);
    }

    private static final Choices KINDS = exchange -> List.of("reply", "resolution");
    private static final Choices RECENT_TIMES = exchange -> {
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        return List.of(now.minus(Duration.ofHours(8)).toString(), now.minus(Duration.ofHours(12)).toString(),
                now.minus(Duration.ofDays(1)).toString());
    };

    private static final Function<JsonNode, List<String>> NAME = row -> List.of(row.path("name").asText(""));
    private static final Function<JsonNode, List<String>> ID = row -> List.of(row.path("id").asText(""));
    private static final Function<JsonNode, List<String>> PERSON = row -> List.of(row.path("email_id").asText(""),
            row.path("name").asText(""));

    private static final Source TECHNICIANS = new Source("get_technicians", Map.of(), "technicians", PERSON);
    private static final Source STATUSES = new Source("get_statuses", Map.of(), "statuses", NAME);
    private static final Source GROUPS = new Source("get_support_groups", Map.of(), "support_groups", NAME);
    private static final Source OPEN_REQUESTS = new Source("list_requests", Map.of("status", "Open", "page_size", 100,
            "sort_by", "last_updated_time", "sort_order", "desc"), "requests", ID);
    private static final Source PROBLEMS = new Source("list_problems", Map.of("page_size", 100), "problems", ID);

    /** The prompts, each refused to a caller without a stored authorization (nothing but the authorization tools is). */
    public List<SyncPromptSpecification> prompts() {
        return Stream.of(
                new SyncPromptSpecification(new Prompt("triage_requests", "Triage open requests",
                        "A technician's open requests, most urgent first, each with its next step.",
                        List.of(new PromptArgument("technician", "The technician: e-mail or name", true),
                                new PromptArgument("status", "Default Open", false))),
                        (exchange, request) -> text("Triage", "Triage the ServiceDesk Plus requests of "
                                + argument(request, "technician") + " in status " + argument(request, "status", "Open")
                                + ": call list_requests with these filters, sorted by due_by_time, every page. Give one "
                                + "line per request: number, subject, what it needs next (reply, assign, resolve or close) "
                                + "and why; overdue and high-priority ones first. Change nothing until I confirm.")),
                new SyncPromptSpecification(new Prompt("shift_handover", "Shift handover",
                        "What changed in the requests since a time, for the next shift.",
                        List.of(new PromptArgument("since", "ISO-8601 time, e.g. 2026-03-01T08:00:00Z", true),
                                new PromptArgument("group", "A support group (default: all)", false))),
                        (exchange, request) -> text("Shift handover", "Prepare a shift handover of the ServiceDesk Plus "
                                + "requests changed since " + argument(request, "since") + group(request) + ": call "
                                + "list_requests sorted by last_updated_time, descending, page by page until the rows are "
                                + "older than that. Group them as new, resolved or closed, and still open; for the open "
                                + "ones say who holds each and what is waiting. End with what the next shift must do first.")),
                new SyncPromptSpecification(new Prompt("draft_reply", "Draft a reply or resolution",
                        "A reply to the requester, or a resolution, built from matching solutions.",
                        List.of(new PromptArgument("request_id", "The request's id", true),
                                new PromptArgument("kind", "reply (default) or resolution", false))),
                        (exchange, request) -> draft(exchange, request)),
                new SyncPromptSpecification(new Prompt("major_incident_summary", "Major-incident summary",
                        "A problem with the requests it affects, summarized for stakeholders.",
                        List.of(new PromptArgument("problem_id", "The problem's id", true))),
                        (exchange, request) -> incident(exchange, request)))
                .map(spec -> new SyncPromptSpecification(spec.prompt(), (exchange, request) -> {
                    String notAuthorized = CallContext.notAuthorized(exchange.transportContext());
                    if (notAuthorized != null) {
                        throw McpError.builder(ErrorCodes.INVALID_REQUEST).message(notAuthorized).build();
                    }
                    return spec.promptHandler().apply(exchange, request);
                })).toList();
    }

    public List<SyncCompletionSpecification> completions() {
        return List.of(
                prompt("triage_requests", Map.of("technician", fromTool(TECHNICIANS), "status", fromTool(STATUSES))),
                prompt("shift_handover", Map.of("group", fromTool(GROUPS), "since", RECENT_TIMES)),
                prompt("draft_reply", Map.of("request_id", fromTool(OPEN_REQUESTS), "kind", KINDS)),
                prompt("major_incident_summary", Map.of("problem_id", fromTool(PROBLEMS))),
                resource(RecordResources.REQUESTS, fromTool(OPEN_REQUESTS)),
                resource(RecordResources.PROBLEMS, fromTool(PROBLEMS)));
    }

    private static SyncCompletionSpecification prompt(String name, Map<String, Choices> arguments) {
        return new SyncCompletionSpecification(new PromptReference(name), (exchange, request) -> {
            Choices choices = arguments.get(request.argument().name());
            return matching(choices == null ? List.of() : choices.values(exchange), request.argument().value());
        });
    }

    private static SyncCompletionSpecification resource(RecordResources.Kind kind, Choices ids) {
        return new SyncCompletionSpecification(new ResourceReference(kind.uri("{id}")),
                (exchange, request) -> matching(ids.values(exchange), request.argument().value()));
    }

    /**
     * A read tool's values as the caller may see them, kept {@link #REUSE} per caller and scope (the same user's
     * sessions may see different toolsets).
     */
    private Choices fromTool(Source source) {
        return exchange -> {
            String key = CallContext.caller(exchange.transportContext()).clientHash() + " "
                    + CallContext.scope(exchange.transportContext()) + " " + source.tool();
            Cached cached;
            synchronized (recent) {
                cached = recent.get(key);
            }
            if (cached == null || cached.at().plus(REUSE).isBefore(Instant.now())) {
                cached = new Cached(values(exchange, source), Instant.now());
                synchronized (recent) {
                    recent.put(key, cached);
                }
            }
            return cached.values();
        };
    }

    private List<String> values(McpSyncServerExchange exchange, Source source) {
        CallToolResult result = catalog.run(source.tool(), exchange, source.arguments());
        if (Boolean.TRUE.equals(result.isError()) || result.structuredContent() == null) {
            return List.of(); // not authorized, hidden or failing: nothing to offer
        }
        Set<String> values = new LinkedHashSet<>();
        JSON.valueToTree(result.structuredContent()).path(source.root()).forEach(row -> source.fields().apply(row).stream()
                .filter(value -> !value.isBlank()).forEach(values::add));
        return List.copyOf(values);
    }

    static CompleteResult matching(List<String> values, String typed) {
        String prefix = typed == null ? "" : typed.trim().toLowerCase(Locale.ROOT);
        List<String> matches = values.stream().filter(value -> value.toLowerCase(Locale.ROOT).contains(prefix))
                .sorted((a, b) -> Boolean.compare(!a.toLowerCase(Locale.ROOT).startsWith(prefix),
                        !b.toLowerCase(Locale.ROOT).startsWith(prefix)))
                .toList();
        return new CompleteResult(new CompleteCompletion(matches.subList(0, Math.min(MAX_VALUES, matches.size())),
                matches.size(), matches.size() > MAX_VALUES));
    }

    private GetPromptResult draft(McpSyncServerExchange exchange, GetPromptRequest request) {
        String id = argument(request, "request_id");
        boolean resolution = argument(request, "kind", "reply").toLowerCase(Locale.ROOT).startsWith("res");
        return withRecord(exchange, RecordResources.REQUESTS, id, "Draft " + (resolution ? "a resolution" : "a reply"),
                "Draft " + (resolution ? "a resolution for" : "a reply to the requester of") + " this ServiceDesk Plus "
                        + "request. Look for matching solutions with search_solutions (words from its subject and "
                        + "description) and use what fits, naming each solution used. Show me the draft and send it "
                        + "only when I say so, with " + (resolution ? "set_resolution." : "reply_to_request."));
    }

    private GetPromptResult incident(McpSyncServerExchange exchange, GetPromptRequest request) {
        return withRecord(exchange, RecordResources.PROBLEMS, argument(request, "problem_id"), "Major-incident summary",
                "Summarize this major incident for stakeholders in under 200 words: what is affected and since when, "
                        + "how many requests report it (find them with search_requests, words from the problem's title), "
                        + "the current status, who works on it and the next steps. List the request numbers at the end.");
    }

    /** The request to the model, after the record it is about (read with the caller's authorization). */
    private GetPromptResult withRecord(McpSyncServerExchange exchange, RecordResources.Kind kind, String id,
            String description, String instruction) {
        String uri = kind.uri(RecordResources.id(kind.uri(id), kind));
        var contents = resources.read(exchange, uri, kind.tool(), Map.of(kind.idArgument(), id)).contents().get(0);
        return new GetPromptResult(description, List.of(new PromptMessage(Role.USER, new EmbeddedResource(null, contents)),
                new PromptMessage(Role.USER, new TextContent(instruction))));
    }

    private static GetPromptResult text(String description, String instruction) {
        return new GetPromptResult(description, List.of(new PromptMessage(Role.USER, new TextContent(instruction))));
    }

    private static String group(GetPromptRequest request) {
        String group = argument(request, "group", "");
        return group.isEmpty() ? "" : " in the support group " + group + " (list_requests' group filter)";
    }

    private static String argument(GetPromptRequest request, String name) {
        String value = argument(request, name, "");
        if (value.isEmpty()) {
            throw McpError.builder(ErrorCodes.INVALID_PARAMS).message("The prompt " + request.name() + " needs " + name + ".").build();
        }
        return value;
    }

    private static String argument(GetPromptRequest request, String name, String otherwise) {
        Object value = request.arguments() == null ? null : request.arguments().get(name);
        return value == null || value.toString().isBlank() ? otherwise : value.toString().trim();
    }
}
