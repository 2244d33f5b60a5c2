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
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
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
        return new SyncToolSpecification(definition.tool(), (exchange, request) -> call(definition, exchange, request));
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
    public CallToolResult run(String tool, McpSyncServerExchange exchange, Map<String, Object> arguments) {
        return run(tool, exchange, arguments, false);
    }

    /**
     * {@link #run} for a resources/read: an answer about a file then carries its bytes, as an embedded blob, where a
     * tools/call answer only links to it.
     */
    public CallToolResult read(String tool, McpSyncServerExchange exchange, Map<String, Object> arguments) {
        return run(tool, exchange, arguments, true);
    }

    private CallToolResult run(String tool, McpSyncServerExchange exchange, Map<String, Object> arguments, boolean resourceRead) {
        ToolDefinition definition = definition(tool);
        if (definition == null) {
            throw new IllegalArgumentException("no tool " + tool);
        }
        return call(definition, exchange, new CallToolRequest(tool, arguments), resourceRead);
    }

    private CallToolResult call(ToolDefinition definition, McpSyncServerExchange exchange, CallToolRequest request) {
        return call(definition, exchange, request, false);
    }

    private CallToolResult call(ToolDefinition definition, McpSyncServerExchange exchange, CallToolRequest request,
            boolean resourceRead) {
        long started = System.nanoTime();
        ClientCredentials caller = CallContext.caller(exchange.transportContext());
        Transport transport = CallContext.transport(exchange.transportContext());
        Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
        String hidden = hiddenBecause(definition, CallContext.scope(exchange.transportContext()));
        if (hidden != null) {
            record(caller, definition.name(), Outcome.ERROR, Duration.ofNanos(System.nanoTime() - started), transport);
            return error("The tool " + definition.name() + " is not available here: " + hidden + ".");
        }
        String notAuthorized = CallContext.notAuthorized(exchange.transportContext());
        if (notAuthorized != null && !BEFORE_AUTHORIZATION.contains(definition.name())) {
            record(caller, definition.name(), Outcome.ERROR, Duration.ofNanos(System.nanoTime() - started), transport);
            return error(notAuthorized);
        }
        Outcome outcome = Outcome.OK;
        try {
            ToolResult result = ResultBudget.fit(definition.handler().handle(new ToolCall(caller, transport,
                    exchange.sessionId(), CallContext.baseUrl(exchange.transportContext()), arguments, resourceRead)), settings.maxResultBytes());
            CallToolResult.Builder answer = CallToolResult.builder().addContent(new TextContent(result.text())).isError(false);
            ToolResult.File file = result.file();
            if (file != null && file.bytes() != null && resourceRead) {
                answer.addContent(new EmbeddedResource(null, new BlobResourceContents(file.uri(), file.mimeType(),
                        Base64.getEncoder().encodeToString(file.bytes()))));
            } else if (file != null) {
                answer.addContent(ResourceLink.builder().uri(file.uri()).name(file.name()).mimeType(file.mimeType())
                        .size(file.size()).build());
            }
            if (result.structured() != null) {
                answer.structuredContent(result.structured());
            }
            return answer.build();
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
            record(caller, definition.name(), outcome, Duration.ofNanos(System.nanoTime() - started), transport);
        }
    }

    private void record(ClientCredentials caller, String tool, Outcome outcome, Duration duration, Transport transport) {
        metrics.toolCall(tool, outcome.name().toLowerCase(), duration);
        try {
            usage.record(caller.clientHash(), tool, outcome, duration, transport == null ? null : transport.name().toLowerCase());
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

    private static CallToolResult error(String message) {
        return CallToolResult.builder().addContent(new TextContent(message)).isError(true).build();
    }
}
