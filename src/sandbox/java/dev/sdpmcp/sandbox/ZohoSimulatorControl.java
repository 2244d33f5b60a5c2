package dev.sdpmcp.sandbox;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sandbox's "API console" and the knobs tests turn: issue a grant code for a self client, read what reached
 * the simulator, change its limits and clock.
 */
@Path("/zoho/_sim")
@Produces(MediaType.APPLICATION_JSON)
public class ZohoSimulatorControl {

    /** The scope a sandbox grant code carries unless another is asked for. */
    static final String DEFAULT_SCOPE = "SDPOnDemand.requests.ALL,SDPOnDemand.problems.ALL,SDPOnDemand.changes.ALL,"
            + "SDPOnDemand.projects.ALL,SDPOnDemand.assets.ALL,SDPOnDemand.solutions.ALL,SDPOnDemand.users.ALL,"
            + "SDPOnDemand.setup.ALL,SDPOnDemand.general.ALL";

    @Inject
    ZohoSimulator zoho;

    /** Self Client → Generate Code. Form or query: client_id, client_secret, scope?, expires_in_seconds? */
    @POST
    @Path("/grant-codes")
    public Response grantCode(@Context UriInfo uri, String body) {
        Map<String, String> params = Forms.merge(uri, body);
        String clientId = params.get("client_id");
        String secret = params.get("client_secret");
        if (clientId == null || secret == null) {
            return Response.status(400).entity(Map.of("error", "client_id and client_secret are required")).build();
        }
        Duration lifetime = params.containsKey("expires_in_seconds")
                ? Duration.ofSeconds(Long.parseLong(params.get("expires_in_seconds"))) : null;
        return zoho.issueGrantCode(clientId, secret, params.getOrDefault("scope", DEFAULT_SCOPE), lifetime)
                .map(code -> Response.ok(Map.of("code", code, "expires_in", lifetime == null
                        ? zoho.limits().grantCodeLifetime.toSeconds() : lifetime.toSeconds())).build())
                .orElse(Response.status(409).entity(Map.of("error", "this client id is registered with another secret")).build());
    }

    @GET
    @Path("/stats")
    public Map<String, Object> stats(@QueryParam("client_id") String clientId) {
        Map<String, Object> stats = new LinkedHashMap<>(zoho.stats(clientId).toMap());
        stats.put("refresh_tokens", zoho.refreshTokenCount(clientId));
        return stats;
    }

    /** The token values issued to a client (sandbox only: lets tests prove none of them is stored or logged). */
    @GET
    @Path("/tokens")
    public Map<String, Object> tokens(@QueryParam("client_id") String clientId) {
        return Map.of("tokens", zoho.tokensOf(clientId));
    }

    /** JSON-free knobs as query parameters, e.g. PUT /_sim/limits?access_token_lifetime_seconds=5 */
    @PUT
    @Path("/limits")
    public Map<String, Object> limits(@Context UriInfo uri) {
        ZohoSimulator.Limits limits = zoho.limits();
        Map<String, String> params = Forms.merge(uri, null);
        if (params.containsKey("access_token_lifetime_seconds")) {
            limits.accessTokenLifetime = Duration.ofSeconds(Long.parseLong(params.get("access_token_lifetime_seconds")));
        }
        if (params.containsKey("window_seconds")) {
            limits.window = Duration.ofSeconds(Long.parseLong(params.get("window_seconds")));
        }
        if (params.containsKey("tokens_per_window")) {
            limits.tokensPerWindow = Integer.parseInt(params.get("tokens_per_window"));
        }
        if (params.containsKey("throttle_status")) {
            limits.throttleStatus = Integer.parseInt(params.get("throttle_status"));
        }
        if (params.containsKey("latency_ms")) {
            limits.latency = Duration.ofMillis(Long.parseLong(params.get("latency_ms")));
        }
        if (params.containsKey("down")) {
            limits.down = Boolean.parseBoolean(params.get("down"));
        }
        if (params.containsKey("rotate_refresh_tokens")) {
            limits.rotateRefreshTokens = Boolean.parseBoolean(params.get("rotate_refresh_tokens"));
        }
        Map<String, Object> now = new LinkedHashMap<>();
        now.put("access_token_lifetime_seconds", limits.accessTokenLifetime.toSeconds());
        now.put("window_seconds", limits.window.toSeconds());
        now.put("tokens_per_window", limits.tokensPerWindow);
        now.put("throttle_status", limits.throttleStatus);
        now.put("latency_ms", limits.latency.toMillis());
        now.put("down", limits.down);
        now.put("rotate_refresh_tokens", limits.rotateRefreshTokens);
        return now;
    }

    @POST
    @Path("/throttle")
    public Response throttle(@QueryParam("client_id") String clientId) {
        zoho.throttleNow(clientId);
        return Response.noContent().build();
    }

    /** The user removed the app in Zoho: every token issued to the client stops working. */
    @POST
    @Path("/revoke")
    public Response revoke(@QueryParam("client_id") String clientId) {
        zoho.tokensOf(clientId).forEach(zoho::revoke);
        return Response.noContent().build();
    }

    @POST
    @Path("/expire-access-tokens")
    public Response expire(@QueryParam("client_id") String clientId) {
        zoho.expireAccessTokens(clientId);
        return Response.noContent().build();
    }

    @POST
    @Path("/advance-clock")
    public Response advance(@QueryParam("seconds") long seconds) {
        zoho.advanceClock(Duration.ofSeconds(seconds));
        return Response.noContent().build();
    }
}
