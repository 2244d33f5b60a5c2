package dev.sdpmcp.sandbox.sdp;

import static dev.sdpmcp.sandbox.sdp.WriteValidationTest.failure;
import static dev.sdpmcp.sandbox.sdp.WriteValidationTest.strings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Instance-configured UDFs and mandatory fields (docs/sdp-api-fidelity.md §11): _metainfo, udf_fields, 4012 by key. */
class InstanceFieldsTest {

    final Sim sim = new Sim();
    final String token = sim.token("1000.FIELDS");

    SdpSimulator.Reply post(String path, String inputData) {
        return sim.call(token, "POST", "itdesk", path, inputData);
    }

    @Test
    void metainfoListsTheSeededUdfsAndMandatoryFields() {
        JsonNode fields = sim.ok(token, "GET", "itdesk", "requests/_metainfo", null).get("metainfo").get("fields");
        JsonNode udfs = fields.get("udf_fields").get("fields");
        assertEquals("Business Unit", udfs.get("udf_pick_1501").get("display_name").asText());
        assertEquals(List.of("Finance", "Sales", "Engineering", "Operations"), strings(udfs.get("udf_pick_1501").get("allowed_values")));
        assertEquals("date", udfs.get("date_needed_by").get("type").asText());
        assertEquals("Hardware Request", udfs.get("udf_sline_1502").get("mandatory_on_template").asText());
        assertTrue(fields.get("subject").get("mandatory").asBoolean());
        assertFalse(fields.get("mode").get("mandatory").asBoolean());
        assertEquals("Purchase Order", sim.ok(token, "GET", "itdesk", "assets/_metainfo", null).get("metainfo")
                .get("fields").get("udf_fields").get("fields").get("udf_sline_2001").get("display_name").asText());
        assertEquals(404, sim.call(token, "PUT", "itdesk", "requests/_metainfo", "{}").status());
    }

    @Test
    void aUdfMandatoryOnOneTemplateIsNamedByKeyOnlyThere() {
        JsonNode message = failure(post("requests", "{\"request\":{\"subject\":\"laptop\",\"template\":{\"name\":\"Hardware Request\"}}}"), 400);
        assertEquals(4012, message.get("status_code").asInt());
        assertEquals(List.of("udf_sline_1502"), strings(message.get("fields")));
        sim.ok(token, "POST", "itdesk", "requests", "{\"request\":{\"subject\":\"laptop\"}}");
        JsonNode created = sim.ok(token, "POST", "itdesk", "requests", "{\"request\":{\"subject\":\"laptop\",\"template\":"
                + "{\"name\":\"Hardware Request\"},\"udf_fields\":{\"udf_sline_1502\":\"AT-1\"}}}").get("request");
        assertEquals("AT-1", created.get("udf_fields").get("udf_sline_1502").asText());
        assertTrue(created.get("udf_fields").get("txt_cost_center").isNull(), "reads list every UDF, unset as null");
        String id = created.get("id").asText();
        assertEquals(List.of("udf_sline_1502"), strings(failure(sim.call(token, "PUT", "itdesk", "requests/" + id,
                "{\"request\":{\"udf_fields\":{\"udf_sline_1502\":\"\"}}}"), 400).get("fields")), "a mandatory UDF cannot be blanked");
    }

    @Test
    void udfValuesAreCheckedAgainstTheirDefinitions() {
        assertEquals("udf_nope", failure(post("requests", "{\"request\":{\"subject\":\"x\",\"udf_fields\":{\"udf_nope\":\"y\"}}}"), 400)
                .get("field").asText());
        JsonNode pick = failure(post("requests", "{\"request\":{\"subject\":\"x\",\"udf_fields\":{\"udf_pick_1501\":\"Marketing\"}}}"), 400);
        assertEquals(4001, pick.get("status_code").asInt());
        assertEquals("udf_pick_1501", pick.get("field").asText());
        JsonNode date = failure(post("requests", "{\"request\":{\"subject\":\"x\",\"udf_fields\":{\"date_needed_by\":\"tomorrow\"}}}"), 400);
        assertEquals(4021, date.get("status_code").asInt());
        JsonNode stored = sim.ok(token, "POST", "itdesk", "requests", "{\"request\":{\"subject\":\"x\",\"udf_fields\":"
                + "{\"date_needed_by\":{\"value\":\"1767225600000\"}}}}").get("request").get("udf_fields").get("date_needed_by");
        assertEquals("1767225600000", stored.get("value").asText());
        assertTrue(stored.has("display_value"));
    }

