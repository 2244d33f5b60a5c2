package dev.sdpmcp.it.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.credentials.ClientCredentials;
import dev.sdpmcp.it.support.Deployments;
import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.RunsAfterRestart;
import dev.sdpmcp.it.support.Secrets;
import dev.sdpmcp.tokens.KeyRing;
import dev.sdpmcp.tokens.TokenService;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After the restart, with SDP_ENCRYPTION_KEY rotated (the old one as SDP_ENCRYPTION_KEY_PREVIOUS): every user is
 * still authorized, the budget spent before the restart still counts, using a user's tokens re-encrypts their values,
 * the background sweep moves every other row to the new key without anyone using it, the admin call does the same at
 * once (for values a server still on the old key wrote meanwhile), and /metrics counts the rows per key id.
 */
@RunsAfterRestart
@ExtendWith(ArquillianExtension.class)
class TokensAfterRestartIT {

    private static final Map<String, String> ADMIN = Map.of("Authorization", "Basic "
            + Base64.getEncoder().encodeToString("ops-admin:ops-admin-password".getBytes(StandardCharsets.UTF_8)));

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

    @ArquillianResource
    URL base;

    @Test
    void everyRowEndsUpOnTheNewKeyAndTokensStillWork() throws Exception {
        JsonNode state = new ObjectMapper().readTree(Files.readString(Path.of(System.getenv("IT_STATE_FILE"))));
        assertEquals(3, state.path("users").size());
        List<ClientCredentials> users = new ArrayList<>();
        List<String> before = new ArrayList<>();
        for (JsonNode user : state.path("users")) {
            ClientCredentials caller = ClientCredentials.of(user.path("client_id").asText(), user.path("client_secret").asText());
            users.add(caller);
            before.add(row(caller.clientId()));
            assertTrue(before.get(before.size() - 1).startsWith("v1:") && !before.get(before.size() - 1).contains("v1:" + keys.currentKeyId()),
                    "written with the old key: " + before.get(before.size() - 1));
        }
        String oldKey = before.get(0).substring(3, 11);
        String newKey = keys.currentKeyId();
        assertNotEquals(oldKey, newKey);
        long total = count("SELECT (SELECT COUNT(*) FROM oauth_tokens) + (SELECT COUNT(*) FROM oauth_access_tokens)");
        assertTrue(total >= 6, "two rows per user");
        // the first sweep waits 30 s after start-up: until then /metrics shows the old key's rows
        assertEquals(total, gauge(oldKey), "every row on the old key before the sweep");
        assertEquals(0, gauge(newKey));

        // using a user's tokens re-encrypts them at once, as before
        ClientCredentials first = users.get(0);
        JsonNode firstState = state.path("users").get(0);
        var status = tokens.status(first, "http://test.invalid");
        assertTrue(status.authorized(), "still authorized after the restart");
        assertEquals(firstState.path("budget_left").asInt(), 10 - status.budgetUsed(), "the budget survived the restart");
        Secrets.remember(tokens.accessToken(first, "http://test.invalid"));
        for (String value : row(first.clientId()).split("\\|")) {
            assertTrue(value.startsWith("v1:" + newKey + ":"), "re-encrypted with the new key on use: " + value);
        }

        // nobody uses the others: the background sweep moves them
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (stale(newKey) > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
        }
        assertEquals(0, stale(newKey), "the background sweep re-encrypted every row with the new key");
        for (int i = 1; i < users.size(); i++) {
            String after = row(users.get(i).clientId());
            for (String value : after.split("\\|")) {
                assertTrue(value.startsWith("v1:" + newKey + ":"), "re-encrypted in the background: " + value);
            }
            assertNotEquals(before.get(i), after);
        }
        assertEquals(0, gauge(oldKey), "/metrics: no row left on the old key");
        assertEquals(total, gauge(newKey), "/metrics: every row on the new key");

        // a server not yet rotated writes with the old key meanwhile: the admin call re-encrypts it now
        ClientCredentials second = users.get(1);
        String[] old = before.get(1).split("\\|");
        try (Connection db = postgres.getConnection();
                PreparedStatement tokensRow = db.prepareStatement("UPDATE oauth_tokens SET client_secret_encrypted = ?, "
                        + "refresh_token_encrypted = ? WHERE client_id = ?");
                PreparedStatement accessRow = db.prepareStatement("UPDATE oauth_access_tokens SET access_token_encrypted = ? "
                        + "WHERE client_id = ?")) {
            tokensRow.setString(1, old[0]);
            tokensRow.setString(2, old[1]);
            tokensRow.setString(3, second.clientId());
            assertEquals(1, tokensRow.executeUpdate());
            accessRow.setString(1, old[2]);
            accessRow.setString(2, second.clientId());
            assertEquals(1, accessRow.executeUpdate());
        }
        assertEquals(401, Http.send("POST", uri("/admin/keys/reencrypt"), Map.of(), null).statusCode());
        HttpResponse<String> keysNow = Http.send("GET", uri("/admin/keys"), ADMIN, null);
        assertEquals(200, keysNow.statusCode(), keysNow.body());
        assertEquals(2, new ObjectMapper().readTree(keysNow.body()).path("rows_by_key_id").path(oldKey).asLong(), keysNow.body());
        HttpResponse<String> swept = Http.send("POST", uri("/admin/keys/reencrypt"), Http.with(ADMIN, "X-Requested-By", "test"), null);
        assertEquals(200, swept.statusCode(), swept.body());
        JsonNode answer = new ObjectMapper().readTree(swept.body());
        assertEquals(2, answer.path("reencrypted").asInt(), swept.body());
        assertEquals(0, answer.path("failed").asInt(), swept.body());
        assertEquals(0, answer.path("remaining").asLong(), swept.body());
        assertEquals(newKey, answer.path("current_key_id").asText());
        assertEquals(0, answer.path("rows_by_key_id").path(oldKey).asLong(), swept.body());
        assertEquals(total, answer.path("rows_by_key_id").path(newKey).asLong(), swept.body());
        assertEquals(0, stale(newKey));
        assertEquals(0, gauge(oldKey));
        for (String secret : List.of(second.clientSecret(), old[0], old[1], old[2])) {
            assertFalse(swept.body().contains(secret) || keysNow.body().contains(secret), "no secret in the admin answers");
        }

        // and every user's tokens still work, decrypted from what the sweeps wrote
        for (int i = 0; i < users.size(); i++) {
            ClientCredentials caller = users.get(i);
            var now = tokens.status(caller, "http://test.invalid");
            assertTrue(now.authorized(), "still authorized after the re-encryption");
            if (i > 0) {
                assertEquals(state.path("users").get(i).path("budget_left").asInt(), 10 - now.budgetUsed(), "the budget survived");
            }
            String token = tokens.accessToken(caller, "http://test.invalid");
            assertFalse(token.isBlank());
            Secrets.remember(token);
        }
    }

