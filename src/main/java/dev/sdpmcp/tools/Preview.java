package dev.sdpmcp.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a destructive call is about to do, read from the live record before anything is sent: the person who must agree
 * sees each field as it is and as it will be.
 *
 * @param action what happens, in one sentence (e.g. "Move request 42 to the trash")
 */
public record Preview(String action, List<Change> changes) {

    /** One field: its label as people see it, its value now and after the call ("—" for none). */
    public record Change(String field, String before, String after) {
    }

    public static Preview of(String action) {
        return new Preview(action, new ArrayList<>());
    }

    public Preview change(String field, String before, String after) {
        changes.add(new Change(field, blank(before), blank(after)));
        return this;
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? "—" : value;
    }

    public String text() {
        StringBuilder text = new StringBuilder(action).append('.');
        changes.forEach(c -> text.append("\n- ").append(c.field()).append(": ").append(c.before()).append(" → ").append(c.after()));
        return text.toString();
    }

    public Map<String, Object> structured() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("action", action);
        out.put("changes", changes.stream().map(c -> Map.of("field", c.field(), "before", c.before(), "after", c.after())).toList());
        return out;
    }

    /** Reads what a call would change, and refuses bad input, without changing anything. */
    @FunctionalInterface
    public interface Previewer {
        Preview preview(ToolCall call) throws ToolException, dev.sdpmcp.sdp.SdpException, dev.sdpmcp.tokens.TokenException;
    }
}
