package dev.sdpmcp.tools;

import dev.sdpmcp.config.Settings;
import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.credentials.ClientCredentials;
import dev.sdpmcp.metrics.Meters;
import dev.sdpmcp.sdp.SdpException;
import dev.sdpmcp.session.CallContext;
import dev.sdpmcp.session.Transport;
import dev.sdpmcp.tokens.TokenException;
import dev.sdpmcp.usage.UsageLog;
import dev.sdpmcp.usage.UsageRecord.Outcome;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.McpSchema.CacheScope;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.ResourceLink;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every tool the server offers, wrapped once for all: the caller is taken from the authenticated request, the
 * call is timed and recorded in the usage table whatever its outcome, and any failure becomes an {@code isError}
 * answer a person can act on.
 */
@ApplicationScoped
public class ToolCatalog {

    private static final Logger LOG = Logger.getLogger(ToolCatalog.class.getName());
    /** All a caller without a verified, stored authorization can reach: no cache, no simulator, no ServiceDesk Plus. */
    static final Set<String> BEFORE_AUTHORIZATION = Set.of("check_auth_status", "authorize");

    @Inject
    @Any
    Instance<ToolDefinition> definitions;

    @Inject
    @Any
    Instance<ToolGroup> groups;

    @Inject
    UsageLog usage;

    @Inject
    Settings settings;

    @Inject
    Meters metrics;

    @Inject
    ConfirmationGate gate;

    private volatile Map<String, ToolDefinition> byName;

    /** Every tool, by name; the producers run once. */
    public Map<String, ToolDefinition> byName() {
        if (byName == null) {
            Map<String, ToolDefinition> all = new java.util.TreeMap<>();
            List<ToolDefinition> declared = new java.util.ArrayList<>();
            definitions.forEach(declared::add);
            groups.forEach(group -> declared.addAll(group.tools()));
            for (ToolDefinition definition : declared) {
                if (all.put(definition.name(), definition) != null) {
                    throw new IllegalStateException("two tools are named " + definition.name());
                }
            }
            byName = java.util.Collections.unmodifiableMap(all);
        }
        return byName;
    }

    public List<ToolDefinition> definitions() {
        return List.copyOf(byName().values());
    }

    public List<SyncToolSpecification> specifications() {
        return definitions().stream().map(this::specification).toList();
    }

    private SyncToolSpecification specification(ToolDefinition definition) {
        return new SyncToolSpecification(definition.tool(), (exchange, request) -> call(definition,
                exchange.transportContext(), exchange.sessionId(), request.arguments(), consent(exchange), false).classic());
    }

    /** The form the user answers before what cannot be undone: one yes/no. */
    private static final String CONSENT_FIELD = "confirm";
    private static final Map<String, Object> CONSENT_FORM = Map.of("type", "object", "properties",
            Map.of(CONSENT_FIELD, Map.of("type", "boolean", "title", "Go ahead", "default", false)), "required", List.of(CONSENT_FIELD));

    /** A 2025-11-25 client that declares form elicitation is asked now, during the call; any other gets the preview. */
    private static ConfirmationGate.Consent consent(McpSyncServerExchange exchange) {
        var capabilities = exchange.getClientCapabilities();
        var elicitation = capabilities == null ? null : capabilities.elicitation();
        if (elicitation == null || (elicitation.form() == null && elicitation.url() != null)) {
            return ConfirmationGate.Consent.NONE;
        }
        return new ConfirmationGate.Consent.Ask(preview -> {
            McpSchema.ElicitResult answer;
            try {
                answer = exchange.createElicitation(McpSchema.ElicitRequest.builder(preview.text() + "\n\nGo ahead?", CONSENT_FORM).build());
            } catch (RuntimeException unanswered) {
                throw new ToolException("The question to the user got no answer (" + unanswered.getMessage() + "); nothing was changed.");
            }
            return answer.action() == McpSchema.ElicitResult.Action.ACCEPT && answer.content() != null
                    && Boolean.TRUE.equals(answer.content().get(CONSENT_FIELD));
        });
    }

    /**
     * A 2026-07-28 call: the second round of a confirmation brings the user's answer and the sealed state; a first
     * round asks between rounds when the client declares form elicitation, else gets the preview.
     */
    private static ConfirmationGate.Consent consent(McpRequestContext context,
            io.modelcontextprotocol.modern.McpSchema.CallToolRequest request) {
        if (request.requestState() != null) {
            Object answer = request.inputResponses() == null ? null : request.inputResponses().get(CONSENT_FIELD);
            boolean agreed = answer instanceof Map<?, ?> result && "accept".equals(String.valueOf(result.get("action")))
                    && result.get("content") instanceof Map<?, ?> content && Boolean.TRUE.equals(content.get(CONSENT_FIELD));
            return new ConfirmationGate.Consent.Rounds(agreed, request.requestState());
        }
        var capabilities = context.clientCapabilities();
        return capabilities != null && capabilities.supportsElicitationForm() ? ConfirmationGate.Consent.IN_ROUNDS
                : ConfirmationGate.Consent.NONE;
    }

