package dev.sdpmcp.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestRulesTest {

    @Test
    void queryValuesAreDecodedNamesAndAllOfThem() {
        assertEquals(List.of("abc"), RequestRules.queryValues("sessionId=abc", "sessionId"));
        assertEquals(List.of("victim"), RequestRules.queryValues("session%49d=victim", "sessionId"));
        assertEquals(List.of("victim"), RequestRules.queryValues("%73%65%73%73%69%6f%6e%49%64=victim", "sessionId"));
        assertEquals(List.of("mine", "victim"), RequestRules.queryValues("sessionId=mine&session%49d=victim", "sessionId"));
        assertEquals(List.of("a b"), RequestRules.queryValues("x=1&sessionId=a+b", "sessionId"));
        assertEquals(List.of(), RequestRules.queryValues("sessionid=abc", "sessionId"));
        assertEquals(List.of(), RequestRules.queryValues(null, "sessionId"));
        // an undecodable name may hide the parameter: it counts, as a value no session has
        assertEquals(2, RequestRules.queryValues("sessionId=mine&session%4=victim", "sessionId").size());
        assertEquals(1, RequestRules.queryValues("sessionId=%zz", "sessionId").size());
    }

    @Test
    void ownOriginAndListedOriginsPassOthersDoNot() {
        List<String> allowed = List.of("http://allowed.example/");
        String own = "http://127.0.0.1:9480";
        assertTrue(RequestRules.originAllowed("http://127.0.0.1:9480", allowed, own));
        assertTrue(RequestRules.originAllowed("HTTP://127.0.0.1:9480/", allowed, own));
        assertTrue(RequestRules.originAllowed("http://allowed.example", allowed, own));
        assertTrue(RequestRules.originAllowed("http://allowed.example:80", allowed, own));
        assertTrue(RequestRules.originAllowed("https://sdp.example.com", allowed, "https://sdp.example.com:443"));
        for (String foreign : List.of("http://127.0.0.1:9481", "https://127.0.0.1:9480", "http://evil.example", "null", "",
                "http://allowed.example@evil.example", "http://allowed.example.evil.example", "http://allowed.example/x",
                "file://", "*")) {
            assertFalse(RequestRules.originAllowed(foreign, allowed, own), foreign);
        }
        assertFalse(RequestRules.originAllowed("http://127.0.0.1:9480", List.of(), ""), "no own origin known: nothing is same-origin");
    }

    @Test
    void credentialsNeedTlsExceptDirectlyFromThisMachine() {
        Set<String> proxies = Set.of("10.0.0.5");
        assertTrue(RequestRules.transportSecure(true, "203.0.113.9", null, false, proxies), "TLS to this server");
        assertTrue(RequestRules.transportSecure(false, "127.0.0.1", null, false, proxies), "a client on this machine");
        assertTrue(RequestRules.transportSecure(false, "::1", null, false, proxies));
        assertFalse(RequestRules.transportSecure(false, "203.0.113.9", null, false, proxies), "plain HTTP from afar");
        assertTrue(RequestRules.transportSecure(false, "10.0.0.5", "https", true, proxies), "a trusted proxy that used TLS");
        assertFalse(RequestRules.transportSecure(false, "10.0.0.5", "http", true, proxies), "a trusted proxy without TLS");
        assertFalse(RequestRules.transportSecure(false, "203.0.113.9", "https", true, proxies), "anyone can say https");
        assertTrue(RequestRules.transportSecure(false, "127.0.0.1", "https", true, proxies), "a proxy on this machine that used TLS");
        assertFalse(RequestRules.transportSecure(false, "127.0.0.1", "http", true, proxies), "a proxy on this machine without TLS");
        assertFalse(RequestRules.transportSecure(false, "127.0.0.1", null, true, proxies), "forwarded, scheme unknown");
        assertFalse(RequestRules.loopback("localhost"), "names are not resolved");
        assertFalse(RequestRules.loopback(null));
    }
}