    private URI uri(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }

    /** The value of sdp_encrypted_rows for a key id in /metrics. */
    private long gauge(String keyId) {
        String metrics = Http.send("GET", uri("/metrics"), Map.of(), null).body();
        Matcher line = Pattern.compile("(?m)^sdp_encrypted_rows\\{[^}]*key_id=\"" + keyId + "\"[^}]*\\} ([0-9.eE+-]+)$").matcher(metrics);
        assertTrue(line.find(), "sdp_encrypted_rows for key " + keyId + " in /metrics");
        return (long) Double.parseDouble(line.group(1));
    }

    /** Stored values not made by the current key. */
    private long stale(String currentKey) throws Exception {
        String current = "'v1:" + currentKey + ":%'";
        return count("SELECT (SELECT COUNT(*) FROM oauth_tokens WHERE client_secret_encrypted NOT LIKE " + current
                + " OR refresh_token_encrypted NOT LIKE " + current + ") + (SELECT COUNT(*) FROM oauth_access_tokens "
                + "WHERE access_token_encrypted NOT LIKE " + current + ")");
    }

    private long count(String sql) throws Exception {
        try (Connection db = postgres.getConnection(); ResultSet rows = db.createStatement().executeQuery(sql)) {
            assertTrue(rows.next());
            return rows.getLong(1);
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
