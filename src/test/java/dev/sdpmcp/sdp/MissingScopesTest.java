package dev.sdpmcp.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which scope a call needs, and what is remembered when a renewed token is still refused. */
class MissingScopesTest {

    @Test
    void eachPathNeedsItsModulesScope() {
        assertEquals("SDPOnDemand.assets.READ", Scopes.needed("GET", "assets/123"));
        assertEquals("SDPOnDemand.assets.READ", Scopes.needed("GET", "products"));
        assertEquals("SDPOnDemand.requests.UPDATE", Scopes.needed("PUT", "requests/4/close"));
        assertEquals("SDPOnDemand.requests.CREATE", Scopes.needed("POST", "requests/4/notes"));
        assertEquals("SDPOnDemand.projects.DELETE", Scopes.needed("DELETE", "projects/1/tasks/2"));
        assertEquals("SDPOnDemand.users.READ", Scopes.needed("GET", "technicians"));
        assertEquals("SDPOnDemand.solutions.READ", Scopes.needed("GET", "topics"));
        assertEquals("SDPOnDemand.setup.READ", Scopes.needed("GET", "request_templates"));
        assertEquals("SDPOnDemand.setup.READ", Scopes.needed("GET", "priorities"));
        assertEquals("SDPOnDemand.general.READ", Scopes.needed("GET", "sites"));
        for (String module : java.util.List.of("requests", "problems", "changes", "projects", "assets", "solutions", "users")) {
            assertTrue(dev.sdpmcp.zoho.ZohoEndpoints.SCOPES.contains("SDPOnDemand." + module + ".ALL"), module);
        }
    }

    @Test
    void aMissingScopeIsRememberedForThatTokenOnly() {
        MissingScopes missing = new MissingScopes(100);
        assertFalse(missing.verifiedFresh("alice", "token-1"));
        missing.remember("alice", "token-1", "SDPOnDemand.assets.READ");
        assertTrue(missing.lacks("alice", "token-1", "SDPOnDemand.assets.READ"));
        assertTrue(missing.verifiedFresh("alice", "token-1"));
        assertFalse(missing.lacks("alice", "token-1", "SDPOnDemand.requests.READ"), "only the scope refused");
        assertFalse(missing.lacks("bob", "token-1", "SDPOnDemand.assets.READ"), "only the user refused");
        assertFalse(missing.lacks("alice", "token-2", "SDPOnDemand.assets.READ"), "a new token is tried afresh");
        assertFalse(missing.lacks("alice", "token-1", "SDPOnDemand.assets.READ"), "the old token's entry is gone");
    }

    @Test
    void theMemoryIsBounded() {
        MissingScopes missing = new MissingScopes(3);
        for (int i = 0; i < 10; i++) {
            missing.remember("user" + i, "token", "SDPOnDemand.assets.READ");
        }
        assertEquals(3, missing.size());
        assertTrue(missing.lacks("user9", "token", "SDPOnDemand.assets.READ"));
        assertFalse(missing.lacks("user0", "token", "SDPOnDemand.assets.READ"), "the users seen longest ago go first");
    }
}
