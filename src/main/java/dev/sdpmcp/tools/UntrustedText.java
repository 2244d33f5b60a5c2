package dev.sdpmcp.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Text that people outside IT write (a requester's description, a reply, a note, a file's name) reaches the model in
 * every answer. It may carry characters nobody sees (bidi controls that reorder what is shown, Unicode tag characters
 * that spell hidden words, zero-width runs, variation selectors that smuggle bytes): they are removed from every tool
 * result. Free text is shown between « and », which the server's instructions call data, never instructions.
 */
public final class UntrustedText {

    public static final String OPEN = "«";
    public static final String CLOSE = "»";

    private UntrustedText() {
    }

    /** The text without invisible format characters, variation selectors or control characters (but \n, \r, \t). */
    public static String clean(String text) {
        if (text == null || visibleOnly(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().filter(UntrustedText::visible).forEach(out::appendCodePoint);
        return out.toString();
    }

    /** Free text as «text», with « and » inside it turned into ‹ and › so that it cannot close its own quote. */
    public static String mark(String text) {
        return text.isEmpty() ? text : OPEN + text.replace(OPEN, "‹").replace(CLOSE, "›") + CLOSE;
    }

    /** A copy of {@code node} with every string value (and field name) cleaned; the node itself when nothing changes. */
    public static JsonNode clean(JsonNode node) {
        if (node.isTextual()) {
            String cleaned = clean(node.textValue());
            return cleaned.equals(node.textValue()) ? node : TextNode.valueOf(cleaned);
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, clean(array.get(i)));
            }
            return array;
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            boolean keysChanged = false;
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                field.setValue(clean(field.getValue()));
                keysChanged |= !clean(field.getKey()).equals(field.getKey());
            }
            return keysChanged ? renameFields(object) : object;
        }
        return node;
    }

    private static ObjectNode renameFields(ObjectNode object) {
        ObjectNode copy = object.objectNode();
        object.fields().forEachRemaining(field -> copy.set(clean(field.getKey()), field.getValue()));
        return copy;
    }

    private static boolean visibleOnly(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || (c >= 0x7f && c < 0xa0) || c >= 0xad) {
                return false; // worth a closer look (most values are plain ASCII and skip it)
            }
        }
        return true;
    }

    private static boolean visible(int codePoint) {
        if (codePoint == '\n' || codePoint == '\r' || codePoint == '\t') {
            return true;
        }
        int type = Character.getType(codePoint);
        return type != Character.FORMAT && type != Character.CONTROL && type != Character.PRIVATE_USE
                && !(codePoint >= 0xFE00 && codePoint <= 0xFE0F) && !(codePoint >= 0xE0100 && codePoint <= 0xE01EF);
    }
}
