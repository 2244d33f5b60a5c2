package dev.sdpmcp.tools;

import dev.sdpmcp.credentials.ClientCredentials;
import dev.sdpmcp.transport.CallContext;
import dev.sdpmcp.transport.SessionRegistry.Transport;
import dev.sdpmcp.usage.UsageLog;
import dev.sdpmcp.usage.UsageRecord.Outcome;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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

    @Inject
    @Any
    Instance<ToolDefinition> definitions;

    @Inject
    UsageLog usage;

    public List<ToolDefinition> definitions() {
        return definitions.stream().sorted(Comparator.comparing(ToolDefinition::name)).toList();
    }

    public List<SyncToolSpecification> specifications() {
        return definitions().stream().map(this::specification).toList();
    }

    private SyncToolSpecification specification(ToolDefinition definition) {
        Tool tool = Tool.builder(definition.name(), definition.inputSchema())
                .title(definition.title())
                .description(definition.description())
                .outputSchema(definition.outputSchema())
                .annotations(definition.annotations())
                .build();
        return new SyncToolSpecification(tool, (exchange, request) -> call(definition, exchange, request));
    }

    private CallToolResult call(ToolDefinition definition, McpSyncServerExchange exchange, CallToolRequest request) {
        long started = System.nanoTime();
        ClientCredentials caller = CallContext.caller(exchange.transportContext());
        Transport transport = CallContext.transport(exchange.transportContext());
        Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
        Outcome outcome = Outcome.OK;
        try {
            ToolResult result = definition.handler().handle(new ToolCall(caller, transport, exchange.sessionId(),
                    CallContext.baseUrl(exchange.transportContext()), arguments));
            CallToolResult.Builder answer = CallToolResult.builder().addContent(new TextContent(result.text())).isError(false);
            if (result.structured() != null) {
                answer.structuredContent(result.structured());
            }
            return answer.build();
        } catch (ToolException e) {
            outcome = Outcome.ERROR;
            return error(e.getMessage());
        } catch (RuntimeException e) {
            outcome = Outcome.FAILED;
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
        try {
            usage.record(caller.clientHash(), tool, outcome, duration, transport == null ? null : transport.name().toLowerCase());
        } catch (RuntimeException e) {
            // Usage tracking must never cost the user their answer.
            LOG.log(Level.WARNING, "Could not record usage of " + tool + ": " + e);
        }
    }

    private static CallToolResult error(String message) {
        return CallToolResult.builder().addContent(new TextContent(message)).isError(true).build();
    }
}
