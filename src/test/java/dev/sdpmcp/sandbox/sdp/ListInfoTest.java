package dev.sdpmcp.sandbox.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** list_info over HTTP-shaped calls (docs/sdp-api-fidelity.md §12): paging, totals, limits, sorting, search_fields, fields_required. */
class ListInfoTest {

    final Sim sim = new Sim();
    final String token = sim.token("1000.LISTINFO");

    JsonNode list(String path, String listInfo) {
        return sim.ok(token, "GET", "itdesk", path, listInfo == null ? null : "{\"list_info\":" + listInfo + "}");
    }

    List<JsonNode> all() {
        List<JsonNode> rows = new ArrayList<>();
        list("requests", "{\"row_count\":100,\"fields_required\":[\"subject\",\"status\",\"priority\",\"created_time\",\"is_trashed\"]}")
                .get("requests").forEach(rows::add);
        return rows;
    }

    @Test
    void defaultsAndEnvelope() {
        JsonNode body = list("requests", null);
        assertEquals(2000, body.get("response_status").get(0).get("status_code").asInt(), "list response_status is an array");
        assertEquals("success", body.get("response_status").get(0).get("status").asText());
        JsonNode info = body.get("list_info");
        assertEquals(10, info.get("row_count").asInt());
        assertEquals(1, info.get("start_index").asInt());
        assertTrue(info.get("has_more_rows").asBoolean());
        assertFalse(info.has("total_count"), "total_count only when asked");
        assertEquals(10, body.get("requests").size());
    }

    @Test
    void compactProjectionForRequestLists() {
        Set<String> keys = new TreeSet<>();
        list("requests", null).get("requests").get(0).fieldNames().forEachRemaining(keys::add);
        assertEquals(new TreeSet<>(List.of("requester", "template", "created_time", "has_draft", "cancel_flag_comments", "display_id",
                "subject", "technician", "due_by_time", "is_service_request", "cancellation_requested", "has_notes", "id", "status",
                "group")), keys);
    }

    @Test
    void pagingHasMoreRowsAndTotalCount() {
        int total = all().size();
        assertEquals(40, total, "41 seeded requests, one in the trash");
        JsonNode last = list("requests", "{\"row_count\":15,\"start_index\":31,\"get_total_count\":true}");
        assertEquals(total - 30, last.get("requests").size());
        assertFalse(last.get("list_info").get("has_more_rows").asBoolean());
        assertEquals(total, last.get("list_info").get("total_count").asInt());
        JsonNode middle = list("requests", "{\"row_count\":15,\"start_index\":16}");
        assertTrue(middle.get("list_info").get("has_more_rows").asBoolean());
        assertEquals(15, middle.get("requests").size());
        JsonNode exact = list("requests", "{\"row_count\":10,\"start_index\":31}");
        assertFalse(exact.get("list_info").get("has_more_rows").asBoolean(), "the last full page has no more rows");
        JsonNode beyond = list("requests", "{\"start_index\":500}");
        assertEquals(0, beyond.get("requests").size());
        // pages do not overlap and cover everything
        Set<String> seen = new TreeSet<>();
        for (int start = 1; start <= total; start += 7) {
            list("requests", "{\"row_count\":7,\"start_index\":" + start + "}").get("requests").forEach(r -> seen.add(r.get("id").asText()));
        }
        assertEquals(total, seen.size());
    }

    @Test
    void rowCountOver100Fails() {
        assertEquals(100, list("requests", "{\"row_count\":100}").get("list_info").get("row_count").asInt());
        SdpSimulator.Reply reply = sim.call(token, "GET", "itdesk", "requests", "{\"list_info\":{\"row_count\":101}}");
        assertEquals(400, reply.status());
        JsonNode status = Sim.parse(reply).get("response_status");
        assertEquals(4000, status.get("status_code").asInt());
        assertEquals("failed", status.get("status").asText());
        assertEquals("row_count", status.get("messages").get(0).get("field").asText());
        assertEquals(400, sim.call(token, "GET", "itdesk", "requests", "{\"list_info\":{\"start_index\":0}}").status());
    }

    @Test
    void echoesTheRequestListInfo() {
        JsonNode info = list("requests", "{\"row_count\":3,\"sort_field\":\"created_time\",\"sort_order\":\"asc\","
                + "\"search_criteria\":[{\"field\":\"status.name\",\"condition\":\"is\",\"values\":[\"Open\"]}]}").get("list_info");
        assertEquals("created_time", info.get("sort_field").asText());
        assertEquals("asc", info.get("sort_order").asText());
        assertEquals("status.name", info.get("search_criteria").get(0).get("field").asText());
        assertTrue(info.has("has_more_rows"));
    }

