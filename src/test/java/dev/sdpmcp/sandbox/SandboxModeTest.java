package dev.sdpmcp.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The sandbox WAR decides as the MCP server does (Settings.sandbox), without any of its classes. */
class SandboxModeTest {

    @Test
    void onExactlyWhenTheMcpServerIsASandbox() {
        for (boolean baseUrl : new boolean[] {false, true}) {
            for (boolean postgres : new boolean[] {false, true}) {
                for (boolean asked : new boolean[] {false, true}) {
                    boolean server;
                    try {
                        server = dev.sdpmcp.config.SettingsAccess.sandbox(baseUrl, postgres, asked);
                    } catch (IllegalStateException refusedToStart) {
                        server = false; // that server does not run at all: no simulators either
                    }
                    assertEquals(server, SandboxMode.on(baseUrl, postgres, asked),
                            "SDP_BASE_URL " + baseUrl + ", PostgreSQL " + postgres + ", SDP_SANDBOX " + asked);
                }
            }
        }
    }
}
