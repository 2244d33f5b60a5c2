package dev.sdpmcp.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** ServiceDesk Plus envelopes (docs/sdp-api-fidelity.md §2) and the sentences users get for each failure. */
class SdpErrorsTest {

    static String refused(int http, String body) throws Exception {
        JsonNode json = SdpClient.JSON.readTree(body);
        return assertThrows(SdpException.class, () -> SdpClient.checked(new SdpHttp.Answer(http, json), "requests/42")).getMessage();
    }

    static String failure(String message) {
        return "{\"response_status\":{\"status_code\":4000,\"status\":\"failed\",\"messages\":[" + message + "]}}";
    }

    @Test
    void successComesInBothEnvelopeForms() throws Exception {
        JsonNode single = SdpClient.JSON.readTree("{\"request\":{\"id\":\"1\"},\"response_status\":{\"status_code\":2000,\"status\":\"success\"}}");
        assertEquals(single, SdpClient.checked(new SdpHttp.Answer(200, single), "requests/1"));
        JsonNode list = SdpClient.JSON.readTree("{\"response_status\":[{\"status_code\":2000,\"status\":\"success\"}],\"list_info\":{},\"requests\":[]}");
        assertEquals(list, SdpClient.checked(new SdpHttp.Answer(200, list), "requests"));
    }

    @Test
    void eachCodeSaysWhatToDo() throws Exception {
        String missing = refused(400, failure("{\"status_code\":4012,\"type\":\"failed\",\"fields\":[\"mode\",\"urgency\",\"level\"]}"));
        assertTrue(missing.contains("Mandatory fields are missing: mode, urgency, level"), missing);
        String unknown = refused(400, failure("{\"status_code\":4001,\"type\":\"failed\",\"field\":\"requester\",\"message\":\"Id or Name given in Input does not exist\"}"));
        assertTrue(unknown.contains("\"requester\"") && unknown.contains("does not exist"), unknown);
        assertTrue(refused(403, failure("{\"status_code\":4002,\"type\":\"failed\"}")).contains("not allowed"));
        assertTrue(refused(404, failure("{\"status_code\":4007,\"type\":\"failed\",\"message\":\"Invalid URL\"}")).contains("Not found: requests/42"));
        assertTrue(refused(400, failure("{\"status_code\":4014,\"type\":\"failed\",\"field\":\"display_id\"}")).contains("\"display_id\" cannot be changed"));
        assertTrue(refused(429, failure("{\"status_code\":4015,\"type\":\"failed\"}")).contains("try again"));
        assertTrue(refused(400, failure("{\"status_code\":7001,\"type\":\"failed\"}")).contains("license"));
        String extra = refused(400, failure("{\"status_code\":4000,\"type\":\"failed\",\"field\":\"email\",\"message\":\"EXTRA_KEY_FOUND_IN_JSON\"}"));
        assertTrue(extra.contains("a bug"), extra);
    }

    @Test
    void aFailureInsideHttp200IsStillAFailure() throws Exception {
        String message = refused(200, failure("{\"status_code\":4001,\"type\":\"failed\",\"field\":\"priority\"}"));
        assertTrue(message.contains("\"priority\""), message);
    }

    @Test
    void searchCriteriaNestAsServiceDeskPlusReadsThem() {
        SearchCriteria tree = SearchCriteria.all(java.util.List.of(SearchCriteria.of("status.name", "is", "Open"),
                SearchCriteria.any(java.util.List.of(SearchCriteria.of("subject", "contains", "vpn"), SearchCriteria.of("description", "contains", "vpn")))));
        assertEquals("[{\"field\":\"status.name\",\"condition\":\"is\",\"value\":\"Open\"},{\"field\":\"subject\",\"condition\":"
                + "\"contains\",\"value\":\"vpn\",\"children\":[{\"field\":\"description\",\"condition\":\"contains\",\"value\":\"vpn\","
                + "\"logical_operator\":\"OR\"}],\"logical_operator\":\"AND\"}]", tree.toJson().toString());
        assertEquals("[{\"field\":\"status.name\",\"condition\":\"is\",\"values\":[\"Open\",\"On Hold\"]}]",
                SearchCriteria.of("status.name", "is", "Open", "On Hold").toJson().toString());
        var page = new ListInfo(3, 25, "created_time", "desc", null, null, true).toInputData().path("list_info");
        assertEquals(51, page.path("start_index").asInt(), "1-based");
        assertTrue(page.path("get_total_count").asBoolean());
    }
}
