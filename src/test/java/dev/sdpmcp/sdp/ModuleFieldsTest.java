package dev.sdpmcp.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A module's _metainfo read, udf_fields given by label turned into keys, a 4012 by key told by label. */
class ModuleFieldsTest {

    static final ModuleFields.Meta META = ModuleFields.parse(read("{\"subject\":{\"display_name\":\"Subject\",\"mandatory\":true},"
            + "\"mode\":{\"display_name\":\"Mode\",\"mandatory\":false},\"udf_fields\":{\"fields\":{"
            + "\"udf_pick_1501\":{\"display_name\":\"Business Unit\",\"type\":\"string\",\"allowed_values\":[\"Finance\",\"Sales\"]},"
            + "\"udf_sline_1502\":{\"display_name\":\"Asset Tag\",\"type\":\"string\",\"mandatory\":true},"
            + "\"num_seats\":{\"display_name\":\"Seats\",\"type\":\"integer\"},"
            + "\"date_needed_by\":{\"display_name\":\"Needed By\",\"type\":\"date\",\"mandatory_on_template\":\"Hardware Request\"}}}}"));

    static com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return SdpClient.JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static ObjectNode udfs(Object... labelsAndValues) throws SdpException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            values.put((String) labelsAndValues[i], labelsAndValues[i + 1]);
        }
        return ModuleFields.udfFields(META, values, "request");
    }

    @Test
    void labelsOrKeysBecomeKeysWithValuesInTheirForm() throws SdpException {
        ObjectNode sent = udfs("asset tag", "AT-1", "udf_pick_1501", "sales", "Seats", "4", "Needed By", "2026-03-01");
        assertEquals("AT-1", sent.get("udf_sline_1502").asText());
        assertEquals("Sales", sent.get("udf_pick_1501").asText(), "the pick value as the list spells it");
        assertTrue(sent.get("num_seats").isNumber());
        assertEquals("1772323200000", sent.get("date_needed_by").get("value").asText());
    }

    @Test
    void wrongValuesAreRefusedWithWhatWouldDo() {
        String pick = assertThrows(SdpException.class, () -> udfs("Business Unit", "Marketing")).getMessage();
        assertEquals("Business Unit must be one of Finance, Sales, not \"Marketing\".", pick);
        String unknown = assertThrows(SdpException.class, () -> udfs("Colour", "red")).getMessage();
        assertTrue(unknown.contains("\"Colour\" is not a user-defined field of requests") && unknown.contains("Asset Tag"), unknown);
        assertTrue(assertThrows(SdpException.class, () -> udfs("Seats", "4.5")).getMessage().contains("whole number"));
        assertTrue(assertThrows(SdpException.class, () -> udfs("Needed By", "soon")).getMessage().contains("Needed By must be a date"));
    }

    @Test
    void missingFieldsAreNamedAsPeopleSeeThem() {
        String text = ModuleFields.missingText(META, "request", List.of("mode", "udf_sline_1502"));
        assertEquals("This ServiceDesk Plus needs more to save the request: mode; in udf_fields: Asset Tag. Give them and try "
                + "again (describe_fields lists what a request takes here).", text);
    }

    @Test
    void describeSaysWhatACreateNeeds() {
        String text = ModuleFields.describe("request", META);
        assertTrue(text.startsWith("To create a request here, give: subject; in udf_fields: Asset Tag."), text);
        assertTrue(text.contains("- Business Unit (udf_pick_1501): one of Finance, Sales"), text);
        assertTrue(text.contains("- Needed By (date_needed_by): date, mandatory on template Hardware Request"), text);
    }

    @Test
    void a4012CarriesItsFieldKeys() throws Exception {
        SdpMissingFields missing = assertThrows(SdpMissingFields.class, () -> SdpClient.checked(new SdpHttp.Answer(400, read(
                SdpErrorsTest.failure("{\"status_code\":4012,\"type\":\"failed\",\"fields\":[\"mode\",\"udf_sline_1502\"]}"))), "requests"));
        assertEquals(List.of("mode", "udf_sline_1502"), missing.fields());
    }

    @Test
    void otherSpellingsOfTheMetainfoStillGiveLabelsFlagsAndLists() throws SdpException {
        ModuleFields.Meta meta = ModuleFields.parse(read("{\"subject\":{\"display_name\":\"Subject\",\"is_mandatory\":true},"
                + "\"site\":{\"label\":\"Site\",\"required\":\"true\"},\"layouts\":[1,2],\"udf_fields\":{\"fields\":{"
                + "\"udf_pick_1\":{\"id\":\"9001\",\"display_name\":\"Region\",\"display_type\":\"Pick List\","
                + "\"options\":[{\"id\":\"1\",\"name\":\"EMEA\"},{\"value\":\"APAC\"},{\"display_value\":\"AMER\"}]},"
                + "\"udf_pick_2\":{\"display_name\":\"Tier\",\"pick_list_values\":[\"Gold\",\"Silver\"],\"is_mandatory\":true},"
                + "\"udf_long_3\":{\"display_name\":\"Seats\",\"display_type\":\"Numeric Field\"},"
                + "\"udf_date_4\":{\"display_name\":\"Go-live\",\"display_type\":\"Date/Time Field\"},"
                + "\"udf_ref_5\":{\"display_name\":\"Sponsor\",\"lookup_entity\":\"user\"},"
                + "\"udf_ref_6\":{\"display_name\":\"Dept\",\"type\":\"lookup\",\"lookup_entity\":\"department\"},"
                + "\"udf_sline_7\":{\"data_type\":\"string\"},\"udf_odd\":\"not an object\"}}}"));
        assertEquals(List.of("subject", "site"), meta.fields().stream().filter(ModuleFields.Standard::mandatory)
                .map(ModuleFields.Standard::key).toList(), "is_mandatory and required count; a non-object entry is skipped");
        assertEquals(List.of("EMEA", "APAC", "AMER"), meta.udf("Region").options());
        assertTrue(meta.udf("Tier").mandatory());
        assertEquals("integer", meta.udf("Seats").type());
        assertEquals("datetime", meta.udf("Go-live").type());
        assertEquals("lookup", meta.udf("Sponsor").type(), "a lookup_entity makes it a lookup");
        assertEquals("udf_sline_7", meta.udf("udf_sline_7").label(), "no label: its key");
        assertEquals(7, meta.udfs().size());

        Map<String, Object> values = new LinkedHashMap<>();
        values.put("Sponsor", "aisha.khan@zylker.example");
        values.put("udf_ref_6", "Finance");
        values.put("Go-live", "2026-03-01");
        values.put("Seats", "12");
        ObjectNode sent = ModuleFields.udfFields(meta, values, "project");
        assertEquals("{\"email_id\":\"aisha.khan@zylker.example\"}", sent.get("udf_ref_5").toString());
        assertEquals("{\"name\":\"Finance\"}", sent.get("udf_ref_6").toString());
        assertEquals("1772323200000", sent.get("udf_date_4").get("value").asText());
        assertEquals(12, sent.get("udf_long_3").asInt());
        assertEquals("{\"id\":\"4500000012345\"}", ModuleFields.udfFields(meta, Map.of("Sponsor", "4500000012345"), "project")
                .get("udf_ref_5").toString(), "a long number is an id");
        assertEquals("{\"name\":\"R&D@HQ\"}", ModuleFields.udfFields(meta, Map.of("Dept", "R&D@HQ"), "project")
                .get("udf_ref_6").toString(), "only people go by e-mail");
        assertTrue(ModuleFields.describe("project", meta).contains("Sponsor (udf_ref_5): user name or e-mail or id"),
                ModuleFields.describe("project", meta));
    }
}
