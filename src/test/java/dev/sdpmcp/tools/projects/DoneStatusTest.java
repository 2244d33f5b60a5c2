package dev.sdpmcp.tools.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.sdp.SdpClient;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** complete_task picks the instance's own done status: task statuses differ between instances. */
class DoneStatusTest {

    static List<JsonNode> statuses(String... names) {
        return Arrays.stream(names).map(name -> (JsonNode) SdpClient.JSON.createObjectNode().put("id", "1" + name.length()).put("name", name))
                .toList();
    }

    @Test
    void theInstancesDoneStatusWhateverItIsCalled() {
        assertEquals("Closed", ProjectTools.doneStatus(statuses("Open", "In Progress", "Closed")).orElseThrow().path("name").asText());
        assertEquals("Done", ProjectTools.doneStatus(statuses("To do", "Doing", "Done")).orElseThrow().path("name").asText());
        assertEquals("completed", ProjectTools.doneStatus(statuses("Closed", "completed")).orElseThrow().path("name").asText(),
                "Completed first where both exist");
    }

    @Test
    void noneWhenNothingMeansDone() {
        assertTrue(ProjectTools.doneStatus(statuses("Open", "In Progress", "On Hold")).isEmpty());
    }
}