    @Test
    void theControlApiMakesFieldsMandatory() {
        JsonNode seeded = sim.sdp.configureFields("itdesk", Json.object().put("module", "requests"));
        sim.sdp.configureFields("itdesk", Json.parseObject("{\"module\":\"requests\",\"mandatory\":[\"mode\",\"urgency\"],\"udfs\":["
                + "{\"key\":\"udf_sline_7\",\"label\":\"Room\",\"mandatory\":true},"
                + "{\"key\":\"num_seats\",\"label\":\"Seats\",\"type\":\"integer\"}]}"));
        JsonNode message = failure(post("requests", "{\"request\":{\"subject\":\"x\"}}"), 400);
        assertEquals(List.of("mode", "urgency", "udf_sline_7"), strings(message.get("fields")));
        JsonNode fields = sim.ok(token, "GET", "itdesk", "requests/_metainfo", null).get("metainfo").get("fields");
        assertTrue(fields.get("mode").get("mandatory").asBoolean());
        assertTrue(fields.get("udf_fields").get("fields").get("udf_sline_7").get("mandatory").asBoolean());
        assertFalse(fields.get("udf_fields").get("fields").has("udf_pick_1501"), "the given UDFs replace the old");
        assertEquals(4021, failure(post("requests", "{\"request\":{\"subject\":\"x\",\"mode\":{\"name\":\"E-Mail\"},"
                + "\"urgency\":{\"name\":\"High\"},\"udf_fields\":{\"udf_sline_7\":\"B2\",\"num_seats\":\"many\"}}}"), 400)
                .get("status_code").asInt());
        sim.ok(token, "POST", "itdesk", "requests", "{\"request\":{\"subject\":\"x\",\"mode\":{\"name\":\"E-Mail\"},"
                + "\"urgency\":{\"name\":\"High\"},\"udf_fields\":{\"udf_sline_7\":\"B2\",\"num_seats\":4}}}");
        assertThrows(IllegalArgumentException.class, () -> sim.sdp.configureFields("itdesk",
                Json.parseObject("{\"module\":\"requests\",\"mandatory\":[\"nope\"]}")));
        assertThrows(IllegalArgumentException.class, () -> sim.sdp.configureFields("itdesk",
                Json.parseObject("{\"module\":\"requests\",\"udfs\":[{\"key\":\"custom\",\"label\":\"C\"}]}")));
        // what the control API answered can be put back, the template's mandatory UDF included
        com.fasterxml.jackson.databind.node.ObjectNode back = Json.object().put("module", "requests");
        back.set("udfs", seeded.get("udfs"));
        back.set("mandatory", seeded.get("mandatory"));
        sim.sdp.configureFields("itdesk", back);
        sim.ok(token, "POST", "itdesk", "requests", "{\"request\":{\"subject\":\"x\"}}");
        assertEquals(List.of("udf_sline_1502"), strings(failure(post("requests",
                "{\"request\":{\"subject\":\"x\",\"template\":{\"name\":\"Hardware Request\"}}}"), 400).get("fields")));
    }

    @Test
    void lookupUdfsTakeAReferenceAndStoreTheRecord() {
        JsonNode udfs = sim.ok(token, "GET", "itdesk", "projects/_metainfo", null).get("metainfo").get("fields")
                .get("udf_fields").get("fields");
        assertEquals("lookup", udfs.get("udf_ref_3001").get("type").asText());
        assertEquals("user", udfs.get("udf_ref_3001").get("lookup_entity").asText());
        assertEquals("department", udfs.get("udf_ref_3002").get("lookup_entity").asText());

        JsonNode byEmail = sim.ok(token, "POST", "itdesk", "projects", "{\"project\":{\"title\":\"Badges\",\"udf_fields\":{"
                + "\"udf_ref_3001\":{\"email_id\":\"AISHA.KHAN@zylker.example\"},\"udf_ref_3002\":{\"name\":\"finance\"}}}}")
                .get("project").get("udf_fields");
        assertEquals("Aisha Khan", byEmail.get("udf_ref_3001").get("name").asText());
        assertFalse(byEmail.get("udf_ref_3001").get("id").asText().isEmpty(), "stored as the user's reference");
        assertEquals("Finance", byEmail.get("udf_ref_3002").get("name").asText());
        String userId = byEmail.get("udf_ref_3001").get("id").asText();
        assertEquals("Aisha Khan", sim.ok(token, "POST", "itdesk", "projects", "{\"project\":{\"title\":\"x\",\"udf_fields\":{"
                + "\"udf_ref_3001\":{\"id\":\"" + userId + "\"}}}}").get("project").get("udf_fields").get("udf_ref_3001")
                .get("name").asText());

        JsonNode unknown = failure(post("projects", "{\"project\":{\"title\":\"x\",\"udf_fields\":{\"udf_ref_3001\":"
                + "{\"name\":\"Nobody Here\"}}}}"), 400);
        assertEquals(4001, unknown.get("status_code").asInt());
        assertEquals("udf_ref_3001", unknown.get("field").asText());
        assertEquals(4021, failure(post("projects", "{\"project\":{\"title\":\"x\",\"udf_fields\":{\"udf_ref_3001\":"
                + "\"Aisha Khan\"}}}"), 400).get("status_code").asInt(), "a lookup takes an object, not text");
        assertEquals(4001, failure(post("projects", "{\"project\":{\"title\":\"x\",\"udf_fields\":{\"udf_ref_3002\":"
                + "{\"email_id\":\"finance@zylker.example\"}}}}"), 400).get("status_code").asInt(), "departments have no e-mail");
        assertThrows(IllegalArgumentException.class, () -> sim.sdp.configureFields("itdesk", Json.parseObject(
                "{\"module\":\"projects\",\"udfs\":[{\"key\":\"udf_ref_9\",\"label\":\"R\",\"type\":\"lookup\"}]}")));
        assertThrows(IllegalArgumentException.class, () -> sim.sdp.configureFields("itdesk", Json.parseObject(
                "{\"module\":\"projects\",\"udfs\":[{\"key\":\"udf_ref_9\",\"label\":\"R\",\"type\":\"lookup\","
                        + "\"lookup_entity\":\"spaceship\"}]}")));
    }
}
