package dev.sdpmcp.sandbox.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** search_criteria (docs/sdp-api-fidelity.md §12): every condition and short-hand, value/values, lookups, datetimes, AND/OR and children. */
class CriteriaTest {

    static final Module REQUESTS = Catalog.module("requests");

    static ObjectNode row(String id, String subject, String status, String statusId, long created, String displayId) {
        ObjectNode row = Json.object();
        row.put("id", id);
        row.put("subject", subject);
        row.putObject("status").put("id", statusId).put("name", status);
        row.set("created_time", Json.datetime(created));
        row.put("display_id", displayId);
        row.putNull("technician");
        row.putArray("email_ids_to_notify").add("a@zylker.example").add("b@zylker.example");
        return row;
    }

    static final List<ObjectNode> ROWS = List.of(
            row("11", "Printer offline", "Open", "901", 1_000, "7"),
            row("12", "VPN drops", "Closed", "902", 2_000, "8"),
            row("13", "New laptop", "On Hold", "903", 3_000, "9"),
            row("14", "Printer toner", "Open", "901", 4_000, "10"));

    static List<String> ids(String criteria) {
        var predicate = Criteria.compile(REQUESTS, Json.parseObject("{\"c\":" + criteria + "}").get("c"));
        return ROWS.stream().filter(predicate).map(r -> r.get("id").asText()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "is               | status.name | \"open\"          | 11,14",
            "=                | status.name | \"Open\"          | 11,14",
            "eq               | status.name | \"OPEN\"          | 11,14",
            "is not           | status.name | \"Open\"          | 12,13",
            "!=               | status.name | \"Open\"          | 12,13",
            "neq              | status.name | \"Open\"          | 12,13",
            "greater than     | created_time | \"2000\"         | 13,14",
            "gt               | created_time | \"2000\"         | 13,14",
            "greater or equal | created_time | \"2000\"         | 12,13,14",
            "gte              | created_time | 2000             | 12,13,14",
            "lesser than      | created_time | \"3000\"         | 11,12",
            "lt               | created_time | \"3000\"         | 11,12",
            "lesser or equal  | created_time | \"3000\"         | 11,12,13",
            "lte              | created_time.value | \"3000\"   | 11,12,13",
            "starts with      | subject     | \"printer\"       | 11,14",
            "ends with        | subject     | \"DROPS\"         | 12",
            "contains         | subject     | \"lap\"           | 13",
            "not contains     | subject     | \"printer\"       | 12,13",
            "is               | display_id  | \"9\"             | 13",
            "greater than     | display_id  | \"8\"             | 13,14",
    })
    void everyConditionAndShortHand(String condition, String field, String value, String expected) {
        assertEquals(List.of(expected.split(",")), ids("{\"field\":\"" + field + "\",\"condition\":\"" + condition + "\",\"value\":" + value + "}"));
    }

    @Test
    void betweenAndNotBetweenTakeTwoValues() {
        assertEquals(List.of("12", "13"), ids("{\"field\":\"created_time\",\"condition\":\"between\",\"values\":[\"2000\",\"3000\"]}"));
        assertEquals(List.of("11", "14"), ids("{\"field\":\"created_time\",\"condition\":\"not between\",\"values\":[\"2000\",\"3000\"]}"));
        assertEquals(4000, assertThrows(ApiException.class,
                () -> ids("{\"field\":\"created_time\",\"condition\":\"between\",\"value\":\"2000\"}")).code());
    }

    @Test
    void valuesMeansAnyOf() {
        assertEquals(List.of("11", "12", "14"), ids("{\"field\":\"status.name\",\"condition\":\"is\",\"values\":[\"Open\",\"Closed\"]}"));
        assertEquals(List.of("13"), ids("{\"field\":\"status.name\",\"condition\":\"is not\",\"values\":[\"Open\",\"Closed\"]}"));
        assertEquals(List.of("11", "12", "14"), ids("{\"field\":\"subject\",\"condition\":\"contains\",\"values\":[\"print\",\"vpn\"]}"));
    }

    @Test
    void lookupsCompareByNameOrById() {
        assertEquals(List.of("11", "14"), ids("{\"field\":\"status\",\"condition\":\"is\",\"value\":\"Open\"}"));
        assertEquals(List.of("11", "14"), ids("{\"field\":\"status\",\"condition\":\"is\",\"value\":{\"name\":\"open\"}}"));
        assertEquals(List.of("12"), ids("{\"field\":\"status\",\"condition\":\"is\",\"value\":{\"id\":\"902\",\"name\":\"Open\"}}"));
        assertEquals(List.of("13"), ids("{\"field\":\"status.id\",\"condition\":\"is\",\"value\":\"903\"}"));
        assertEquals(List.of("13"), ids("{\"field\":\"status\",\"condition\":\"is\",\"value\":\"903\"}"));
    }

