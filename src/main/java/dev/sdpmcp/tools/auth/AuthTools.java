package dev.sdpmcp.tools.auth;

import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.credentials.ClientCredentials;
import dev.sdpmcp.tokens.AuthorizationGuide;
import dev.sdpmcp.tokens.TokenException;
import dev.sdpmcp.tokens.TokenLedger;
import dev.sdpmcp.tokens.TokenPolicy;
import dev.sdpmcp.tokens.TokenService;
import dev.sdpmcp.tools.JsonSchemas;
import dev.sdpmcp.tools.Preview;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.ToolDefinition.Hints;
import dev.sdpmcp.tools.ToolException;
import dev.sdpmcp.tools.ToolResult;
import dev.sdpmcp.usage.UsageLog;
import dev.sdpmcp.zoho.DataCenter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The authorization tools: what this server holds for the caller, authorizing it, and revoking it. */
@ApplicationScoped
public class AuthTools {

    /** The parts that decide what to do; the answer carries more (renewals, budget, circuit, usage). */
    private static final Map<String, Object> STATUS_SCHEMA = JsonSchemas.object().bool("authorized", null, true)
            .bool("needs_reauth", null, true).string("next_steps", null, true)
            .buildResult();

    @Inject
    TokenService tokens;

    @Inject
    TokenPolicy policy;

    @Inject
    AuthorizationGuide guide;

    @Inject
    UsageLog usage;

    @Produces
    ToolDefinition checkAuthStatus() {
        return new ToolDefinition("check_auth_status", "Check authorization status",
                "Whether you are authorized, token renewals left in Zoho's window, and what to do next. Shows no secret.",
                Toolset.AUTH, JsonSchemas.object().build(), STATUS_SCHEMA,
                Hints.reads().local(), this::checkAuthStatus);
    }

    @Produces
    ToolDefinition authorize() {
        return new ToolDefinition("authorize", "Authorize with a grant code",
                "Stores your authorization from a grant code of your Zoho self client (API console → Self Client → Generate Code; single use, valid minutes).",
                Toolset.AUTH, JsonSchemas.object()
                        .string("code", "The grant code, e.g. 1000.xxxx.yyyy", true)
                        .string("data_center", "Your Zoho data center: US, EU, IN, AU, CN, JP, UK, CA or SA (optional)", false)
                        .build(),
                null, Hints.writes(), this::authorize);
    }

    @Produces
    ToolDefinition revokeAuthorization() {
        return new ToolDefinition("revoke_authorization", "Revoke authorization",
                "Revokes your refresh token at Zoho and deletes all this server stores for you; authorize again to go on.",
                Toolset.AUTH, JsonSchemas.object().build(), null,
                Hints.writes().destructive().idempotent(), this::revoke).confirmedBy(call -> {
                    TokenLedger.Status status = tokens.status(call.caller(), call.baseUrl());
                    return Preview.of("Revoke your authorization: Zoho forgets your refresh token and this server deletes what "
                            + "it stores for you; ServiceDesk Plus tools then need a new grant code (authorize)")
                            .change("Authorization", status.authorized() ? "stored" : "none stored", "deleted");
                });
    }

