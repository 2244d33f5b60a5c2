package dev.sdpmcp.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Every tool result within SDP_MAX_RESULT_BYTES (text and structured content together), by construction: invisible
 * characters removed first, then long values shortened (saying how much was cut), then a list's rows cut (the list
 * says where to continue), and only then the text itself cut.
 */
public final class ResultBudget {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longest values kept, tried in turn until the answer fits. */
    private static final int[] VALUE_CAPS = {4000, 1000, 300};

    private ResultBudget() {
    }

    public static ToolResult fit(ToolResult result, int maxBytes) {
        ToolResult cleaned = clean(result);
        if (bytes(cleaned) <= maxBytes) {
            return cleaned;
        }
        for (int cap : VALUE_CAPS) {
            ToolResult shortened = shorten(cleaned, cap);
            if (bytes(shortened) <= maxBytes) {
                return shortened;
            }
        }
        if (result.firstRows() != null && result.rows() > 1) {
            int fits = 0;
            int low = 1;
            int high = result.rows() - 1;
            while (low <= high) {
                int middle = (low + high) >>> 1;
                if (bytes(shorten(clean(result.firstRows().apply(middle)), VALUE_CAPS[VALUE_CAPS.length - 1])) <= maxBytes) {
                    fits = middle;
                    low = middle + 1;
                } else {
                    high = middle - 1;
                }
            }
            if (fits > 0) {
                return shorten(clean(result.firstRows().apply(fits)), VALUE_CAPS[VALUE_CAPS.length - 1]);
            }
            cleaned = clean(result.firstRows().apply(1));
        }
        return cutText(cutLongestList(shorten(cleaned, 100), maxBytes), maxBytes);
    }

    /**
     * The last resort for structured content that is too large by itself: its longest list keeps only the items that
     * fit beside the text, and the text says so.
     */
    private static ToolResult cutLongestList(ToolResult result, int maxBytes) {
        if (result.structured() == null || bytes(result) <= maxBytes) {
            return result;
        }
        JsonNode tree = tree(result.structured()).deepCopy();
        ArrayNode longest = longest(tree, null);
        if (longest == null) {
            return result;
        }
        List<JsonNode> items = new java.util.ArrayList<>();
        longest.forEach(items::add);
        int room = maxBytes / 2; // the other half for the text
        int low = 0;
        int high = items.size();
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            longest.removeAll();
            items.subList(0, middle).forEach(longest::add);
            if (utf8(json(tree)) <= room) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        longest.removeAll();
        items.subList(0, low).forEach(longest::add);
        return new ToolResult("[cut: the structured content holds the first " + low + " of " + items.size() + " items, to stay "
                + "within this server's limit of " + maxBytes + " bytes]\n" + result.text(), tree, result.rows(), result.firstRows(), result.file());
    }

    private static ArrayNode longest(JsonNode node, ArrayNode best) {
        if (node.isArray()) {
            best = best == null || node.size() > best.size() ? (ArrayNode) node : best;
        }
        for (JsonNode child : node) {
            best = longest(child, best);
        }
        return best;
    }

    /** The text's and the structured content's size as sent (UTF-8). */
    public static int bytes(ToolResult result) {
        return utf8(result.text()) + (result.structured() == null ? 0 : utf8(json(result.structured())));
    }

    private static ToolResult clean(ToolResult result) {
        Object structured = result.structured() == null ? null : UntrustedText.clean(tree(result.structured()));
        return new ToolResult(UntrustedText.clean(result.text()), structured, result.rows(), result.firstRows(), result.file());
    }

    /** Values longer than {@code cap} characters shortened, in the text's lines and in the structured content. */
    static ToolResult shorten(ToolResult result, int cap) {
        StringBuilder text = new StringBuilder();
        result.text().lines().forEach(line -> text.append(text.isEmpty() ? "" : "\n").append(shorten(line, cap)));
        Object structured = result.structured() == null ? null : shorten(tree(result.structured()).deepCopy(), cap);
        return new ToolResult(text.toString(), structured, result.rows(), result.firstRows(), result.file());
    }

    static String shorten(String value, int cap) {
        if (value.length() <= cap) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(cap - 1)) ? cap - 1 : cap;
        return value.substring(0, end) + "… [" + (value.length() - end) + " more characters not shown]";
    }

    private static JsonNode shorten(JsonNode node, int cap) {
        if (node.isTextual()) {
            return TextNode.valueOf(shorten(node.textValue(), cap));
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, shorten(array.get(i), cap));
            }
        } else if (node.isObject()) {
            ((ObjectNode) node).fields().forEachRemaining(field -> field.setValue(shorten(field.getValue(), cap)));
        }
        return node;
    }

    /** The last resort: the text cut to what the budget leaves once the structured content is counted. */
    private static ToolResult cutText(ToolResult result, int maxBytes) {
        int room = Math.max(0, maxBytes - (result.structured() == null ? 0 : utf8(json(result.structured()))) - 200);
        String text = result.text();
        if (utf8(text) <= room) {
            return result;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String kept = new String(bytes, 0, Math.max(0, room), StandardCharsets.UTF_8).replaceAll("\uFFFD$", "");
        return new ToolResult(kept + "\n… [cut: this answer is over this server's limit of " + maxBytes
                + " bytes; ask for less, e.g. a smaller page_size]", result.structured(), result.rows(), result.firstRows(), result.file());
    }

    private static JsonNode tree(Object structured) {
        return structured instanceof JsonNode node ? node : JSON.valueToTree(structured);
    }

    private static String json(Object structured) {
        try {
            return JSON.writeValueAsString(structured);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("structured content that is not JSON: " + e.getMessage(), e);
        }
    }

    private static int utf8(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

}
