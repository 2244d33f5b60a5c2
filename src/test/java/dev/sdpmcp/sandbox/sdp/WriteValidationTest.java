package dev.sdpmcp.sandbox.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Write validation (docs/sdp-api-fidelity.md §1, §2): 4012 with fields, EXTRA_KEY_FOUND_IN_JSON, 4014, 4001 with field, 4021, lookups. */
class WriteValidationTest {

    final Sim sim = new Sim();
    final String token = sim.token("1000.WRITER");

    SdpSimulator.Reply post(String path, String inputData) {
        return sim.call(token, "POST", "itdesk", path, inputData);
    }

    /** The first failure message, after checking the failure envelope and the HTTP status. */
    static JsonNode failure(SdpSimulator.Reply reply, int http) {
        assertEquals(http, reply.status(), reply.body());
        JsonNode status = Sim.parse(reply).get("response_status");
        assertEquals(4000, status.get("status_code").asInt());
        assertEquals("failed", status.get("status").asText());
        JsonNode message = status.get("messages").get(0);
        assertEquals("failed", message.get("type").asText());
        return message;
    }

    static List<String> strings(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    JsonNode lookup(String path, String name) {
        for (JsonNode row : sim.ok(token, "GET", "itdesk", path, "{\"list_info\":{\"row_count\":100}}").get(path)) {
            if (row.get("name").asText().equals(name)) {
                return row;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void mandatoryFieldsAreNamed() {
        JsonNode message = failure(post("requests", "{\"request\":{\"description\":\"no subject\"}}"), 400);
        assertEquals(4012, message.get("status_code").asInt());
        assertEquals(List.of("subject"), strings(message.get("fields")));
        assertEquals(List.of("subject"), strings(failure(post("requests", null), 400).get("fields")), "no input_data at all");
        assertEquals(List.of("name", "product", "state"), strings(failure(post("assets", "{\"asset\":{\"asset_tag\":\"X\"}}"), 400).get("fields")));
        assertEquals(List.of("title"), strings(failure(post("problems", "{\"problem\":{}}"), 400).get("fields")));
        assertEquals(List.of("subject"), strings(failure(post("requests", "{\"request\":{\"subject\":\"   \"}}"), 400).get("fields")));
        String id = sim.ok(token, "POST", "itdesk", "requests", "{\"request\":{\"subject\":\"fine\"}}").get("request").get("id").asText();
        assertEquals(List.of("subject"), strings(failure(sim.call(token, "PUT", "itdesk", "requests/" + id,
                "{\"request\":{\"subject\":null}}"), 400).get("fields")));
    }

    @Test
    void unknownKeysAnywhereAreExtraKeys() {
        JsonNode nested = failure(post("requests", "{\"request\":{\"subject\":\"x\",\"requester\":{\"email\":\"lincoln@zylker.example\"}}}"), 400);
        assertEquals(4000, nested.get("status_code").asInt());
        assertEquals("EXTRA_KEY_FOUND_IN_JSON", nested.get("message").asText());
        assertEquals("email", nested.get("field").asText());
        assertEquals("colour", failure(post("requests", "{\"request\":{\"subject\":\"x\",\"colour\":\"red\"}}"), 400).get("field").asText());
        assertEquals("requests", failure(post("requests", "{\"requests\":{\"subject\":\"x\"}}"), 400).get("field").asText());
        assertEquals("code", failure(post("requests", "{\"request\":{\"subject\":\"x\",\"closure_info\":{\"code\":\"y\"}}}"), 400)
                .get("field").asText());
        assertEquals("custom1", failure(post("requests", "{\"request\":{\"subject\":\"x\",\"udf_fields\":{\"custom1\":\"y\"}}}"), 400)
                .get("field").asText());
        assertEquals("content", failure(post("requests", "{\"request\":{\"subject\":\"x\",\"due_by_time\":{\"content\":\"1\"}}}"), 400)
                .get("field").asText());
        // what the API itself returns inside a lookup may be sent back
        JsonNode high = lookup("priorities", "High");
        assertEquals(200, post("requests", "{\"request\":{\"subject\":\"x\",\"priority\":" + high + "}}").status());
    }

    @Test
    void readOnlyFields() {
        for (String field : List.of("\"id\":\"1\"", "\"display_id\":\"5\"", "\"created_time\":{\"value\":\"1\"}",
                "\"created_by\":{\"name\":\"Administrator\"}", "\"is_trashed\":true", "\"has_notes\":true")) {
            JsonNode message = failure(post("requests", "{\"request\":{\"subject\":\"x\"," + field + "}}"), 400);
            assertEquals(4014, message.get("status_code").asInt(), field);
            assertEquals(field.substring(1, field.indexOf('"', 1)), message.get("field").asText());
        }
    }

    @Test
    void lookupsByIdOrNameIdWins() {
        JsonNode high = lookup("priorities", "High");
        JsonNode byName = sim.ok(token, "POST", "itdesk", "requests", "{\"request\":{\"subject\":\"a\",\"priority\":{\"name\":\"high\"}}}");
        assertEquals(high.get("id"), byName.get("request").get("priority").get("id"));
        assertEquals("#ff0000", byName.get("request").get("priority").get("color").asText());
        JsonNode both = sim.ok(token, "POST", "itdesk", "requests",
                "{\"request\":{\"subject\":\"b\",\"priority\":{\"id\":\"" + high.get("id").asText() + "\",\"name\":\"Low\"}}}");
        assertEquals("High", both.get("request").get("priority").get("name").asText(), "id wins over name");
        JsonNode unknown = failure(post("requests", "{\"request\":{\"subject\":\"c\",\"priority\":{\"name\":\"Critical\"}}}"), 400);
        assertEquals(4001, unknown.get("status_code").asInt());
        assertEquals("priority", unknown.get("field").asText());
        assertEquals("status", failure(post("requests", "{\"request\":{\"subject\":\"c\",\"status\":{\"id\":\"1\"}}}"), 400).get("field").asText());
        // a plain string for a lookup is refused (fidelity §1)
        JsonNode plain = failure(post("requests", "{\"request\":{\"subject\":\"c\",\"status\":\"Closed\"}}"), 400);
        assertEquals(4021, plain.get("status_code").asInt());
        assertEquals("status", plain.get("field").asText());
    }

    @Test
    void usersByIdNameOrEmail() {
        JsonNode byEmail = sim.ok(token, "POST", "itdesk", "requests",
                "{\"request\":{\"subject\":\"u\",\"requester\":{\"email_id\":\"JANE.COOPER@zylker.example\"},\"technician\":{\"name\":\"Heather Graham\"}}}");
        assertEquals("Jane Cooper", byEmail.get("request").get("requester").get("name").asText());
        assertEquals("heather.graham@zylker.example", byEmail.get("request").get("technician").get("email_id").asText());
        String janeId = byEmail.get("request").get("requester").get("id").asText();
        assertEquals("jane.cooper@zylker.example", sim.ok(token, "POST", "itdesk", "requests",
                "{\"request\":{\"subject\":\"v\",\"requester\":{\"id\":\"" + janeId + "\"}}}").get("request").get("requester").get("email_id").asText());
        JsonNode notTechnician = failure(post("requests", "{\"request\":{\"subject\":\"w\",\"technician\":{\"email_id\":\"jane.cooper@zylker.example\"}}}"), 400);
        assertEquals(4001, notTechnician.get("status_code").asInt());
        assertEquals("technician", notTechnician.get("field").asText());
        assertEquals("requester", failure(post("requests", "{\"request\":{\"subject\":\"w\",\"requester\":{\"email_id\":\"nobody@zylker.example\"}}}"), 400)
                .get("field").asText());
    }

    @Test
    void subcategoriesBelongToTheirCategory() {
        JsonNode ok = sim.ok(token, "POST", "itdesk", "requests",
                "{\"request\":{\"subject\":\"s\",\"category\":{\"name\":\"Hardware\"},\"subcategory\":{\"name\":\"Laptop\"},\"item\":{\"name\":\"Dell\"}}}");
        assertEquals("Dell", ok.get("request").get("item").get("name").asText());
        JsonNode wrong = failure(post("requests", "{\"request\":{\"subject\":\"s\",\"category\":{\"name\":\"Network\"},\"subcategory\":{\"name\":\"Laptop\"}}}"), 400);
        assertEquals("subcategory", wrong.get("field").asText());
    }

    @Test
    void datetimesAreValueObjects() {
        JsonNode request = sim.ok(token, "POST", "itdesk", "requests",
                "{\"request\":{\"subject\":\"d\",\"due_by_time\":{\"value\":\"1593000300533\"}}}").get("request");
        assertEquals("1593000300533", request.get("due_by_time").get("value").asText());
        assertEquals("Jun 24, 2020 12:05 PM", request.get("due_by_time").get("display_value").asText());
        assertEquals(1593000300533L, sim.ok(token, "POST", "itdesk", "requests",
                "{\"request\":{\"subject\":\"d\",\"due_by_time\":{\"value\":1593000300533}}}").get("request").get("due_by_time").get("value").asLong());
        JsonNode bare = failure(post("requests", "{\"request\":{\"subject\":\"d\",\"due_by_time\":\"1593000300533\"}}"), 400);
        assertEquals(4021, bare.get("status_code").asInt());
        assertEquals("due_by_time", bare.get("field").asText());
    }

    /**
     * Every date and time any module answers, its own fields, those inside objects (a resolution's submitted_on) and
     * date UDFs, is {"value": "<ms>", "display_value": …} (docs/sdp-api-fidelity.md §12): a sweep of the whole seed.
     */
    @Test
    void everyDateTheSimulatorAnswersIsValueAndDisplayValue() {
        sim.ok(token, "GET", "itdesk", "requests", null); // creates and seeds the portal
        Portal portal = sim.sdp.portal("itdesk");
        int checked = 0;
        for (Module module : Catalog.all()) {
            for (var row : portal.rows(module)) {
                JsonNode answer = ListQuery.render(module, row, null, false);
                checked += dates(module.fields, answer, module.name);
                for (InstanceFields.Udf udf : portal.fields.udfs(module)) {
                    if (udf.type().startsWith("date")) {
                        checked += date(answer.path("udf_fields").path(udf.key()), module.name + "." + udf.key());
                    }
                }
            }
        }
        assertTrue(checked > 300, "the seed is full of dates: " + checked);
    }

    private static int dates(Module.FieldSet fields, JsonNode entity, String where) {
        int checked = 0;
        for (Module.Field field : fields.map.values()) {
            JsonNode value = entity.path(field.name);
            if (field.type == Module.Type.DATETIME) {
                checked += date(value, where + "." + field.name);
            } else if (field.type == Module.Type.OBJECT && value.isObject()) {
                checked += dates(field.sub, value, where + "." + field.name);
            }
        }
        return checked;
    }

    private static int date(JsonNode value, String where) {
        if (value.isNull() || value.isMissingNode()) {
            return 0;
        }
        assertTrue(value.path("value").isTextual() && value.path("value").asText().matches("\\d{10,}"), where + ": " + value);
        assertFalse(value.path("display_value").asText("").isBlank(), where + ": " + value);
        return 1;
    }

    @Test
    void subjectIsAtMost250Characters() {
        assertEquals(200, post("requests", "{\"request\":{\"subject\":\"" + "x".repeat(250) + "\"}}").status());
        JsonNode tooLong = failure(post("requests", "{\"request\":{\"subject\":\"" + "x".repeat(251) + "\"}}"), 400);
        assertEquals("subject", tooLong.get("field").asText());
    }

    /** ME's request page: impact_details and update_reason are plain strings of at most 250 characters. */
    @Test
    void requestTextLimitsAndStatusComments() {
        for (String field : List.of("impact_details", "update_reason")) {
            assertEquals(200, post("requests", "{\"request\":{\"subject\":\"x\",\"" + field + "\":\"" + "y".repeat(250) + "\"}}").status());
            JsonNode tooLong = failure(post("requests", "{\"request\":{\"subject\":\"x\",\"" + field + "\":\"" + "y".repeat(251) + "\"}}"), 400);
            assertEquals(field, tooLong.get("field").asText());
        }
        String id = sim.ok(token, "POST", "itdesk", "requests", "{\"request\":{\"subject\":\"held\"}}").get("request").get("id").asText();
        JsonNode held = sim.ok(token, "PUT", "itdesk", "requests/" + id, "{\"request\":{\"status\":{\"name\":\"On Hold\"},"
                + "\"status_change_comments\":\"Waiting for the vendor\",\"update_reason\":\"Parts ordered\"}}").get("request");
        assertEquals("On Hold", held.get("status").get("name").asText());
        assertEquals("Waiting for the vendor", held.get("status_change_comments").asText());
        assertEquals("Parts ordered", held.get("update_reason").asText());
    }

    @Test
    void inputDataMustBeJson() {
        JsonNode message = failure(post("requests", "{\"request\":"), 400);
        assertEquals("JSON_PARSE_ERROR", message.get("message").asText());
        assertEquals(400, sim.call(token, "GET", "itdesk", "requests", "[1,2]").status());
    }

    @Test
    void inputDataInTheQueryStringOfAPostWorksToo() {
        SdpSimulator.Reply reply = sim.sdp.handle(new SdpSimulator.Call("POST", "app/itdesk/api/v3/requests",
                "Zoho-oauthtoken " + token, Sim.ACCEPT, java.util.Map.of("input_data", "{\"request\":{\"subject\":\"from the query\"}}"), null, null));
        assertEquals(200, reply.status(), reply.body());
        assertEquals("from the query", Sim.parse(reply).get("request").get("subject").asText());
    }

    @Test
    void updatesChangeOnlyWhatIsGiven() {
        JsonNode created = sim.ok(token, "POST", "itdesk", "requests",
                "{\"request\":{\"subject\":\"partial\",\"description\":\"keep me\",\"udf_fields\":{\"txt_cost_center\":\"a\"}}}").get("request");
        JsonNode updated = sim.ok(token, "PUT", "itdesk", "requests/" + created.get("id").asText(),
                "{\"request\":{\"subject\":\"renamed\",\"udf_fields\":{\"udf_pick_1501\":\"sales\"}}}").get("request");
        assertEquals("renamed", updated.get("subject").asText());
        assertEquals("keep me", updated.get("description").asText());
        assertEquals("a", updated.get("udf_fields").get("txt_cost_center").asText());
        assertEquals("Sales", updated.get("udf_fields").get("udf_pick_1501").asText(), "a pick value as the list spells it");
        assertEquals(created.get("created_time"), updated.get("created_time"));
        assertFalse(updated.get("last_updated_time").isNull());
        assertTrue(updated.get("display_id").asInt() > 0);
    }
}
