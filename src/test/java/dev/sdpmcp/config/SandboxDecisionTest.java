package dev.sdpmcp.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The sandbox must be asked for once PostgreSQL is configured; nothing set at all still gives the sandbox. */
class SandboxDecisionTest {

    @Test
    void nothingSetIsTheSandboxOnTheEmbeddedDatabase() {
        assertTrue(Settings.sandbox(false, false, false), "mvn liberty:run with nothing set");
    }

    @Test
    void aServiceDeskPlusIsNeverTheSandbox() {
        assertFalse(Settings.sandbox(true, true, false));
        assertFalse(Settings.sandbox(true, false, false));
        assertFalse(Settings.sandbox(true, true, true), "SDP_SANDBOX does not override a configured ServiceDesk Plus");
    }

    @Test
    void postgresqlWithoutBaseUrlRefusesUnlessTheSandboxIsAskedFor() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Settings.sandbox(false, true, false));
        assertTrue(refused.getMessage().contains("SDP_BASE_URL") && refused.getMessage().contains("SDP_SANDBOX=true"),
                "the message says what to set: " + refused.getMessage());
        assertTrue(Settings.sandbox(false, true, true), "SDP_SANDBOX=true on PostgreSQL");
    }
}
