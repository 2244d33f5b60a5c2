package dev.sdpmcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sdpmcp.config.Settings;
import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.confirm.TestConfirmations;
import dev.sdpmcp.credentials.ClientCredentials;
import dev.sdpmcp.tools.ConfirmationGate.Consent;
import dev.sdpmcp.tools.ToolDefinition.Hints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way a client reaches its user, and the switch for automation: the tool runs only after a yes. */
class ConfirmationGateTest {

    @TempDir
    Path dir;

    private final List<Map<String, Object>> ran = new ArrayList<>();
    private ConfirmationGate gate;
    private ToolDefinition delete;
    private ToolCall call;

    @BeforeEach
    void setUp() throws Exception {
        gate = new ConfirmationGate();
        gate.confirmations = TestConfirmations.with(Base64.getEncoder().encodeToString(new byte[32]), dir);
        gate.settings = settings(true);
        delete = new ToolDefinition("delete_thing", "Delete a thing", "Deletes.", Toolset.REQUESTS,
                JsonSchemas.object().id("id", null, true).build(), null, Hints.writes().destructive(), c -> {
                    ran.add(c.arguments());
                    return ToolResult.of("Deleted " + c.arguments().get("id"), null);
                }).confirmedBy(c -> Preview.of("Delete thing " + c.arguments().get("id")).change("Status", "Open", "deleted"));
        call = call(Map.of("id", "7"));
    }

    private static Settings settings(boolean confirm) throws ReflectiveOperationException {
        Settings settings = new Settings();
        var field = Settings.class.getDeclaredField("confirmDestructive");
        field.setAccessible(true);
        field.set(settings, confirm);
        return settings;
    }

    private static ToolCall call(Map<String, Object> arguments) throws ClientCredentials.Rejected {
        return new ToolCall(ClientCredentials.of("1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123", "0123456789abcdef0123456789abcdef01234567"),
                null, null, "http://localhost", arguments);
    }

    @Test
    void aClientThatCannotAskGetsThePreviewThenRunsOnceWithItsConfirmation() throws Exception {
        ToolException preview = assertThrows(ToolException.class, () -> gate.run(delete, call, Consent.NONE));
        assertTrue(preview.getMessage().startsWith("Delete thing 7.\n- Status: Open → deleted"), preview.getMessage());
        assertEquals(List.of(), ran);
        Matcher token = Pattern.compile("\"confirmation\": \"([^\"]+)\"").matcher(preview.getMessage());
        assertTrue(token.find());
        Map<String, Object> confirmed = new HashMap<>(Map.of("id", "7", "confirmation", token.group(1)));
        assertEquals("Deleted 7", gate.run(delete, call(confirmed), Consent.NONE).text());
        assertEquals(List.of(Map.of("id", "7")), ran, "the handler never sees the confirmation");
        assertThrows(ToolException.class, () -> gate.run(delete, call(confirmed), Consent.NONE), "once only");
        assertEquals(1, ran.size());
    }

    @Test
    void aClientThatAsksRunsOnYesAndNotOnNo() throws Exception {
        List<String> asked = new ArrayList<>();
        ToolException no = assertThrows(ToolException.class, () -> gate.run(delete, call, new Consent.Ask(p -> {
            asked.add(p.text());
            return false;
        })));
        assertTrue(no.getMessage().contains("did not agree"), no.getMessage());
        assertEquals(List.of(), ran);
        assertEquals("Deleted 7", gate.run(delete, call, new Consent.Ask(p -> asked.add(p.text()))).text());
        assertEquals(2, asked.size());
        assertTrue(asked.get(0).contains("Status: Open → deleted"));
    }

    @Test
    void aClientAskingBetweenRoundsBringsBackTheSealedState() throws Exception {
        ConfirmationGate.InputNeeded first = assertThrows(ConfirmationGate.InputNeeded.class,
                () -> gate.run(delete, call, Consent.IN_ROUNDS));
        assertEquals("Delete thing 7", first.preview().action());
        assertThrows(ToolException.class, () -> gate.run(delete, call, new Consent.Rounds(false, first.state())));
        assertThrows(ToolException.class, () -> gate.run(delete, call(Map.of("id", "8")), new Consent.Rounds(true, first.state())),
                "the state covers the arguments it was sealed for");
        assertThrows(ToolException.class, () -> gate.run(delete, call, new Consent.Rounds(true, "forged")));
        assertEquals(List.of(), ran);
        assertEquals("Deleted 7", gate.run(delete, call, new Consent.Rounds(true, first.state())).text());
        assertThrows(ToolException.class, () -> gate.run(delete, call, new Consent.Rounds(true, first.state())), "no replay");
        assertEquals(1, ran.size());
    }

    @Test
    void automationTurnsItOffAndOtherToolsNeverAsk() throws Exception {
        gate.settings = settings(false);
        assertEquals("Deleted 7", gate.run(delete, call, Consent.NONE).text());
        gate.settings = settings(true);
        ToolDefinition plain = new ToolDefinition("add_thing", "Add", "Adds.", Toolset.REQUESTS, JsonSchemas.object().build(),
                null, Hints.writes(), c -> ToolResult.of("Added", null));
        assertEquals("Added", gate.run(plain, call, Consent.NONE).text());
        assertTrue(((Map<?, ?>) delete.inputSchema().get("properties")).containsKey("confirmation"), "the confirmed tool takes it");
        assertTrue(!((Map<?, ?>) plain.inputSchema().get("properties")).containsKey("confirmation"));
    }
}
