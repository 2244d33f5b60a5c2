package dev.sdpmcp.it.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.credentials.ClientCredentials;
import dev.sdpmcp.it.Deployments;
import dev.sdpmcp.it.Secrets;
import dev.sdpmcp.tokens.KeyRing;
import dev.sdpmcp.tokens.TokenService;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After the restart, with SDP_ENCRYPTION_KEY rotated (the old one as SDP_ENCRYPTION_KEY_PREVIOUS): every user is
 * still authorized, the budget spent before the restart still counts, and using a user's tokens re-encrypts every
 * stored value with the new key.
 */
@ExtendWith(ArquillianExtension.class)
class TokensAfterRestartIT {

    @Deployment
    static WebArchive app() {
        return Deployments.serverWith(TokensAfterRestartIT.class);
    }

    @Inject
    TokenService tokens;

    @Inject
    KeyRing keys;

    @Resource(lookup = "jdbc/sdpPostgres")
    DataSource postgres;

    @Test
    void usersStayAuthorizedTheBudgetSurvivesAndTheNewKeyTakesOver() throws Exception {
        JsonNode state = new ObjectMapper().readTree(Files.readString(Path.of(System.getenv("IT_STATE_FILE"))));
        assertEquals(3, state.path("users").size());
        for (JsonNode user : state.path("users")) {
            ClientCredentials caller = ClientCredentials.of(user.path("client_id").asText(), user.path("client_secret").asText());
            String before = row(caller.clientId());
            assertTrue(before.startsWith("v1:") && !before.contains("v1:" + keys.currentKeyId()), "written with the old key: " + before);

            var status = tokens.status(caller, "http://test.invalid");
            assertTrue(status.authorized(), "still authorized after the restart");
            assertEquals(user.path("budget_left").asInt(), 10 - status.budgetUsed(), "the budget survived the restart");
            Secrets.remember(tokens.accessToken(caller, "http://test.invalid"));

            String after = row(caller.clientId());
            for (String value : after.split("\\|")) {
                assertTrue(value.startsWith("v1:" + keys.currentKeyId() + ":"), "re-encrypted with the new key: " + value);
            }
            assertNotEquals(before, after);
        }
    }

    /** The three encrypted values of a user, joined. */
    String row(String clientId) throws Exception {
        try (Connection db = postgres.getConnection();
                PreparedStatement query = db.prepareStatement("SELECT t.client_secret_encrypted, t.refresh_token_encrypted, "
                        + "a.access_token_encrypted FROM oauth_tokens t JOIN oauth_access_tokens a ON a.client_id = t.client_id "
                        + "WHERE t.client_id = ?")) {
            query.setString(1, clientId);
            try (ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next());
                return rows.getString(1) + "|" + rows.getString(2) + "|" + rows.getString(3);
            }
        }
    }
}
