package dev.sdpmcp.it.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.Http;
import dev.sdpmcp.it.support.RunsOnPostgresql;
import dev.sdpmcp.it.support.ToolTestBase;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A web page cannot make an administrator's browser change anything through the admin API: requests that change
 * something need Content-Type application/json or X-Requested-By (neither crosses sites without a CORS preflight),
 * and a foreign Origin is refused as on the MCP endpoints.
 */
@RunsOnPostgresql
class AdminCsrfIT extends ToolTestBase {

    static Map<String, String> admin(String... headers) {
        Map<String, String> out = new HashMap<>(OperationsIT.ADMIN);
        for (int i = 0; i < headers.length; i += 2) {
            out.put(headers[i], headers[i + 1]);
        }
        return out;
    }

    @Test
    void aFormPostWithTheAdministratorsLoginIsRefused() {
        HttpResponse<String> bare = Http.send("POST", uri("/admin/usage/purge"), admin(), null);
        assertEquals(403, bare.statusCode(), bare.body());
        assertTrue(bare.body().contains("json_or_custom_header_required") && bare.body().contains("X-Requested-By"), bare.body());

        HttpResponse<String> form = Http.send("POST", uri("/admin/usage/purge"),
                admin("Content-Type", "application/x-www-form-urlencoded"), "a=b");
        assertEquals(403, form.statusCode(), form.body());
        HttpResponse<String> text = Http.send("POST", uri("/admin/users/" + user.clientHash() + "/reauth"),
                admin("Content-Type", "text/plain"), "x");
        assertEquals(403, text.statusCode(), text.body());
        HttpResponse<String> delete = Http.send("DELETE", uri("/admin/users/" + user.clientHash()), admin(), null);
        assertEquals(403, delete.statusCode(), delete.body());
        assertTrue(Http.send("GET", uri("/admin/users"), OperationsIT.ADMIN, null).body().contains(user.clientHash()),
                "the refused DELETE removed nothing");
    }

    @Test
    void aForeignOriginIsRefusedEvenWithTheHeader() {
        for (String origin : new String[] {"http://evil.example", "null", "http://127.0.0.1:1"}) {
            HttpResponse<String> refused = Http.send("POST", uri("/admin/usage/purge"),
                    admin("X-Requested-By", "x", "Content-Type", "application/json", "Origin", origin), "{}");
            assertEquals(403, refused.statusCode(), origin + ": " + refused.body());
            assertTrue(refused.body().contains("origin_not_allowed"), refused.body());
        }
    }

    @Test
    void scriptsAndTheServersOwnPagesStillWork() {
        assertEquals(200, Http.send("POST", uri("/admin/usage/purge"), admin("X-Requested-By", "script"), null).statusCode());
        assertEquals(200, Http.send("POST", uri("/admin/usage/purge"), admin("Content-Type", "application/json"), "{}").statusCode());
        String own = uri("").toString().replaceAll("/+$", ""); // the host this test sends to, as a browser would
        assertEquals(200, Http.send("POST", uri("/admin/usage/purge"),
                admin("Content-Type", "application/json", "Origin", own), "{}").statusCode(), "same origin");
        assertEquals(200, Http.send("POST", uri("/admin/usage/purge"),
                admin("X-Requested-By", "x", "Origin", "http://allowed.example"), null).statusCode(), "SDP_ALLOWED_ORIGINS");
        assertEquals(200, Http.send("GET", uri("/admin/users"), admin("Origin", "http://evil.example"), null).statusCode(),
                "reading changes nothing and gets no CORS header, so a foreign page cannot read the answer");
    }
}
