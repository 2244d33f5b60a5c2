package dev.sdpmcp.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SDP_BASE_URL as operators write it: the site (with SDP_INSTANCE_NAME) or the API base itself. */
class SdpAddressTest {

    static SdpAddress.Resolved resolve(String base, String instance) {
        return SdpAddress.resolve(Optional.ofNullable(base), Optional.ofNullable(instance), base == null,
                "http://127.0.0.1:3456/sandbox/sdp");
    }

    @Test
    void theSiteGetsThePortalsApiPath() {
        assertEquals("https://sdpondemand.manageengine.com/app/itdesk/api/v3",
                resolve("https://sdpondemand.manageengine.com", "itdesk").apiUrl());
        assertEquals("http://127.0.0.1:3456/sandbox/sdp/app/itdesk/api/v3", resolve(null, null).apiUrl(), "the sandbox");
        String missing = assertThrows(IllegalStateException.class, () -> resolve("https://helpdesk.example.com", null)).getMessage();
        assertTrue(missing.contains("SDP_INSTANCE_NAME") && missing.contains("/api/v3"), missing);
    }

    @Test
    void theApiBaseItselfIsTakenAsItIs() {
        SdpAddress.Resolved shortForm = resolve("https://helpdesk.example.com/api/v3", null);
        assertEquals("https://helpdesk.example.com/api/v3", shortForm.apiUrl());
        assertNull(shortForm.instance());
        SdpAddress.Resolved full = resolve("https://sdpondemand.manageengine.com/app/itdesk/api/v3", null);
        assertEquals("https://sdpondemand.manageengine.com/app/itdesk/api/v3", full.apiUrl());
        assertEquals("itdesk", full.instance());
        assertEquals("itdesk", resolve("https://sdpondemand.manageengine.com/app/itdesk/API/V3", "ITDESK").instance());
        String conflict = assertThrows(IllegalStateException.class,
                () -> resolve("https://helpdesk.example.com/api/v3", "hrdesk")).getMessage();
        assertTrue(conflict.contains("SDP_INSTANCE_NAME=hrdesk") && conflict.contains("unset"), conflict);
    }
}
