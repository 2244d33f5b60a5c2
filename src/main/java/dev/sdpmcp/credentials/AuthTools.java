package dev.sdpmcp.credentials;

import dev.sdpmcp.tools.JsonSchemas;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.ToolResult;
import dev.sdpmcp.usage.UsageLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The authorization tools: what this server knows about the caller's Zoho authorization. */
@ApplicationScoped
public class AuthTools {

    private static final Map<String, Object> STATUS_SCHEMA = JsonSchemas.object()
            .string("client_id", "The caller's Zoho client id, masked", true)
            .bool("authorized", "Whether this server can call ServiceDesk Plus for the caller", true)
            .bool("tokens_stored", "Whether this server holds tokens for the caller", true)
            .string("transport", "The MCP transport of this session: sse or streamable", true)
            .integer("calls_last_24h", "Tool calls recorded for the caller in the last 24 hours", true)
            .string("next_steps", "What to do next", true)
            .build();

    @Inject
    UsageLog usage;

    @Produces
    ToolDefinition checkAuthStatus() {
        return new ToolDefinition("check_auth_status", "Check authorization status",
                "Shows whether this server is authorized to use ServiceDesk Plus for you (your Zoho client id, "
                        + "masked), your recent usage, and what to do next. Never shows a token or secret.",
                "auth", JsonSchemas.object().build(), STATUS_SCHEMA,
                ToolDefinition.readOnly("Check authorization status", false), this::checkAuthStatus);
    }

    private ToolResult checkAuthStatus(ToolCall call) {
        ClientCredentials caller = call.caller();
        long calls = usage.callsSince(caller.clientHash(), Duration.ofHours(24));
        String nextSteps = "This server holds no ServiceDesk Plus tokens for you yet. Authorize it once with a "
                + "grant code from your Zoho self client (API console → Self Client → Generate Code).";
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("client_id", caller.maskedClientId());
        status.put("authorized", false);
        status.put("tokens_stored", false);
        status.put("transport", call.transport() == null ? "unknown" : call.transport().name().toLowerCase());
        status.put("calls_last_24h", calls);
        status.put("next_steps", nextSteps);
        String text = "Client id: " + caller.maskedClientId() + "\nAuthorized: no (no tokens stored)\n"
                + "Tool calls in the last 24 h: " + calls + "\nNext: " + nextSteps;
        return ToolResult.of(text, status);
    }
}
