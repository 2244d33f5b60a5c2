package dev.sdpmcp.views;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.session.CallContext;
import dev.sdpmcp.tools.ToolCatalog;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncCompletionHandler;
import io.modelcontextprotocol.modern.server.feature.McpSyncPrompt;
import io.modelcontextprotocol.modern.server.feature.McpSyncPromptRepository;
import io.modelcontextprotocol.modern.server.feature.PromptsPage;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult.CompleteCompletion;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ResourceReference;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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

    /** The values offered for one argument, for the caller of this request. */
    @FunctionalInterface
    private interface Choices {
        List<String> values(McpTransportContext context);
    }

    private static final Choices KINDS = context -> List.of("reply", "resolution");
    private static final Choices RECENT_TIMES = context -> {
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

    /** One prompt, declared once for both protocol eras: its arguments, their values, and what it says. */
    private record Work(String name, String title, String description, List<Argument> arguments,
            Map<String, Choices> choices, Body body) {
    }

    private record Argument(String name, String description, boolean required) {
    }

    @FunctionalInterface
    private interface Body {
        Said say(McpTransportContext context, Arguments arguments);
    }

    /** What a prompt says: its description, the record it is about (null for none) and the request to the model. */
    private record Said(String description, TextResourceContents record, String instruction) {
    }

    /** A prompt's arguments as the client sent them (text in 2026-07-28, any JSON value before). */
    private record Arguments(String prompt, Map<String, ?> values) {
        String get(String name) {
            String value = get(name, "");
            if (value.isEmpty()) {
                throw new Refused(ErrorCodes.INVALID_PARAMS, "The prompt " + prompt + " needs " + name + ".", null);
            }
            return value;
        }

        String get(String name, String otherwise) {
            Object value = values == null ? null : values.get(name);
            return value == null || value.toString().isBlank() ? otherwise : value.toString().trim();
        }
    }

    private List<Work> works() {
        return List.of(
                new Work("triage_requests", "Triage open requests",
                        "A technician's open requests, most urgent first, each with its next step.",
                        List.of(new Argument("technician", "The technician: e-mail or name", true),
                                new Argument("status", "Default Open", false)),
                        Map.of("technician", fromTool(TECHNICIANS), "status", fromTool(STATUSES)),
                        (context, arguments) -> new Said("Triage", null, "Triage the ServiceDesk Plus requests of "
                                + arguments.get("technician") + " in status " + arguments.get("status", "Open")
                                + ": call list_requests with these filters, sorted by due_by_time, every page. Give one "
                                + "line per request: number, subject, what it needs next (reply, assign, resolve or close) "
                                + "and why; overdue and high-priority ones first. Change nothing until I confirm.")),
                new Work("shift_handover", "Shift handover", "What changed in the requests since a time, for the next shift.",
                        List.of(new Argument("since", "ISO-8601 time, e.g. 2026-03-01T08:00:00Z", true),
                                new Argument("group", "A support group (default: all)", false)),
                        Map.of("group", fromTool(GROUPS), "since", RECENT_TIMES),
                        (context, arguments) -> new Said("Shift handover", null, "Prepare a shift handover of the "
                                + "ServiceDesk Plus requests changed since " + arguments.get("since") + group(arguments)
                                + ": call list_requests sorted by last_updated_time, descending, page by page until the "
                                + "rows are older than that. Group them as new, resolved or closed, and still open; for the "
                                + "open ones say who holds each and what is waiting. End with what the next shift must do "
                                + "first.")),
                new Work("draft_reply", "Draft a reply or resolution",
                        "A reply to the requester, or a resolution, built from matching solutions.",
                        List.of(new Argument("request_id", "The request's id", true),
                                new Argument("kind", "reply (default) or resolution", false)),
                        Map.of("request_id", fromTool(OPEN_REQUESTS), "kind", KINDS), this::draft),
                new Work("major_incident_summary", "Major-incident summary",
                        "A problem with the requests it affects, summarized for stakeholders.",
                        List.of(new Argument("problem_id", "The problem's id", true)),
                        Map.of("problem_id", fromTool(PROBLEMS)), this::incident));
    }

    /** The ids offered for each record template (sdp://requests/{id}…). */
    private Map<RecordResources.Kind, Choices> recordIds() {
        return Map.of(RecordResources.REQUESTS, fromTool(OPEN_REQUESTS), RecordResources.PROBLEMS, fromTool(PROBLEMS));
    }

    /** What a prompt says to this caller; every prompt is refused to a caller without a stored authorization. */
    private static Said say(Work work, McpTransportContext context, Map<String, ?> arguments) {
        String notAuthorized = CallContext.notAuthorized(context);
        if (notAuthorized != null) {
            throw new Refused(ErrorCodes.INVALID_REQUEST, notAuthorized, null);
        }
        return work.body().say(context, new Arguments(work.name(), arguments));
    }

    public List<SyncPromptSpecification> prompts() {
        return works().stream().map(work -> new SyncPromptSpecification(new Prompt(work.name(), work.title(),
                work.description(), work.arguments().stream().map(argument -> new PromptArgument(argument.name(),
                        argument.description(), argument.required())).toList()), (exchange, request) -> {
                            try {
                                Said said = say(work, exchange.transportContext(), request.arguments());
                                List<PromptMessage> messages = new ArrayList<>();
                                if (said.record() != null) {
                                    messages.add(new PromptMessage(Role.USER, new EmbeddedResource(null, said.record())));
                                }
                                messages.add(new PromptMessage(Role.USER, new TextContent(said.instruction())));
                                return new GetPromptResult(said.description(), messages);
                            } catch (Refused refused) {
                                throw refused.classic();
                            }
                        })).toList();
    }

    public List<SyncCompletionSpecification> completions() {
        List<SyncCompletionSpecification> completions = new ArrayList<>();
        for (Work work : works()) {
            completions.add(new SyncCompletionSpecification(new PromptReference(work.name()), (exchange, request) ->
                    matching(values(work.choices().get(request.argument().name()), exchange.transportContext()),
                            request.argument().value())));
        }
        recordIds().forEach((kind, ids) -> completions.add(new SyncCompletionSpecification(new ResourceReference(
                kind.uri("{id}")), (exchange, request) -> matching(ids.values(exchange.transportContext()),
                        request.argument().value()))));
        return completions;
    }

    private static List<String> values(Choices choices, McpTransportContext context) {
        return choices == null ? List.of() : choices.values(context);
    }

    /**
     * The same prompts for the stateless (2026-07-28) server, in the same order, with their completions. The list is
     * the same for every caller, but what a prompt may embed is not: cacheable privately for {@code ttlMs}.
     */
    public McpSyncPromptRepository statelessPrompts(long ttlMs) {
        Map<String, McpSyncPrompt> prompts = new LinkedHashMap<>();
        for (Work work : works()) {
            var prompt = io.modelcontextprotocol.modern.McpSchema.Prompt.builder(work.name()).title(work.title())
                    .description(work.description()).arguments(work.arguments().stream().map(argument ->
                            io.modelcontextprotocol.modern.McpSchema.PromptArgument.builder(argument.name())
                                    .description(argument.description()).required(argument.required()).build()).toList())
                    .build();
            prompts.put(work.name(), McpSyncPrompt.of(prompt, (request, get) -> McpSyncResponse.result(stateless(work,
                    request.transportContext(), get.arguments()))).withCompletionHandler((request, complete) ->
                            stateless(matching(values(work.choices().get(complete.argument().name()),
                                    request.transportContext()), complete.argument().value()))));
        }
        List<io.modelcontextprotocol.modern.McpSchema.Prompt> listed = prompts.values().stream().map(McpSyncPrompt::definition)
                .toList();
        return new McpSyncPromptRepository() {
            @Override
            public PromptsPage list(McpRequestContext context, String cursor) {
                return new PromptsPage(listed, null, ttlMs, io.modelcontextprotocol.modern.McpSchema.CacheScope.PRIVATE);
            }

            @Override
            public McpSyncPrompt find(McpRequestContext context, String name) {
                return name == null ? null : prompts.get(name);
            }

            @Override
            public boolean supportsCompletion() {
                return true;
            }
        };
    }

    /** The completion of each record template's id on the stateless server, by URI template. */
    public Map<String, McpSyncCompletionHandler> statelessRecordCompletions() {
        Map<String, McpSyncCompletionHandler> handlers = new LinkedHashMap<>();
        recordIds().forEach((kind, ids) -> handlers.put(kind.uri("{id}"), (request, complete) ->
                stateless(matching(ids.values(request.transportContext()), complete.argument().value()))));
        return handlers;
    }

    private static io.modelcontextprotocol.modern.McpSchema.GetPromptResult stateless(Work work, McpTransportContext context,
            Map<String, String> arguments) {
        try {
            Said said = say(work, context, arguments);
            List<io.modelcontextprotocol.modern.McpSchema.PromptMessage> messages = new ArrayList<>();
            var user = io.modelcontextprotocol.modern.McpSchema.Role.USER;
            if (said.record() != null) {
                messages.add(new io.modelcontextprotocol.modern.McpSchema.PromptMessage(user,
                        io.modelcontextprotocol.modern.McpSchema.EmbeddedResource.builder(
                                io.modelcontextprotocol.modern.McpSchema.TextResourceContents.builder(said.record().uri(),
                                        said.record().text()).mimeType(said.record().mimeType()).build()).build()));
            }
            messages.add(new io.modelcontextprotocol.modern.McpSchema.PromptMessage(user,
                    io.modelcontextprotocol.modern.McpSchema.TextContent.builder(said.instruction()).build()));
            return io.modelcontextprotocol.modern.McpSchema.GetPromptResult.builder(messages).description(said.description())
                    .build();
        } catch (Refused refused) {
            throw refused.stateless();
        }
    }

    private static io.modelcontextprotocol.modern.McpSchema.CompleteResult stateless(CompleteResult classic) {
        var completion = classic.completion();
        return io.modelcontextprotocol.modern.McpSchema.CompleteResult.of(
                new io.modelcontextprotocol.modern.McpSchema.CompleteResult.Completion(completion.values(),
                        completion.total(), completion.hasMore()));
    }

    /**
     * A read tool's values as the caller may see them, kept {@link #REUSE} per caller and scope (the same user's
     * sessions may see different toolsets).
     */
    private Choices fromTool(Source source) {
        return context -> {
            String key = CallContext.caller(context).clientHash() + " "
                    + CallContext.scope(context) + " " + source.tool();
            Cached cached;
            synchronized (recent) {
                cached = recent.get(key);
            }
            if (cached == null || cached.at().plus(REUSE).isBefore(Instant.now())) {
                cached = new Cached(values(context, source), Instant.now());
                synchronized (recent) {
                    recent.put(key, cached);
                }
            }
            return cached.values();
        };
    }

    private List<String> values(McpTransportContext context, Source source) {
        ToolCatalog.Answer result = catalog.run(source.tool(), context, source.arguments());
        if (result.isError() || result.structured() == null) {
            return List.of(); // not authorized, hidden or failing: nothing to offer
        }
        Set<String> values = new LinkedHashSet<>();
        JSON.valueToTree(result.structured()).path(source.root()).forEach(row -> source.fields().apply(row).stream()
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

    private Said draft(McpTransportContext context, Arguments arguments) {
        String id = arguments.get("request_id");
        boolean resolution = arguments.get("kind", "reply").toLowerCase(Locale.ROOT).startsWith("res");
        return withRecord(context, RecordResources.REQUESTS, id, "Draft " + (resolution ? "a resolution" : "a reply"),
                "Draft " + (resolution ? "a resolution for" : "a reply to the requester of") + " this ServiceDesk Plus "
                        + "request. Look for matching solutions with search_solutions (words from its subject and "
                        + "description) and use what fits, naming each solution used. Show me the draft and send it "
                        + "only when I say so, with " + (resolution ? "set_resolution." : "reply_to_request."));
    }

    private Said incident(McpTransportContext context, Arguments arguments) {
        return withRecord(context, RecordResources.PROBLEMS, arguments.get("problem_id"), "Major-incident summary",
                "Summarize this major incident for stakeholders in under 200 words: what is affected and since when, "
                        + "how many requests report it (find them with search_requests, words from the problem's title), "
                        + "the current status, who works on it and the next steps. List the request numbers at the end.");
    }

    /** The request to the model, after the record it is about (read with the caller's authorization). */
    private Said withRecord(McpTransportContext context, RecordResources.Kind kind, String id, String description,
            String instruction) {
        return new Said(description, resources.readRecord(context, kind.uri(id), kind), instruction);
    }

    private static String group(Arguments arguments) {
        String group = arguments.get("group", "");
        return group.isEmpty() ? "" : " in the support group " + group + " (list_requests' group filter)";
    }
}
