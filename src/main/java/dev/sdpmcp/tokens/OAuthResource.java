package dev.sdpmcp.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.config.Settings;
import dev.sdpmcp.credentials.ClientCredentials;
import dev.sdpmcp.session.CallContext;
import dev.sdpmcp.zoho.DataCenter;
import dev.sdpmcp.zoho.ZohoEndpoints;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * POST /oauth/setup {clientId, clientSecret, authCode, dataCenter?} authorizes a user (the setup page uses it);
 * DELETE /oauth/tokens, with the user's credential headers, revokes; GET /oauth/info tells the setup page where
 * grant codes come from.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class OAuthResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TokenService tokens;

    @Inject
    ZohoEndpoints endpoints;

    @Inject
    Settings settings;

    @Context
    HttpServletRequest request;

    @GET
    @Path("info")
    public Map<String, Object> info() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("sandbox", settings.sandbox());
        info.put("data_center", endpoints.dataCenter().map(Enum::name).orElse(null));
        info.put("console_url", endpoints.consoleUrl());
        info.put("scopes", ZohoEndpoints.SCOPES);
        info.put("data_centers", List.of(DataCenter.values()).stream()
                .map(dc -> Map.of("code", dc.name(), "console_url", dc.consoleUrl())).toList());
        return info;
    }

    @POST
    @Path("setup")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setup(String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            return problem(400, "invalid_request", "Send a JSON object: {\"clientId\", \"clientSecret\", \"authCode\", \"dataCenter\"?}.");
        }
        ClientCredentials caller;
        try {
            caller = ClientCredentials.of(text(json, "clientId"), text(json, "clientSecret"));
        } catch (ClientCredentials.Rejected rejected) {
            return problem(400, rejected.problem().code(), rejected.getMessage());
        }
        String code = text(json, "authCode");
        if (code == null || !code.matches("[\\x21-\\x7E]{8,512}")) {
            return problem(400, "invalid_code", "authCode is missing or is not a grant code (1000.xxxx.yyyy, no spaces).");
        }
        Optional<DataCenter> dataCenter = Optional.empty();
        String dc = text(json, "dataCenter");
        if (dc != null && !dc.isBlank()) {
            dataCenter = DataCenter.parse(dc);
            if (dataCenter.isEmpty()) {
                return problem(400, "invalid_data_center", "dataCenter must be one of " + DataCenter.codes() + ".");
            }
        }
        try {
            TokenService.Authorized authorized = tokens.authorize(caller, baseUrl(), code, dataCenter);
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("status", "authorized");
            ok.put("client_id", caller.maskedClientId());
            ok.put("scopes", authorized.scopes());
            return Response.ok(ok).build();
        } catch (TokenException e) {
            return tokenProblem(e);
        }
    }

    @DELETE
    @Path("tokens")
    public Response revoke(@Context HttpHeaders headers) {
        ClientCredentials caller;
        try {
            caller = ClientCredentials.from(name -> Optional.ofNullable(headers.getRequestHeader(name)).orElse(List.of()));
        } catch (ClientCredentials.Rejected rejected) {
            return problem(401, rejected.problem().code(), "Send your credentials as with MCP requests (headers "
                    + ClientCredentials.CLIENT_ID_HEADER + " and " + ClientCredentials.CLIENT_SECRET_HEADER + "): "
                    + rejected.getMessage());
        }
        switch (tokens.checkSecret(caller)) {
            case MISMATCH -> {
                return problem(401, "secret_mismatch", "The client secret does not match the one this server was authorized with.");
            }
            case UNKNOWN -> {
                return problem(404, "not_authorized", "This server holds no authorization for " + caller.maskedClientId() + ".");
            }
            case UNAVAILABLE -> {
                return problem(503, "token_store_unavailable", "The token store cannot be read now; try again in a minute.");
            }
            default -> {
                // MATCH
            }
        }
        TokenLedger.Revoked revoked = tokens.revoke(caller);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "revoked");
        out.put("client_id", caller.maskedClientId());
        out.put("revoked_at_zoho", revoked.revokedAtZoho());
        if (revoked.zohoProblem() != null) {
            out.put("zoho_problem", revoked.zohoProblem());
        }
        return Response.ok(out).build();
    }

    private Response tokenProblem(TokenException e) {
        int status = switch (e.reason()) {
            case "throttled" -> 429;
            case "unavailable" -> 503;
            case "secret_mismatch" -> 401;
            default -> 400;
        };
        Response.ResponseBuilder response = Response.status(status).entity(Map.of("error", e.reason(), "message", e.getMessage()));
        if (e.retryAt() != null) {
            response.header("Retry-After", Math.max(1, Duration.between(Instant.now(), e.retryAt()).toSeconds()));
        }
        return response.build();
    }

    private String baseUrl() {
        return CallContext.publicBaseUrl(request, "SERVER_HOST:" + settings.httpPort());
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Response problem(int status, String error, String message) {
        return Response.status(status).entity(Map.of("error", error, "message", message)).build();
    }
}
