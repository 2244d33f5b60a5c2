package dev.sdpmcp.tokens;

import dev.sdpmcp.config.Settings;
import dev.sdpmcp.credentials.ClientCredentials;
import dev.sdpmcp.zoho.ZohoEndpoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The words users read when they must (re-)authorize or wait: where to click, what to paste, when to retry. */
@ApplicationScoped
public class AuthorizationGuide {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    @Inject
    ZohoEndpoints endpoints;

    @Inject
    Settings settings;

    /** The three ways to authorize, for a user reaching this server at {@code baseUrl}. */
    public String steps(ClientCredentials caller, String baseUrl) {
        String first = settings.sandbox()
                ? "1. This server is a sandbox (simulated ServiceDesk Plus and Zoho): get a grant code from " + baseUrl
                        + "/setup (\"Generate sandbox code\").\n"
                : "1. Open " + endpoints.consoleUrl() + " → your Self Client (" + caller.maskedClientId()
                        + ") → Generate Code. Scope (paste exactly):\n   " + ZohoEndpoints.SCOPES
                        + "\n   Time duration: 10 minutes; description: sdp-mcp.\n";
        return "Authorize this server once for your Zoho client " + caller.maskedClientId() + ":\n" + first
                + "2. Give the code to this server, one of three ways:\n"
                + "   a) here: call the authorize tool with the code (\"authorize with code 1000.…\");\n"
                + "   b) in a browser: " + baseUrl + "/setup, or POST " + baseUrl
                + "/oauth/setup with JSON {\"clientId\", \"clientSecret\", \"authCode\"};\n"
                + "   c) if you already hold a refresh token for this client: add the header \"X-SDP-Refresh-Token\": "
                + "\"${SDP_REFRESH_TOKEN}\" to this server's \"headers\" in .mcp.json.\n"
                + "Grant codes work once and expire after a few minutes: use it right away.";
    }

    /** For a caller with no stored authorization. */
    public String notAuthorized(ClientCredentials caller, String baseUrl) {
        return "Not authorized: this server holds no ServiceDesk Plus authorization for you yet.\n" + steps(caller, baseUrl);
    }

    String explain(TokenProblem problem, ClientCredentials caller, String baseUrl) {
        return switch (problem.kind()) {
            case NOT_AUTHORIZED -> notAuthorized(caller, baseUrl);
            case NEEDS_REAUTH -> "Your authorization must be renewed: " + problem.detail() + ". This happens when the "
                    + "refresh token was revoked in Zoho, the self client was deleted, or its secret changed.\n"
                    + steps(caller, baseUrl);
            case THROTTLED -> "Zoho's token limit is reached for your client (" + problem.detail() + "): no new token "
                    + "before " + when(problem.until()) + ". Try again then; nothing is lost meanwhile.";
            case UNAVAILABLE -> "Zoho's accounts server is not answering (" + problem.detail() + "). Token requests for "
                    + "you are paused until " + when(problem.until()) + "; try again then.";
            case REFUSED -> refused(problem.detail(), caller, baseUrl);
            case SECRET_MISMATCH -> "The client secret sent for " + caller.maskedClientId() + " does not match the one "
                    + "this server was authorized with, and Zoho did not accept the code with it either ("
                    + problem.detail() + "): nothing stored was used or changed. Check SDP_CLIENT_SECRET; if you "
                    + "regenerated the secret in " + endpoints.consoleUrl() + ", send the new one with a new grant code.";
        };
    }

    private String refused(String error, ClientCredentials caller, String baseUrl) {
        String why = switch (error) {
            case "invalid_code" -> "Zoho refused the code (invalid_code): a grant code works once and only for a few "
                    + "minutes, and a refresh token stops working once revoked. Generate a new code.";
            case "invalid_client" -> "Zoho does not know the client id " + caller.maskedClientId() + " (invalid_client): "
                    + "check SDP_CLIENT_ID, and that the self client exists in " + endpoints.consoleUrl() + ".";
            case "invalid_client_secret" -> "Zoho says the client secret does not belong to " + caller.maskedClientId()
                    + " (invalid_client_secret): check SDP_CLIENT_SECRET against the self client's Client Secret tab.";
            case "no_refresh_token" -> "Zoho answered without a refresh token. Generate the code again from the Self "
                    + "Client tab (not a server-based app) and use it once.";
            default -> "Zoho refused the request (" + error + ").";
        };
        return why + "\n" + steps(caller, baseUrl);
    }

    static String when(Instant instant) {
        if (instant == null) {
            return "a moment";
        }
        long seconds = Math.max(0, Duration.between(Instant.now(), instant).toSeconds());
        return TIME.format(instant) + " (in " + (seconds >= 120 ? seconds / 60 + " minutes" : seconds + " seconds") + ")";
    }
}
