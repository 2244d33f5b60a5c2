package dev.sdpmcp.tools.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.sdp.SdpException;
import dev.sdpmcp.sdp.SearchCriteria;
import dev.sdpmcp.tools.JsonSchemas;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Arguments become what ServiceDesk Plus takes: a create's entity from its fields, a list's conditions from its filters. */
class FieldsAndFiltersTest {

    static ToolCall call(Object... namesAndValues) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            arguments.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new ToolCall(null, null, null, null, arguments);
    }

    static final List<Field> FIELDS = List.of(Field.text("subject", null).asMandatory(), Field.grouped("impact_details", null),
            Field.named("status", null), Field.user("technician", null), Field.time("due_by", "due_by_time", null),
            Field.bool("notify", null), Field.integer("count", null), Field.integerText("percentage_completion", null),
            Field.emails("email_ids_to_notify", null));

    @Test
    void onlyTheGivenArgumentsInTheFormsServiceDeskPlusTakes() throws ToolException, SdpException {
        ObjectNode entity = Field.entity(call("subject", "VPN down", "impact_details", "Everyone", "status", "On Hold",
                "technician", "ann@example.com", "due_by", "2026-03-01", "notify", "yes", "percentage_completion", 40,
                "email_ids_to_notify", "a@example.com, b@example.com"), FIELDS, null);
        assertEquals("{\"subject\":\"VPN down\",\"impact_details\":{\"impact_details_description\":\"Everyone\"},"
                + "\"status\":{\"name\":\"On Hold\"},\"technician\":{\"email_id\":\"ann@example.com\"},"
                + "\"due_by_time\":{\"value\":\"1772323200000\"},\"notify\":true,\"percentage_completion\":\"40\","
                + "\"email_ids_to_notify\":[\"a@example.com\",\"b@example.com\"]}", entity.toString());
        assertEquals("{}", Field.entity(call(), FIELDS, null).toString(), "nothing invented");
        assertEquals("{\"status\":{\"id\":\"123456789\"},\"technician\":{\"id\":\"987654321\"}}",
                Field.entity(call("status", "123456789", "technician", "987654321"), FIELDS, null).toString(), "ids as ids");
        assertEquals("{\"technician\":{\"name\":\"Ann Lee\"}}", Field.entity(call("technician", " Ann Lee "), FIELDS, null).toString());
    }

    @Test
    void badValuesAreRefusedNamingTheArgument() {
        assertTrue(assertThrows(ToolException.class, () -> Field.entity(call("due_by", "soon"), FIELDS, null)).getMessage()
                .startsWith("due_by must be a date"));
        assertTrue(assertThrows(ToolException.class, () -> Field.entity(call("notify", "perhaps"), FIELDS, null)).getMessage()
                .contains("notify"));
        assertTrue(assertThrows(ToolException.class, () -> Field.entity(call("count", "many"), FIELDS, null)).getMessage()
                .contains("count"));
    }

    @Test
    void mandatoryOnlyWhereCreating() {
        assertEquals(List.of("subject"), Field.schema(JsonSchemas.object(), FIELDS, true).build().get("required"));
        assertEquals(null, Field.schema(JsonSchemas.object(), FIELDS, false).build().get("required"), "an update needs none");
    }

    @Test
    void filtersBecomeConditions() throws ToolException, SdpException {
        assertEquals(Optional.of(new SearchCriteria.Condition("status.name", "is", List.of("Open", "On Hold"))),
                Filter.names("status", "status.name", null).criteria(call("status", "Open, On Hold")));
        assertEquals(Optional.of(new SearchCriteria.Condition("technician.email_id", "is", List.of("ann@example.com"))),
                Filter.person("technician", "technician", null).criteria(call("technician", "ann@example.com")));
        assertEquals(Optional.of(new SearchCriteria.Condition("technician.name", "is", List.of("Ann Lee"))),
                Filter.person("technician", "technician", null).criteria(call("technician", "Ann Lee")));
        assertEquals(Optional.of(new SearchCriteria.Condition("created_time", "greater or equal", List.of("1772323200000"))),
                Filter.from("created_from", "created_time", null).criteria(call("created_from", "2026-03-01")));
        assertEquals(Optional.of(new SearchCriteria.Condition("created_time", "lesser or equal", List.of("1772323200000"))),
                Filter.to("created_to", "created_time", null).criteria(call("created_to", "2026-03-01T00:00:00Z")));
        assertEquals(Optional.empty(), Filter.names("status", "status.name", null).criteria(call()), "not given: no condition");
    }
}