    private ToolResult checkAuthStatus(ToolCall call) {
        ClientCredentials caller = call.caller();
        TokenLedger.Status status = tokens.status(caller, call.baseUrl());
        long calls = usage.callsSince(caller.clientHash(), Duration.ofHours(24));
        int budgetLeft = Math.max(0, policy.budget() - status.budgetUsed());
        String circuit = circuit(status);
        String nextSteps = status.authorized() ? "Nothing to do: ServiceDesk Plus tools work for you."
                : status.needsReauth() ? "Authorize again (" + status.lastError() + ").\n" + guide.steps(caller, call.baseUrl())
                : guide.steps(caller, call.baseUrl());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("client_id", caller.maskedClientId());
        out.put("authorized", status.authorized());
        out.put("needs_reauth", status.needsReauth());
        out.put("last_refresh", iso(status.lastRefreshedAt()));
        out.put("refresh_count", status.refreshCount());
        out.put("data_center", status.dataCenter());
        out.put("refresh_budget_left", budgetLeft);
        out.put("refresh_budget_resets_at", status.budgetFreesAt() == null ? null : status.budgetFreesAt().toString());
        out.put("circuit", circuit);
        out.put("last_error", status.lastError());
        out.put("transport", call.transport() == null ? "unknown" : call.transport().name().toLowerCase());
        out.put("calls_last_24h", calls);
        out.put("next_steps", nextSteps);
        String text = "Client id: " + caller.maskedClientId()
                + "\nAuthorized: " + (status.authorized() ? "yes" : status.needsReauth() ? "no — must re-authorize" : "no")
                + (status.lastRefreshedAt() == null ? "" : "\nLast token renewal: " + iso(status.lastRefreshedAt())
                        + " (" + status.refreshCount() + " renewals)")
                + (status.dataCenter() == null ? "" : "\nData center: " + status.dataCenter())
                + "\nToken requests left: " + budgetLeft + " of " + policy.budget() + " per " + policy.window().toMinutes() + " minutes"
                + "\nCircuit: " + circuit
                + (status.lastError() == null ? "" : "\nLast error: " + status.lastError())
                + "\nTool calls in the last 24 h: " + calls
                + "\nNext: " + nextSteps;
        return ToolResult.of(text, out);
    }

    private ToolResult authorize(ToolCall call) throws ToolException, TokenException {
        String code = call.requiredText("code");
        if (!code.matches("[\\x21-\\x7E]{8,512}")) {
            throw new ToolException("That is not a grant code: codes look like 1000.xxxx.yyyy, without spaces.");
        }
        Optional<DataCenter> dataCenter = Optional.empty();
        Optional<String> dc = call.text("data_center");
        if (dc.isPresent()) {
            dataCenter = Optional.of(DataCenter.parse(dc.get()).orElseThrow(() -> new ToolException(
                    "Unknown data center \"" + dc.get() + "\": use one of " + DataCenter.codes() + ".")));
        }
        TokenService.Authorized authorized = tokens.authorize(call.caller(), call.baseUrl(), code, dataCenter);
        return ToolResult.of("Authorized: ServiceDesk Plus tools now work for " + call.caller().maskedClientId()
                + (authorized.scopes() == null ? "." : " (scopes: " + authorized.scopes() + ")."), null);
    }

    private ToolResult revoke(ToolCall call) {
        TokenLedger.Revoked revoked = tokens.revoke(call.caller());
        if (!revoked.hadTokens()) {
            return ToolResult.of("Nothing to revoke: this server holds no authorization for "
                    + call.caller().maskedClientId() + ".", null);
        }
        return ToolResult.of(revoked.revokedAtZoho()
                ? "Revoked at Zoho and deleted here. Authorize again to use ServiceDesk Plus tools."
                : "Deleted here, but Zoho could not confirm the revocation (" + revoked.zohoProblem() + "). Remove the "
                        + "connection yourself under Zoho Accounts → Sessions → Connected Apps.", null);
    }

    private static String circuit(TokenLedger.Status status) {
        Instant now = Instant.now();
        if (status.throttledUntil() != null && now.isBefore(status.throttledUntil().toInstant())) {
            return "open: Zoho throttled token requests until " + status.throttledUntil().toInstant();
        }
        if (status.circuitOpenUntil() != null && now.isBefore(status.circuitOpenUntil().toInstant())) {
            return "open: paused after " + status.consecutiveFailures() + " failures until " + status.circuitOpenUntil().toInstant();
        }
        return status.consecutiveFailures() == 0 ? "closed" : "closed (" + status.consecutiveFailures() + " recent failure(s))";
    }

    private static String iso(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
