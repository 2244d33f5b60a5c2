package dev.sdpmcp.it.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.it.support.RunsOnPostgresql;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lookup tools through MCP against the sandbox's ServiceDesk Plus: the instance's own values, cached. */
@RunsOnPostgresql
class LookupToolsIT extends SdpToolTestBase {

    /** Each argument-less lookup tool, the root of its values, and one value the sample data has. */
    static final Map<String, List<String>> LOOKUPS = new LinkedHashMap<>();

    static {
        LOOKUPS.put("get_priorities", List.of("priorities", "High"));
        LOOKUPS.put("get_categories", List.of("categories", "Hardware"));
        LOOKUPS.put("get_statuses", List.of("statuses", "On Hold"));
        LOOKUPS.put("get_technicians", List.of("technicians", "Heather Graham"));
        LOOKUPS.put("get_request_types", List.of("request_types", "Incident"));
        LOOKUPS.put("get_urgencies", List.of("urgencies", "Urgent"));
        LOOKUPS.put("get_impacts", List.of("impacts", "Affects Business"));
        LOOKUPS.put("get_levels", List.of("levels", "Tier 2"));
        LOOKUPS.put("get_modes", List.of("modes", "E-Mail"));
        LOOKUPS.put("get_sites", List.of("sites", "London"));
        LOOKUPS.put("get_support_groups", List.of("support_groups", "Printer Problem"));
        LOOKUPS.put("get_request_templates", List.of("request_templates", "New Hire Onboarding"));
        LOOKUPS.put("get_closure_codes", List.of("closure_codes", "Unable to Reproduce"));
    }

    @Test
    void everyLookupListsThisInstancesValuesAsStructuredContentAndText() {
        LOOKUPS.forEach((tool, expected) -> {
            String root = expected.get(0);
            Map<String, Object> answer = ok(tool, Map.of());
            List<Map<String, Object>> values = rows(answer, root);
            assertTrue(names(values, "name").contains(expected.get(1)), tool + " lists " + expected.get(1) + ": " + values);
            assertEquals(values.size(), answer.get("count"), tool);
            values.forEach(value -> assertFalse(String.valueOf(value.get("id")).isBlank(), tool + ": every value has its id"));
            String text = text(call(tool, Map.of()));
            assertTrue(text.startsWith(values.size() + " " + root.replace('_', ' ') + ":"), tool + ": " + text);
            assertTrue(text.contains("- " + expected.get(1)), tool + ": " + text);
            assertReadOnly(tool);
        });
        assertTrue(text(call("get_technicians", Map.of())).contains("Heather Graham <heather.graham@zylker.example>"),
                "technicians with their e-mail addresses");
    }

    @Test
    void getSubcategoriesOfACategoryByNameOrId() {
        Map<String, Object> byName = ok("get_subcategories", Map.of("category", "network"));
        assertEquals(List.of("Internet", "VPN", "Wi-Fi"), names(rows(byName, "subcategories"), "name"));
        String networkId = rows(ok("get_categories", Map.of()), "categories").stream()
                .filter(category -> category.get("name").equals("Network")).map(SdpToolTestBase::id).findFirst().orElseThrow();
        assertEquals(names(rows(byName, "subcategories"), "name"),
                names(rows(ok("get_subcategories", Map.of("category", networkId)), "subcategories"), "name"));
        // the subcategories of that one category, by its id on this instance (cached or asked just now)
        assertTrue(calls("GET", "/categories/" + networkId + "/subcategories") <= 1);

        String unknown = error("get_subcategories", Map.of("category", "Plumbing"));
        assertTrue(unknown.contains("no category \"Plumbing\"") && unknown.contains("Known category values") && unknown.contains("Telephony"),
                unknown);
        assertTrue(error("get_subcategories", Map.of()).contains("category"));
        assertReadOnly("get_subcategories");
    }

    @Test
    void aSecondCallWithinTheCacheTimeDoesNotReachServiceDeskPlus() {
        // "Telephony" is asked for by no other test, so its subcategories are not yet cached
        String telephony = rows(ok("get_categories", Map.of()), "categories").stream()
                .filter(category -> category.get("name").equals("Telephony")).map(SdpToolTestBase::id).findFirst().orElseThrow();
        String path = "/categories/" + telephony + "/subcategories";
        List<String> first = names(rows(ok("get_subcategories", Map.of("category", "Telephony")), "subcategories"), "name");
        long afterFirst = calls("GET", path);
        assertTrue(afterFirst <= 1, "at most one call, whoever asked first");
        List<String> second = names(rows(ok("get_subcategories", Map.of("category", "Telephony")), "subcategories"), "name");
        assertEquals(first, second);
        assertEquals(List.of("Desk Phone", "Mobile Phone"), second);
        assertEquals(afterFirst, calls("GET", path), "the second call is answered from the cache");

        long priorities = calls("GET", "/priorities");
        ok("get_priorities", Map.of());
        ok("get_priorities", Map.of());
        assertTrue(calls("GET", "/priorities") - priorities <= 1, "two calls, at most one reached ServiceDesk Plus");
    }
}
