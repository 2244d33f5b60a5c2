package dev.sdpmcp.tools.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.sdp.ListInfo;
import dev.sdpmcp.sdp.SdpException;
import dev.sdpmcp.sdp.SearchCriteria;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolException;
import dev.sdpmcp.tools.ToolResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the shared list, search and record helpers send to ServiceDesk Plus and how they answer, without a server. */
class ModuleToolsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SdpModule PROBLEMS = SdpModule.of(Toolset.PROBLEMS, "problem", p -> "#" + p.path("id").asText()
            + " " + p.path("title").asText()).sortable("created_time", "title");
    private static final List<Filter> FILTERS = List.of(Filter.names("status", "status.name", null),
            Filter.contains("title", "title", null));

    private static ToolCall call(Map<String, Object> arguments) {
        return new ToolCall(null, null, null, null, arguments);
    }

    @Test
    void aListSendsItsFiltersExtraConditionsPageAndDefaultSortNewestFirst() throws ToolException, SdpException {
        ListInfo query = ModuleTools.query(call(Map.of("status", "Open,On Hold", "page", 3, "page_size", 20,
                "with_total", true)), PROBLEMS, FILTERS, List.of(SearchCriteria.of("site.name", "is", "Berlin")), "created_time");
        JsonNode listInfo = query.toInputData().path("list_info");
        assertEquals(41, listInfo.path("start_index").asInt());
        assertEquals(20, listInfo.path("row_count").asInt());
        assertEquals("created_time", listInfo.path("sort_field").asText());
        assertEquals("desc", listInfo.path("sort_order").asText());
        assertTrue(listInfo.path("get_total_count").asBoolean());
        JsonNode criteria = listInfo.path("search_criteria");
        assertEquals("site.name", criteria.path(0).path("field").asText(), "the extra conditions come first");
        assertEquals("status.name", criteria.path(1).path("field").asText());
        assertEquals(List.of("Open", "On Hold"), JSON.convertValue(criteria.path(1).path("values"), List.class));
        assertEquals("AND", criteria.path(1).path("logical_operator").asText());
    }

    @Test
    void aSortTheCallerChoosesIsAscendingUnlessToldAndNothingIsFilteredWhenNothingIsGiven() throws ToolException, SdpException {
        JsonNode listInfo = ModuleTools.query(call(Map.of("sort_by", "title")), PROBLEMS, FILTERS, List.of(), "created_time")
                .toInputData().path("list_info");
        assertEquals("title", listInfo.path("sort_field").asText());
        assertEquals("asc", listInfo.path("sort_order").asText());
        assertTrue(listInfo.path("search_criteria").isMissingNode());
        assertTrue(listInfo.path("get_total_count").isMissingNode());
        assertEquals(1, listInfo.path("start_index").asInt());
    }

    @Test
    void aSearchLooksForItsTextInAnyOfTheFieldsAndNeedsSomethingToLookFor() throws ToolException, SdpException {
        List<SearchCriteria> text = ModuleTools.searchText(call(Map.of("query", "VPN")), List.of("title", "description"), FILTERS);
        JsonNode json = text.get(0).toJson();
        assertEquals("title", json.path(0).path("field").asText());
        assertEquals("contains", json.path(0).path("condition").asText());
        assertEquals("VPN", json.path(1).path("value").asText());
        assertEquals("OR", json.path(1).path("logical_operator").asText());
        assertEquals(List.of(), ModuleTools.searchText(call(Map.of("status", "Open")), List.of("title"), FILTERS),
                "a filter alone is something to search for");
        String refused = assertThrows(ToolException.class,
                () -> ModuleTools.searchText(call(Map.of()), List.of("title"), FILTERS)).getMessage();
        assertEquals("Give something to search for: query or one of status, title.", refused);
    }

    @Test
    void aPageSaysWhatItHoldsAndWhereTheNextOneIs() throws Exception {
        ListInfo query = new ListInfo(2, 2, null, null, null, null, true);
        JsonNode body = JSON.readTree("{\"problems\":[{\"id\":\"5\",\"title\":\"Mail down\"},{\"id\":\"6\",\"title\":\"VPN\"}],"
                + "\"list_info\":{\"has_more_rows\":true,\"total_count\":7}}");
        ToolResult page = ModuleTools.page(PROBLEMS, body, query);
        assertEquals("Page 2: 2 problems of 7\n- #5 Mail down\n- #6 VPN\nMore problems: call again with page=3.", page.text());
        Map<?, ?> structured = (Map<?, ?>) page.structured();
        assertEquals(3, structured.get("next_page"));
        assertEquals(7, structured.get("total_count"));
        assertEquals(2, ((List<?>) structured.get("problems")).size());

        ToolResult last = ModuleTools.page(PROBLEMS, JSON.readTree("{\"problems\":[],\"list_info\":{\"has_more_rows\":false}}"),
                new ListInfo(4, 2, null, null, null, null, false));
        assertEquals("No problems found on page 4.", last.text());
        assertNull(((Map<?, ?>) last.structured()).get("next_page"));
        assertNull(((Map<?, ?>) last.structured()).get("total_count"));
    }

    @Test
    void recordsUnderARecordLiveUnderItsPathAndARecordIsHeadlinedAndKeptWhole() {
        assertEquals("problems/5/notes", ModuleTools.childPath(PROBLEMS, "5", PROBLEMS.under("note", n -> "")));
        ToolResult record = ModuleTools.entity(PROBLEMS, JSON.valueToTree(Map.of("id", "9", "title", "Printer")), "Created");
        assertEquals("Created: #9 Printer", record.text().lines().findFirst().orElseThrow());
        assertEquals("Printer", ((JsonNode) ((Map<?, ?>) record.structured()).get("problem")).path("title").asText());
    }

    @Test
    void aListAsksForTheChosenFieldsAndShowsOnlyThem() throws Exception {
        ListInfo query = ModuleTools.query(call(Map.of("fields", "title, status")), PROBLEMS, FILTERS, List.of(), null);
        assertEquals(List.of("title", "status"), JSON.convertValue(query.toInputData().path("fields_required"), List.class),
                "ServiceDesk Plus is asked for them only");
        JsonNode body = JSON.readTree("{\"problems\":[{\"id\":\"5\",\"title\":\"Mail down\",\"status\":{\"name\":\"Open\"},"
                + "\"description\":\"long text\"}],\"list_info\":{\"has_more_rows\":false}}");
        ToolResult page = ModuleTools.page(PROBLEMS, body, query);
        assertEquals("Page 1: 1 problem\n- [id 5] — title: Mail down; status: Open", page.text());
        JsonNode row = JSON.valueToTree(((Map<?, ?>) page.structured()).get("problems")).path(0);
        assertEquals(List.of("id", "title", "status"), names(row), "the rest is not shown");
        assertTrue(ModuleTools.query(call(Map.of()), PROBLEMS, FILTERS, List.of(), null).toInputData().path("fields_required")
                .isMissingNode(), "all fields unless chosen");
    }

    private static List<String> names(JsonNode row) {
        List<String> names = new java.util.ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void fieldsAreApiNamesAndAtMostThirty() {
        String refused = assertThrows(ToolException.class, () -> ModuleTools.fields(call(Map.of("fields", "subject,<b>")))).getMessage();
        assertTrue(refused.contains("\"<b>\" is not one"), refused);
        String many = String.join(",", java.util.Collections.nCopies(31, "subject"));
        assertTrue(assertThrows(ToolException.class, () -> ModuleTools.fields(call(Map.of("fields", many)))).getMessage()
                .contains("at most 30"));
        JsonNode record = JSON.valueToTree(Map.of("id", "1", "display_id", "7", "subject", "s", "status", "Open"));
        assertEquals(java.util.Set.of("id", "display_id", "status"), java.util.Set.copyOf(names(ModuleTools.only(record,
                List.of("status")))), "the id and display id always stay");
    }
}