    @Test
    void sortByDatetimeLookupAndText() {
        List<JsonNode> desc = new ArrayList<>();
        list("requests", "{\"row_count\":100,\"sort_field\":\"created_time\",\"sort_order\":\"desc\"}").get("requests").forEach(desc::add);
        assertEquals("Projector in the board room shows no signal", desc.get(0).get("subject").asText());
        for (int i = 1; i < desc.size(); i++) {
            assertTrue(desc.get(i - 1).get("created_time").get("value").asLong() >= desc.get(i).get("created_time").get("value").asLong());
        }
        JsonNode bySubject = list("requests", "{\"row_count\":2,\"sort_field\":\"subject\",\"sort_order\":\"ASC\"}");
        assertEquals("Access to the sales dashboard", bySubject.get("requests").get(0).get("subject").asText());
        assertEquals(400, sim.call(token, "GET", "itdesk", "requests", "{\"list_info\":{\"sort_order\":\"up\"}}").status());
    }

    @Test
    void searchFieldsPlainAndDotted() {
        List<JsonNode> rows = all();
        long openHigh = rows.stream().filter(r -> r.get("status").get("name").asText().equals("Open")
                && !r.get("priority").isNull() && r.get("priority").get("name").asText().equals("High")).count();
        assertTrue(openHigh > 0);
        JsonNode found = list("requests", "{\"row_count\":100,\"get_total_count\":true,\"search_fields\":{\"status.name\":\"open\",\"priority.name\":\"high\"}}");
        assertEquals(openHigh, found.get("list_info").get("total_count").asLong());
        JsonNode byLookup = list("requests", "{\"row_count\":100,\"search_fields\":{\"priority\":\"High\"}}");
        byLookup.get("requests").forEach(r -> assertTrue(r.has("id")));
        assertEquals(rows.stream().filter(r -> !r.get("priority").isNull() && r.get("priority").get("name").asText().equals("High")).count(),
                byLookup.get("requests").size());
        JsonNode text = list("requests", "{\"row_count\":100,\"search_fields\":{\"subject\":\"PRINT\"}}");
        assertEquals(rows.stream().filter(r -> r.get("subject").asText().toLowerCase().contains("print")).count(), text.get("requests").size());
        assertEquals(2, text.get("requests").size(), "a text field matches what contains the value");
    }

    @Test
    void fieldsRequiredLimitsTheFields() {
        JsonNode row = list("requests", "{\"row_count\":1,\"fields_required\":[\"subject\",\"priority\"]}").get("requests").get(0);
        Set<String> keys = new TreeSet<>();
        row.fieldNames().forEachRemaining(keys::add);
        assertEquals(Set.of("id", "subject", "priority"), keys);
        JsonNode beside = sim.ok(token, "GET", "itdesk", "requests", "{\"list_info\":{\"row_count\":1},\"fields_required\":[\"udf_fields\"]}");
        assertEquals(2, beside.get("requests").get(0).size());
    }

    @Test
    void trashedRequestsOnlyWhenAskedFor() {
        JsonNode trashed = list("requests", "{\"search_criteria\":{\"field\":\"is_trashed\",\"condition\":\"is\",\"value\":true}}");
        assertEquals(1, trashed.get("requests").size());
        assertEquals("Old test request", trashed.get("requests").get(0).get("subject").asText());
    }

    @Test
    void searchCriteriaOnDatetimesAndObjects() {
        List<JsonNode> rows = all();
        long newest = rows.stream().mapToLong(r -> r.get("created_time").get("value").asLong()).max().orElseThrow();
        JsonNode recent = list("requests", "{\"search_criteria\":{\"field\":\"created_time\",\"condition\":\"greater or equal\",\"value\":\"" + newest + "\"}}");
        assertEquals(1, recent.get("requests").size());
        String openId = rows.stream().filter(r -> r.get("status").get("name").asText().equals("Open")).findFirst().orElseThrow()
                .get("status").get("id").asText();
        JsonNode open = list("requests", "{\"row_count\":100,\"search_criteria\":{\"field\":\"status\",\"condition\":\"is\",\"value\":{\"id\":\"" + openId + "\",\"name\":\"Open\"}}}");
        assertEquals(rows.stream().filter(r -> r.get("status").get("name").asText().equals("Open")).count(), open.get("requests").size());
    }
}
