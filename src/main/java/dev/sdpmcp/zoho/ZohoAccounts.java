package dev.sdpmcp.zoho;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.http.HttpAnswer;
import dev.sdpmcp.http.RestClients;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The calls this server makes to Zoho Accounts, behind a timeout and a circuit breaker (thresholds: see
 * microprofile-config.properties). There is deliberately no retry: every request to the token endpoint spends the
 * user's budget of 10 per 10 minutes, so a retry is a decision for the token ledger (tokens), which counts it.
 */
@ApplicationScoped
@Timeout(value = 10, unit = ChronoUnit.SECONDS)
@CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 60, delayUnit = ChronoUnit.SECONDS, successThreshold = 1)
public class ZohoAccounts {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ZohoTokenApi api;

    /** The rest client for this server's accounts server (decided at start-up by {@link ZohoEndpoints}). */
    @Produces
    @ApplicationScoped
    static ZohoTokenApi tokenApi(ZohoEndpoints endpoints) {
        return RestClients.build(ZohoTokenApi.class, endpoints.accountsUrl(), 30);
    }

    static void close(@Disposes ZohoTokenApi api) {
        RestClients.close(api);
    }

    public ZohoAnswer exchangeCode(String clientId, String clientSecret, String code) {
        return tokenCall(new Form().param("grant_type", "authorization_code").param("client_id", clientId)
                .param("client_secret", clientSecret).param("code", code));
    }

    public ZohoAnswer refresh(String clientId, String clientSecret, String refreshToken) {
        return tokenCall(new Form().param("grant_type", "refresh_token").param("client_id", clientId)
                .param("client_secret", clientSecret).param("refresh_token", refreshToken));
    }

    /** True when Zoho revoked the token or no longer knows it (HTTP 400): either way it is dead. */
    public boolean revoke(String token) {
        int status = call(() -> api.revoke(new Form().param("token", token))).status();
        if (status >= 500) {
            throw new ZohoUnavailable("Zoho answered HTTP " + status + " to the revocation");
        }
        return status == 200 || status == 400;
    }

    private ZohoAnswer tokenCall(Form form) {
        HttpAnswer answer = call(() -> api.token(form));
        if (answer.status() >= 500) {
            throw new ZohoUnavailable("Zoho answered HTTP " + answer.status());
        }
        return read(answer.status(), answer.body());
    }

    /** Status and body of a call; Zoho's 4xx bodies carry meaning. */
    private static HttpAnswer call(java.util.function.Supplier<Response> request) {
        return HttpAnswer.of(request, "Zoho", ZohoUnavailable::new);
    }

    /** Zoho's answers, HTTP 200 or 4xx alike (Zoho Accounts' OAuth documentation). */
    static ZohoAnswer read(int status, String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new ZohoUnavailable("Zoho answered HTTP " + status + " with a body that is not JSON");
        }
        String error = json.path("error").asText("");
        String description = json.path("error_description").asText("");
        // "Access Denied" as observed; Zoho's limits page spells it access_denied (too many grant codes). Taken as a
        // throttle either way: waiting out a window costs less than sending a user to authorize again for nothing.
        if (error.equalsIgnoreCase("Access Denied") || error.equalsIgnoreCase("access_denied")
                || description.toLowerCase(Locale.ROOT).contains("too many requests")) {
            return new ZohoAnswer.Throttled(description.isEmpty() ? error : description);
        }
        if (!error.isEmpty()) {
            return new ZohoAnswer.Refused(error);
        }
        String access = json.path("access_token").asText("");
        if (access.isEmpty()) {
            throw new ZohoUnavailable("Zoho answered HTTP " + status + " without a token or an error");
        }
        String refresh = json.path("refresh_token").asText("");
        return new ZohoAnswer.Tokens(access, refresh.isEmpty() ? Optional.empty() : Optional.of(refresh),
                json.path("expires_in").asLong(3600), json.path("scope").asText(null));
    }
}