    /**
     * The same tools for the stateless (2026-07-28) server, in the same order as the classic tools/list (by name) and
     * filtered by the same rules; a tool named but hidden is still found, so that its call is refused with the reason.
     * Lists are per user (read-only mode, toolsets), so they may be cached for {@code ttlMs}, privately.
     */
    public McpSyncToolRepository statelessTools(long ttlMs) {
        Map<String, McpSyncTool> tools = new java.util.LinkedHashMap<>();
        byName().values().forEach(definition -> tools.put(definition.name(), McpSyncTool.of(definition.statelessTool(),
                (context, request) -> McpSyncResponse.result(call(definition, context.transportContext(), null,
                        request.arguments(), consent(context, request), false).stateless()))));
        return new McpSyncToolRepository() {
            @Override
            public ToolsPage list(McpRequestContext context, String cursor) {
                List<io.modelcontextprotocol.modern.McpSchema.Tool> visible = byName().values().stream()
                        .filter(definition -> visible(definition, context.transportContext()))
                        .map(definition -> tools.get(definition.name()).definition()).toList();
                return new ToolsPage(visible, null, ttlMs, CacheScope.PRIVATE);
            }

            @Override
            public McpSyncTool find(McpRequestContext context, String name) {
                return name == null ? null : tools.get(name);
            }
        };
    }

    /**
     * Whether a tool is offered to this caller: the server's SDP_READ_ONLY and SDP_TOOLSETS, narrowed (never widened)
     * by the caller's X-SDP-Read-Only and X-SDP-Toolsets. The authorization tools are always offered.
     */
    public boolean visible(ToolDefinition definition, McpTransportContext context) {
        return hiddenBecause(definition, CallContext.scope(context)) == null;
    }

    String hiddenBecause(ToolDefinition definition, CallContext.UserScope user) {
        if (definition.toolset() == Toolset.AUTH) {
            return null;
        }
        boolean reads = definition.hints().readOnlyHint();
        if (!reads && settings.readOnly()) {
            return "this server is read-only (SDP_READ_ONLY)";
        }
        if (!reads && user.readOnly()) {
            return "your connection is read-only (header " + CallContext.READ_ONLY_HEADER + ")";
        }
        Set<Toolset> server = settings.toolsets();
        if (!server.isEmpty() && !server.contains(definition.toolset())) {
            return "the \"" + definition.toolset().id() + "\" tools are not enabled on this server (SDP_TOOLSETS)";
        }
        if (!user.toolsets().isEmpty() && !user.toolsets().contains(definition.toolset().id())) {
            return "your connection does not include the \"" + definition.toolset().id() + "\" tools (header "
                    + CallContext.TOOLSETS_HEADER + ")";
        }
        return null;
    }

    public ToolDefinition definition(String name) {
        return byName().get(name);
    }

    /**
     * A tool run on behalf of a resource read, a prompt or a completion: the same rules (visibility, authorization),
     * result budget and usage record as a tools/call of it.
     */
    public Answer run(String tool, McpTransportContext context, Map<String, Object> arguments) {
        return run(tool, context, arguments, false);
    }

    /**
     * {@link #run} for a resources/read: an answer about a file then carries its bytes, as an embedded blob, where a
     * tools/call answer only links to it.
     */
    public Answer read(String tool, McpTransportContext context, Map<String, Object> arguments) {
        return run(tool, context, arguments, true);
    }

    private Answer run(String tool, McpTransportContext context, Map<String, Object> arguments, boolean resourceRead) {
        ToolDefinition definition = definition(tool);
        if (definition == null) {
            throw new IllegalArgumentException("no tool " + tool);
        }
        return call(definition, context, null, arguments, ConfirmationGate.Consent.NONE, resourceRead);
    }

