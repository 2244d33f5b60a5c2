package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.RunsOnPostgresql;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The solution (knowledge base) tools through MCP against the sandbox's ServiceDesk Plus, success and failure. */
@RunsOnPostgresql
class SolutionToolsIT extends SdpToolTestBase {

    static List<String> titles(Map<String, Object> page) {
        return column(page, "solutions", "title");
    }

    @Test
    void searchSolutionsSearchesTitleAndDescriptionOnTheServer() throws Exception {
        assertEquals(List.of("Connecting to the VPN from home"), titles(ok("search_solutions", Map.of("query", "vpn"))));
        String criteria = searchedFor("/solutions");
        assertTrue(criteria.contains("\"title\"") && criteria.contains("\"description\"") && criteria.contains("contains"), criteria);

        // "spooler" is only in a description
        assertEquals(List.of("Printer shows offline"), titles(ok("search_solutions", Map.of("query", "spooler"))));

        Map<String, Object> network = ok("search_solutions", Map.of("topic", "Network", "sort_by", "title"));
        assertEquals(List.of("Connecting to the VPN from home", "Mapping a network drive"), titles(network));
        assertTrue(sent("GET", "/solutions").path("list_info").path("search_criteria").toString().contains("topic.name"));

        assertEquals(List.of("Requesting a second monitor"), titles(ok("search_solutions", Map.of("query", "monitor",
                "topic", "Hardware"))));
        assertTrue(text(call("search_solutions", Map.of("query", "quantum entanglement"))).startsWith("No solutions found"));
        assertTrue(error("search_solutions", Map.of()).contains("Give something to search for"));
        assertTrue(error("search_solutions", Map.of("query", "vpn", "page_size", 1000)).contains("100"));
        assertReadOnly("search_solutions");
    }

    @Test
    void getSolutionShowsTheWholeTextWithoutHtml() {
        String id = id(rows(ok("search_solutions", Map.of("query", "phishing")), "solutions").get(0));
        var result = call("get_solution", Map.of("solution_id", id));
        Map<String, Object> solution = entity(ok("get_solution", Map.of("solution_id", id)), "solution");
        assertEquals("Recognizing phishing emails", solution.get("title"));
        assertEquals("Security", name(solution, "topic"));
        assertTrue(String.valueOf(solution.get("description")).contains("<p>"), "the structured content is the record as is");
        String text = text(result);
        assertTrue(text.contains("never enter credentials from a mail link") && !text.contains("<p>"), text);

        assertTrue(error("get_solution", Map.of("solution_id", UNKNOWN_ID)).contains("Not found"));
        assertTrue(error("get_solution", Map.of("solution_id", "KB-12")).contains("solution_id"));
        assertFalse(sdp().log(user).stream().anyMatch(e -> e.path("path").asText().contains("KB-12")),
                "a bad id never reaches ServiceDesk Plus");
        assertReadOnly("get_solution");
    }
}