    @Test
    void nullsAndLists() {
        assertEquals(List.of("11", "12", "13", "14"), ids("{\"field\":\"technician\",\"condition\":\"is\",\"value\":null}"));
        assertEquals(List.of(), ids("{\"field\":\"technician.name\",\"condition\":\"is\",\"value\":\"Heather Graham\"}"));
        assertEquals(List.of("11", "12", "13", "14"), ids("{\"field\":\"technician.name\",\"condition\":\"is not\",\"value\":\"Heather Graham\"}"));
        assertEquals(List.of("11", "12", "13", "14"), ids("{\"field\":\"email_ids_to_notify\",\"condition\":\"is\",\"value\":\"b@zylker.example\"}"));
    }

    @Test
    void arraysJoinLeftToRightWithEachElementsOperator() {
        assertEquals(List.of("14"), ids("[{\"field\":\"status.name\",\"condition\":\"is\",\"value\":\"Open\"},"
                + "{\"field\":\"created_time\",\"condition\":\"gt\",\"value\":\"1000\",\"logical_operator\":\"AND\"}]"));
        assertEquals(List.of("11", "13", "14"), ids("[{\"field\":\"status.name\",\"condition\":\"is\",\"value\":\"Open\"},"
                + "{\"field\":\"subject\",\"condition\":\"contains\",\"value\":\"laptop\",\"logical_operator\":\"or\"}]"));
        // no operator means AND
        assertEquals(List.of("11"), ids("[{\"field\":\"status.name\",\"condition\":\"is\",\"value\":\"Open\"},"
                + "{\"field\":\"created_time\",\"condition\":\"lt\",\"value\":\"2000\"}]"));
        // (Open OR Closed) AND contains "printer", strictly left to right
        assertEquals(List.of("11", "14"), ids("[{\"field\":\"status.name\",\"condition\":\"is\",\"value\":\"Open\"},"
                + "{\"field\":\"status.name\",\"condition\":\"is\",\"value\":\"Closed\",\"logical_operator\":\"Or\"},"
                + "{\"field\":\"subject\",\"condition\":\"contains\",\"value\":\"printer\",\"logical_operator\":\"and\"}]"));
    }

    @Test
    void childrenJoinTheirParent() {
        assertEquals(List.of("11", "13"), ids("{\"field\":\"status\",\"condition\":\"is\",\"value\":{\"id\":\"901\",\"name\":\"Open\"},"
                + "\"children\":[{\"field\":\"subject\",\"condition\":\"ends with\",\"value\":\"offline\",\"logical_operator\":\"AND\"},"
                + "{\"field\":\"display_id\",\"condition\":\"is\",\"value\":\"9\",\"logical_operator\":\"OR\"}]}"));
        // nesting: Closed OR (Open AND toner)
        assertEquals(List.of("12", "14"), ids("[{\"field\":\"status.name\",\"condition\":\"is\",\"value\":\"Closed\"},"
                + "{\"logical_operator\":\"OR\",\"children\":[{\"field\":\"status.name\",\"condition\":\"is\",\"value\":\"Open\"},"
                + "{\"field\":\"subject\",\"condition\":\"contains\",\"value\":\"toner\",\"logical_operator\":\"AND\"}]}]"));
    }

    @Test
    void badCriteriaFail() {
        assertEquals("condition", assertThrows(ApiException.class,
                () -> ids("{\"field\":\"subject\",\"condition\":\"like\",\"value\":\"x\"}")).messages.get(0).get("field").asText());
        assertEquals("no_such_field", assertThrows(ApiException.class,
                () -> ids("{\"field\":\"no_such_field\",\"condition\":\"is\",\"value\":\"x\"}")).messages.get(0).get("field").asText());
        assertEquals("logical_operator", assertThrows(ApiException.class,
                () -> ids("[{\"field\":\"subject\",\"condition\":\"is\",\"value\":\"x\"},{\"field\":\"subject\",\"condition\":\"is\",\"value\":\"y\",\"logical_operator\":\"XOR\"}]"))
                .messages.get(0).get("field").asText());
        assertEquals(400, assertThrows(ApiException.class, () -> ids("{\"field\":\"subject\",\"condition\":\"is\"}")).http);
    }
}
