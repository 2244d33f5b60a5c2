package dev.sdpmcp.tools.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.tools.UntrustedText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** ServiceDesk Plus records as concise text for people (the structured content carries them whole). */
public final class Render {

    private static final int MAX_DETAIL_LINES = 40;
    /**
     * Fields people write freely, requesters included (descriptions, notes, replies, comments, file names): shown as
     * «…», data to report and never instructions to follow (ServerInfo.INSTRUCTIONS says so).
     */
    private static final Set<String> WRITTEN_FREELY = Set.of("description", "content", "comments", "closure_comments",
            "update_reason", "status_change_comments", "reason", "message", "file_name", "attachments", "short_description");

    private Render() {
    }

    /** "#102 Printer jammed [Open · High] technician: Heather …": the reference, then the named fields that are set. */
    public static String line(JsonNode entity, String titleField, String... fields) {
        StringBuilder line = new StringBuilder(reference(entity));
        String title = field(titleField, entity.path(titleField));
        if (!title.isEmpty()) {
            line.append(' ').append(title);
        }
        List<String> parts = new ArrayList<>();
        for (String field : fields) {
            String value = field(field, entity.path(field));
            if (!value.isEmpty()) {
                parts.add(field.replace('_', ' ') + ": " + value);
            }
        }
        if (!parts.isEmpty()) {
            line.append(" — ").append(String.join("; ", parts));
        }
        return line.toString();
    }

    /** "#102 (id 1236…)", or just the id when the record has no display id. */
    public static String reference(JsonNode entity) {
        String id = entity.path("id").asText("");
        String display = value(entity.path("display_id"));
        return display.isEmpty() ? "[id " + id + "]" : "#" + display + " [id " + id + "]";
    }

    /** Every set field of a record, one per line; HTML reduced to text. */
    public static String details(JsonNode entity) {
        List<String> lines = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = entity.fields();
        while (fields.hasNext() && lines.size() < MAX_DETAIL_LINES) {
            Map.Entry<String, JsonNode> field = fields.next();
            String value = field(field.getKey(), field.getValue());
            if (!value.isEmpty() && !value.equals("false")) {
                lines.add(field.getKey().replace('_', ' ') + ": " + value);
            }
        }
        return String.join("\n", lines);
    }

    /** A field's value as text, marked when people write it freely. */
    private static String field(String name, JsonNode node) {
        String value = value(node);
        return WRITTEN_FREELY.contains(name) ? UntrustedText.mark(value) : value;
    }

    /** A field as text: names of lookups and people, readable times, text without HTML. */
    public static String value(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isObject()) {
            if (node.has("display_value")) {
                return node.path("display_value").asText("");
            }
            if (node.has("value") && node.size() <= 2) {
                return time(node.path("value").asText(""));
            }
            if (node.has("name")) {
                String email = node.path("email_id").asText("");
                return node.path("name").asText("") + (email.isEmpty() || email.equals("null") ? "" : " <" + email + ">");
            }
            if (node.has("title")) {
                return node.path("title").asText("");
            }
            if (node.has("hours") || node.has("minutes")) {
                return node.path("hours").asText("0") + "h " + node.path("minutes").asText("0") + "m";
            }
            return "";
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> {
                String text = value(item);
                if (!text.isEmpty()) {
                    items.add(text);
                }
            });
            return String.join(", ", items);
        }
        return text(node.asText(""));
    }

    /** HTML descriptions as plain text. */
    public static String text(String html) {
        if (plain(html)) {
            return html.trim(); // most values (names, statuses, dates): rendering runs for every one, on every call
        }
        String text = TAGS.matcher(BREAKS.matcher(html).replaceAll("\n")).replaceAll("")
                .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
        return BLANK_LINES.matcher(SPACES.matcher(text).replaceAll(" ")).replaceAll("\n").trim();
    }

    private static final Pattern BREAKS = Pattern.compile("(?i)<br\\s*/?>|</p>|</div>");
    private static final Pattern TAGS = Pattern.compile("<[^>]+>");
    private static final Pattern SPACES = Pattern.compile("[ \\t]+");
    private static final Pattern BLANK_LINES = Pattern.compile("\\n\\s*\\n+");

    /** No markup, entity, tab, line break or run of spaces: {@link #text} would change nothing but the ends. */
    private static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '<' || c == '&' || c == '\t' || c == '\n' || (c == ' ' && i > 0 && text.charAt(i - 1) == ' ')) {
                return false;
            }
        }
        return true;
    }

    private static String time(String millis) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(millis)).toString();
        } catch (NumberFormatException e) {
            return millis;
        }
    }
}
