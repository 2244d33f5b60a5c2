package dev.sdpmcp.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkPromptsTest {

    @Test
    void valuesThatStartWithWhatWasTypedComeFirstThenThoseThatContainIt() {
        CompleteResult result = WorkPrompts.matching(List.of("Anna Heath", "heather.graham@zylker.example", "Bob"), "HEATH");
        assertEquals(List.of("heather.graham@zylker.example", "Anna Heath"), result.completion().values());
        assertEquals(2, result.completion().total());
        assertFalse(result.completion().hasMore());
        assertEquals(3, WorkPrompts.matching(List.of("a", "b", "c"), null).completion().values().size());
    }

    @Test
    void atMostAHundredValuesAndSaysThereAreMore() {
        List<String> ids = IntStream.range(0, 250).mapToObj(i -> "10" + i).toList();
        CompleteResult result = WorkPrompts.matching(ids, "10");
        assertEquals(100, result.completion().values().size());
        assertEquals(250, result.completion().total());
        assertTrue(result.completion().hasMore());
    }
}
