package dev.sdpmcp.admin;

import dev.sdpmcp.credentials.ClientCredentials;
import dev.sdpmcp.ops.HealthChecks;
import dev.sdpmcp.tokens.KeyRotation;
import dev.sdpmcp.tokens.TokenLedger;
import dev.sdpmcp.tokens.TokenService;
import dev.sdpmcp.transport.SessionRegistry;
import dev.sdpmcp.usage.UsageLog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Users (by client hash, with the client id masked), open sessions, forced re-authorization, removal, usage reports.
 * Nothing here ever returns a secret or a token.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("sdp-admin")
public class AdminResource {

    @Inject
    TokenLedger ledger;

    @Inject
    TokenService tokens;

    @Inject
    SessionRegistry sessions;

    @Inject
    UsageLog usage;

    @Inject
    HealthChecks health;

    /** The health checks with their details (database location, errors, circuits, sessions), which /health hides. */
    @GET
    @Path("health")
    public Map<String, Object> health() {
        return health.details();
    }

    @Inject
    KeyRotation rotation;

    @GET
    @Path("users")
    public List<Map<String, Object>> users() {
        Map<String, Long> calls = usage.report(Duration.ofHours(24), true).stream()
                .collect(Collectors.toMap(UsageLog.Line::key, UsageLog.Line::calls));
        return ledger.accounts().stream().map(account -> {
            TokenLedger.Status status = account.status();
            String hash = ClientCredentials.sha256Hex(account.clientId());
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("id", hash);
            user.put("client_id", ClientCredentials.mask(account.clientId()));
            user.put("authorized", status.authorized());
            user.put("needs_reauth", status.needsReauth());
            user.put("data_center", status.dataCenter());
            user.put("authorized_since", iso(status.createdAt()));
            user.put("last_refresh", iso(status.lastRefreshedAt()));
            user.put("refresh_count", status.refreshCount());
            user.put("token_requests_in_window", status.budgetUsed());
            user.put("last_error", status.lastError());
            user.put("calls_last_24h", calls.getOrDefault(hash, 0L));
            return user;
        }).toList();
    }

    @GET
    @Path("sessions")
    public List<Map<String, Object>> sessions() {
        Map<String, String> names = maskedByHash();
        return sessions.all().stream().map(session -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("session", session.id().substring(0, Math.min(8, session.id().length())) + "…");
            out.put("transport", session.transport().name().toLowerCase());
            out.put("user", names.getOrDefault(session.ownerHash(), "unauthorized " + session.ownerHash().substring(0, 12)));
            out.put("opened_at", session.openedAt().toString());
            out.put("last_activity", session.lastSeen().toString());
            return out;
        }).toList();
    }

    /** The user must authorize again: their stored authorization stops working now, on every server. */
    @POST
    @Path("users/{id}/reauth")
    public Response requireReauthorization(@PathParam("id") String id) {
        Optional<String> clientId = clientId(id);
        if (clientId.isEmpty() || !ledger.requireReauthorization(clientId.get(), "an administrator asked for a new authorization")) {
            return notFound(id);
        }
        tokens.forget(clientId.get());
        return Response.ok(Map.of("status", "reauthorization_required", "client_id", ClientCredentials.mask(clientId.get()))).build();
    }

    /** Revokes the user's refresh token at Zoho and deletes everything stored for them. */
    @DELETE
    @Path("users/{id}")
    public Response remove(@PathParam("id") String id) {
        Optional<String> clientId = clientId(id);
        if (clientId.isEmpty()) {
            return notFound(id);
        }
        TokenLedger.Revoked revoked = ledger.revoke(clientId.get());
        tokens.forget(clientId.get());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "removed");
        out.put("client_id", ClientCredentials.mask(clientId.get()));
        out.put("revoked_at_zoho", revoked.revokedAtZoho());
        if (revoked.zohoProblem() != null) {
            out.put("zoho_problem", revoked.zohoProblem());
        }
        return Response.ok(out).build();
    }

    /** Calls per user (masked) or per tool over the last {@code days} days. */
    @GET
    @Path("usage")
    public Response usage(@QueryParam("days") @DefaultValue("7") int days, @QueryParam("by") @DefaultValue("user") String by) {
        if (days < 1 || days > 3660 || !(by.equals("user") || by.equals("tool"))) {
            return Response.status(400).entity(Map.of("error", "invalid_request",
                    "message", "days must be 1 to 3660 and by either user or tool")).build();
        }
        boolean perUser = by.equals("user");
        Map<String, String> names = perUser ? maskedByHash() : Map.of();
        List<Map<String, Object>> lines = usage.report(Duration.ofDays(days), perUser).stream().map(line -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put(perUser ? "user" : "tool", perUser ? names.getOrDefault(line.key(), "unauthorized " + line.key().substring(0, 12)) : line.key());
            out.put("calls", line.calls());
            out.put("ok", line.ok());
            out.put("errors", line.errors());
            out.put("failures", line.failures());
            out.put("average_ms", line.averageMillis());
            return out;
        }).toList();
        return Response.ok(Map.of("days", days, "by", by, "lines", lines)).build();
    }

    /** Deletes the usage rows older than SDP_USAGE_RETENTION_DAYS now, as the daily purge does. */
    @POST
    @Path("usage/purge")
    public Map<String, Object> purgeUsage() {
        return Map.of("purged", usage.purgeExpired(), "retention_days", usage.retentionDays());
    }

    /** Deletes the token audit rows past SDP_TOKEN_EVENTS_RETENTION_DAYS now, as the daily purge does. */
    @POST
    @Path("token-events/purge")
    public Map<String, Object> purgeTokenEvents() {
        return Map.of("purged", ledger.purgeExpiredEvents(), "retention_days", ledger.eventRetentionDays());
    }

    /** Rows per encryption key id: when the previous key's id has none, SDP_ENCRYPTION_KEY_PREVIOUS can go. */
    @GET
    @Path("keys")
    public Map<String, Object> keys() {
        return keys(rotation.refreshCounts());
    }

    /** Re-encrypts every value an older key made with the current key now, as the background sweep does. */
    @POST
    @Path("keys/reencrypt")
    public Map<String, Object> reencrypt() {
        KeyRotation.Sweep sweep = rotation.reencryptAll();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reencrypted", sweep.reencrypted());
        out.put("failed", sweep.failed());
        out.putAll(keys(sweep.counts()));
        return out;
    }

    private static Map<String, Object> keys(KeyRotation.Counts counts) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("current_key_id", counts.currentKeyId());
        out.put("rows_by_key_id", counts.rowsByKeyId());
        out.put("remaining", counts.remaining());
        return out;
    }

    private Map<String, String> maskedByHash() {
        return ledger.accounts().stream().collect(Collectors.toMap(a -> ClientCredentials.sha256Hex(a.clientId()),
                a -> ClientCredentials.mask(a.clientId()), (a, b) -> a));
    }

    /** Users are named by the SHA-256 of their client id (as in the usage table), or by the client id itself. */
    private Optional<String> clientId(String id) {
        Function<TokenLedger.Account, Boolean> matches = a -> a.clientId().equals(id) || ClientCredentials.sha256Hex(a.clientId()).equals(id);
        return ledger.accounts().stream().filter(matches::apply).map(TokenLedger.Account::clientId).findFirst();
    }

    private static Response notFound(String id) {
        return Response.status(404).entity(Map.of("error", "not_found", "message", "No stored authorization for " + id + ".")).build();
    }

    private static String iso(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
