package dev.sdpmcp.tools.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.sdp.ListInfo;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sort field outside the module's sortable list is refused before any call, naming the allowed ones. */
class SortFieldsTest {

    static final SdpModule PROBLEMS = SdpModule.of(Toolset.PROBLEMS, "problem", p -> "")
            .sortable("reported_time", "created_time", "title");

    static ListInfo query(SdpModule module, Map<String, Object> arguments) throws ToolException, dev.sdpmcp.sdp.SdpException {
        return ModuleTools.query(new ToolCall(null, null, null, null, arguments), module, List.of(), List.of(), "created_time");
    }

    @Test
    void onlyTheSortableFields() throws ToolException, dev.sdpmcp.sdp.SdpException {
        assertEquals("reported_time", query(PROBLEMS, Map.of("sort_by", "reported_time")).sortField());
        String refused = assertThrows(ToolException.class, () -> query(PROBLEMS, Map.of("sort_by", "last_updated_time"))).getMessage();
        assertTrue(refused.contains("reported_time, created_time, title") && refused.contains("last_updated_time"), refused);
        assertTrue(assertThrows(ToolException.class, () -> query(PROBLEMS, Map.of("sort_order", "up"))).getMessage()
                .contains("asc or desc"));
    }

    @Test
    void aModuleWithoutSortableFieldsIsNotSorted() {
        SdpModule notes = PROBLEMS.under("note", n -> "");
        assertTrue(assertThrows(ToolException.class, () -> query(notes, Map.of("sort_by", "id"))).getMessage()
                .contains("leave out sort_by"));
    }
}
