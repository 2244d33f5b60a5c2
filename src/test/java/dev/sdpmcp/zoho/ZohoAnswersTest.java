package dev.sdpmcp.zoho;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Zoho's token endpoint answers, as Zoho Accounts' OAuth documentation describes them. */
class ZohoAnswersTest {

    @Test
    void tokens() {
        ZohoAnswer answer = ZohoAccounts.read(200, "{\"access_token\":\"1000.a.b\",\"refresh_token\":\"1000.c.d\","
                + "\"api_domain\":\"https://www.zohoapis.com\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        ZohoAnswer.Tokens tokens = assertInstanceOf(ZohoAnswer.Tokens.class, answer);
        assertEquals("1000.a.b", tokens.accessToken());
        assertEquals(Optional.of("1000.c.d"), tokens.refreshToken());
        assertEquals(3600, tokens.expiresInSeconds());
        assertFalse(tokens.toString().contains("1000.a.b"), "tokens never reach a log through toString");
        ZohoAnswer.Tokens refreshed = (ZohoAnswer.Tokens) ZohoAccounts.read(200, "{\"access_token\":\"1000.e.f\",\"expires_in\":3600}");
        assertEquals(Optional.empty(), refreshed.refreshToken());
    }

    @Test
    void errorsComeWithHttp200() {
        assertEquals(new ZohoAnswer.Refused("invalid_code"), ZohoAccounts.read(200, "{\"error\":\"invalid_code\"}"));
        assertEquals(new ZohoAnswer.Refused("invalid_client"), ZohoAccounts.read(200, "{\"error\":\"invalid_client\"}"));
    }

    @Test
    void throttleWith400Or200() {
        String body = "{\"error_description\":\"You have made too many requests continuously. Please try again after some time.\","
                + "\"error\":\"Access Denied\",\"status\":\"failure\"}";
        assertInstanceOf(ZohoAnswer.Throttled.class, ZohoAccounts.read(400, body));
        assertInstanceOf(ZohoAnswer.Throttled.class, ZohoAccounts.read(200, body));
        assertInstanceOf(ZohoAnswer.Throttled.class, ZohoAccounts.read(400, "{\"error\":\"access_denied\"}"),
                "the spelling of Zoho's limits page");
    }

    @Test
    void anythingElseIsZohoBeingUnavailable() {
        assertThrows(ZohoUnavailable.class, () -> ZohoAccounts.read(200, "<html>gateway</html>"));
        assertThrows(ZohoUnavailable.class, () -> ZohoAccounts.read(200, "{}"));
    }
}
