package dev.sdpmcp.sandbox;

import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Zoho Accounts' OAuth endpoints, as the server (or any client) calls them. Parameters may come in the query
 * string or a form body, as Zoho accepts both.
 */
@Path("/zoho/oauth/v2")
@Produces(MediaType.APPLICATION_JSON)
public class ZohoAccountsResource {

    @Inject
    ZohoSimulator zoho;

    @POST
    @Path("/token")
    public Response token(@Context UriInfo uri, String body) {
        Response unavailable = unavailable();
        if (unavailable != null) {
            return unavailable;
        }
        ZohoSimulator.Answer answer = zoho.token(Forms.merge(uri, body));
        return Response.status(answer.status()).entity(answer.body()).build();
    }

    /** The documented revoke call: POST /oauth/v2/token/revoke?token=… */
    @POST
    @Path("/token/revoke")
    public Response revoke(@Context UriInfo uri, String body) {
        Response unavailable = unavailable();
        if (unavailable != null) {
            return unavailable;
        }
        return revoked(zoho.revoke(Forms.merge(uri, body).get("token"), uri.getQueryParameters().containsKey("token")));
    }

    /** The newer variant: POST /oauth/v2/revoke/token with Basic client credentials and token, token_type. */
    @POST
    @Path("/revoke/token")
    public Response revokeWithClientAuth(@Context UriInfo uri, String body, @HeaderParam("Authorization") String authorization) {
        Response unavailable = unavailable();
        if (unavailable != null) {
            return unavailable;
        }
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return Response.status(401).entity(Map.of("error", "invalid_client")).build();
        }
        String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        if (!credentials.contains(":")) {
            return Response.status(401).entity(Map.of("error", "invalid_client")).build();
        }
        return revoked(zoho.revoke(Forms.merge(uri, body).get("token"), uri.getQueryParameters().containsKey("token")));
    }

    private static Response revoked(boolean revoked) {
        return revoked ? Response.ok(Map.of("status", "success")).build()
                : Response.status(400).entity(Map.of("status", "failure", "error", "invalid_token")).build();
    }

    private Response unavailable() {
        ZohoSimulator.Limits limits = zoho.limits();
        if (!limits.latency.isZero()) {
            try {
                Thread.sleep(limits.latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return limits.down ? Response.status(503).entity(Map.of("error", "service unavailable")).build() : null;
    }
}
