package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * list_info (docs/sdp-api-fidelity.md §12) applied to a module's rows: search_fields, search_criteria, sort, 1-based
 * start_index, row_count (10 by default, at most 100), get_total_count. The answer's list_info is the request's
 * echoed with row_count and start_index filled in, has_more_rows always, and total_count only when asked.
 */
final class ListQuery {

    static final int DEFAULT_ROWS = 10;
    static final int MAX_ROWS = 100;

    record Page(List<ObjectNode> rows, ObjectNode listInfo) {
    }

    private ListQuery() {
    }

    static Page run(Module module, List<ObjectNode> rows, ObjectNode inputData) {
        JsonNode given = inputData.get("list_info");
        if (given != null && !given.isObject()) {
            throw ApiException.badRequest("list_info", "list_info must be an object");
        }
        ObjectNode listInfo = given == null ? Json.object() : (ObjectNode) given.deepCopy();
        int rowCount = integer(listInfo, "row_count", DEFAULT_ROWS);
        if (rowCount > MAX_ROWS || rowCount < 1) {
            throw ApiException.badRequest("row_count", "row_count must be between 1 and " + MAX_ROWS);
        }
        int startIndex = integer(listInfo, "start_index", 1);
        if (startIndex < 1) {
            throw ApiException.badRequest("start_index", "start_index must be 1 or more");
        }
        Predicate<ObjectNode> filter = filter(module, listInfo);
        List<ObjectNode> matching = new ArrayList<>(rows.stream().filter(filter).toList());
        matching.sort(order(module, listInfo));

        int from = Math.min(startIndex - 1, matching.size());
        int to = Math.min(from + rowCount, matching.size());
        listInfo.put("row_count", rowCount);
        listInfo.put("start_index", startIndex);
        listInfo.put("has_more_rows", to < matching.size());
        if (Json.isTrue(listInfo.get("get_total_count"))) {
            listInfo.put("total_count", matching.size());
        } else {
            listInfo.remove("total_count");
        }
        return new Page(matching.subList(from, to), listInfo);
    }

    private static int integer(ObjectNode listInfo, String field, int fallback) {
        JsonNode value = listInfo.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        BigDecimal number = Json.number(value);
        if (number == null || number.stripTrailingZeros().scale() > 0) {
            throw ApiException.badRequest(field, field + " must be a whole number");
        }
        return number.intValue();
    }

    /**
     * search_fields (a text field matches when it contains the value, a lookup or number when it equals it),
     * search_criteria, and for trashable modules the default hiding of trashed rows unless the query asks about
     * is_trashed.
     */
    private static Predicate<ObjectNode> filter(Module module, ObjectNode listInfo) {
        Predicate<ObjectNode> filter = row -> true;
        JsonNode searchFields = listInfo.get("search_fields");
        if (searchFields != null && !searchFields.isNull()) {
            if (!searchFields.isObject()) {
                throw ApiException.badRequest("search_fields", "search_fields must be an object");
            }
            for (Map.Entry<String, JsonNode> entry : searchFields.properties()) {
                filter = filter.and(searchField(module, entry.getKey(), entry.getValue()));
            }
        }
        JsonNode criteria = listInfo.get("search_criteria");
        if (criteria != null && !criteria.isNull()) {
            filter = filter.and(Criteria.compile(module, criteria));
        }
        if (module.field("is_trashed") != null && !mentions(listInfo, "is_trashed")) {
            filter = filter.and(row -> !row.path("is_trashed").asBoolean());
        }
        return filter;
    }

    private static Predicate<ObjectNode> searchField(Module module, String field, JsonNode value) {
        Module.Field root = module.field(field.split("\\.", 2)[0]);
        boolean freeText = root != null && root.type == Module.Type.TEXT && !field.contains(".") && !field.equals("id")
                && !field.equals("display_id");
        Criteria.Condition condition = freeText ? Criteria.Condition.CONTAINS : Criteria.Condition.IS;
        return Criteria.condition(module, field, condition, List.of(value));
    }

    private static boolean mentions(ObjectNode listInfo, String field) {
        String query = Json.write(listInfo.path("search_criteria")) + Json.write(listInfo.path("search_fields"));
        return query.contains("\"" + field + "\"");
    }

    /**
     * sort_field (one of the module's sortable fields, else any of its fields; lookups by name, datetimes by value),
     * sort_order asc|desc; by id by default. Cloud's answer to another sort field is unconfirmed: refused here as
     * bad input (docs/sdp-api-fidelity.md §12).
     */
    private static Comparator<ObjectNode> order(Module module, ObjectNode listInfo) {
        String field = listInfo.hasNonNull("sort_field") ? listInfo.get("sort_field").asText() : "id";
        if (module.sortable != null && !module.sortable.contains(field)) {
            throw ApiException.badRequest("sort_field", "Invalid sort field " + field + "; sortable: "
                    + String.join(", ", module.sortable));
        }
        Criteria.checkField(module, field);
        String order = listInfo.hasNonNull("sort_order") ? listInfo.get("sort_order").asText().toLowerCase(Locale.ROOT) : "asc";
        if (!order.equals("asc") && !order.equals("desc")) {
            throw ApiException.badRequest("sort_order", "sort_order must be asc or desc");
        }
        Comparator<ObjectNode> comparator = Comparator.comparing(row -> sortKey(Criteria.resolve(row, field)), ListQuery::compareKeys);
        return order.equals("desc") ? comparator.reversed() : comparator;
    }

    private static String sortKey(JsonNode value) {
        return value == null || value.isNull() ? null : Criteria.key(value);
    }

    /** Nulls first, numbers as numbers, text without case. */
    private static int compareKeys(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b));
        } catch (NumberFormatException e) {
            return a.compareToIgnoreCase(b);
        }
    }

    /**
     * What a client sees of a row: hidden fields never; in a list the module's list projection; with
     * fields_required only those fields and the id.
     */
    static ObjectNode render(Module module, ObjectNode row, JsonNode fieldsRequired, boolean inList) {
        List<String> fields = inList ? module.listFields : null;
        if (fieldsRequired instanceof ArrayNode array && !array.isEmpty()) {
            fields = new ArrayList<>();
            fields.add("id");
            for (JsonNode name : array) {
                fields.add(name.asText());
            }
        }
        ObjectNode out = Json.object();
        for (Map.Entry<String, JsonNode> entry : row.properties()) {
            Module.Field field = module.field(entry.getKey());
            if ((field == null || !field.hidden) && (fields == null || fields.contains(entry.getKey()))) {
                out.set(entry.getKey(), entry.getValue().deepCopy());
            }
        }
        return out;
    }
}