    /**
     * A tool's answer, as each protocol era's result type shows it: text, the structured copy, whether it failed, the
     * file it is about (linked, or embedded for a resources/read); or, on 2026-07-28, the user's agreement it needs first.
     */
    public record Answer(String text, Object structured, boolean isError, ToolResult.File file, boolean embedFile,
            ConfirmationGate.InputNeeded inputNeeded) {
        Answer(String text, Object structured, boolean isError) {
            this(text, structured, isError, null, false, null);
        }

        CallToolResult classic() {
            CallToolResult.Builder answer = CallToolResult.builder().addContent(new TextContent(text)).isError(isError);
            if (file != null && file.bytes() != null && embedFile) {
                answer.addContent(new EmbeddedResource(null, new BlobResourceContents(file.uri(), file.mimeType(),
                        Base64.getEncoder().encodeToString(file.bytes()))));
            } else if (file != null) {
                answer.addContent(ResourceLink.builder().uri(file.uri()).name(file.name()).mimeType(file.mimeType())
                        .size(file.size()).build());
            }
            return structured == null ? answer.build() : answer.structuredContent(structured).build();
        }

        io.modelcontextprotocol.modern.McpSchema.CallToolOutcome stateless() {
            if (inputNeeded != null) {
                return io.modelcontextprotocol.modern.McpSchema.InputRequiredResult.builder()
                        .elicit(CONSENT_FIELD, io.modelcontextprotocol.modern.McpSchema.ElicitFormRequest
                                .builder(inputNeeded.preview().text() + "\n\nGo ahead?", CONSENT_FORM).build())
                        .requestState(inputNeeded.state()).build();
            }
            var answer = io.modelcontextprotocol.modern.McpSchema.CallToolResult.builder()
                    .addContent(io.modelcontextprotocol.modern.McpSchema.TextContent.builder(text).build()).isError(isError);
            if (file != null) {
                // tools/call only ever links to a file (resources/read serves its bytes)
                answer.addContent(io.modelcontextprotocol.modern.McpSchema.ResourceLink.builder(file.uri(), file.name())
                        .mimeType(file.mimeType()).size(file.size()).build());
            }
            return structured == null ? answer.build() : answer.structuredContent(structured).build();
        }
    }

    /** @param sessionId null on the stateless protocol, which has no sessions */
    private Answer call(ToolDefinition definition, McpTransportContext context, String sessionId,
            Map<String, Object> requested, ConfirmationGate.Consent consent, boolean resourceRead) {
        long started = System.nanoTime();
        ClientCredentials caller = CallContext.caller(context);
        Transport transport = CallContext.transport(context);
        String protocol = CallContext.protocolVersion(context);
        Map<String, Object> arguments = requested == null ? Map.of() : requested;
        String hidden = hiddenBecause(definition, CallContext.scope(context));
        if (hidden != null) {
            record(caller, definition.name(), Outcome.ERROR, Duration.ofNanos(System.nanoTime() - started), transport, protocol);
            return error("The tool " + definition.name() + " is not available here: " + hidden + ".");
        }
        String notAuthorized = CallContext.notAuthorized(context);
        if (notAuthorized != null && !BEFORE_AUTHORIZATION.contains(definition.name())) {
            record(caller, definition.name(), Outcome.ERROR, Duration.ofNanos(System.nanoTime() - started), transport, protocol);
            return error(notAuthorized);
        }
        Outcome outcome = Outcome.OK;
        try {
            ToolResult result = ResultBudget.fit(gate.run(definition, new ToolCall(caller, transport,
                    sessionId, CallContext.baseUrl(context), arguments, resourceRead), consent), settings.maxResultBytes());
            return new Answer(result.text(), result.structured(), false, result.file(), resourceRead, null);
        } catch (ConfirmationGate.InputNeeded input) {
            return new Answer(input.getMessage(), null, false, null, false, input);
        } catch (ToolException | SdpException | TokenException e) {
            outcome = Outcome.ERROR;
            return error(e.getMessage());
        } catch (RuntimeException e) {
            outcome = Outcome.FAILED;
            if (causedByDatabase(e)) {
                LOG.warning("Tool " + definition.name() + " could not reach the database: " + e);
                return error("This server cannot reach its database right now, so " + definition.name() + " cannot run. "
                        + "Try again in a minute; if it lasts, tell your administrator.");
            }
            String reference = UUID.randomUUID().toString().substring(0, 8);
            LOG.log(Level.WARNING, "Tool " + definition.name() + " failed for " + caller.maskedClientId()
                    + " (reference " + reference + ")", e);
            return error(definition.name() + " failed unexpectedly. Try again; if it keeps failing, give your "
                    + "administrator the reference " + reference + ".");
        } finally {
            record(caller, definition.name(), outcome, Duration.ofNanos(System.nanoTime() - started), transport, protocol);
        }
    }

    private void record(ClientCredentials caller, String tool, Outcome outcome, Duration duration, Transport transport,
            String protocol) {
        metrics.toolCall(tool, outcome.name().toLowerCase(), duration);
        try {
            usage.record(caller.clientHash(), tool, outcome, duration, transport == null ? null : transport.name().toLowerCase(),
                    protocol);
        } catch (RuntimeException e) {
            // Usage tracking must never cost the user their answer.
            LOG.log(Level.WARNING, "Could not record usage of " + tool + ": " + e);
        }
    }

    private static boolean causedByDatabase(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.sql.SQLException || cause instanceof jakarta.persistence.PersistenceException
                    || cause instanceof jakarta.transaction.TransactionalException) {
                return true;
            }
        }
        return false;
    }

    private static Answer error(String message) {
        return new Answer(message, null, true);
    }
}
