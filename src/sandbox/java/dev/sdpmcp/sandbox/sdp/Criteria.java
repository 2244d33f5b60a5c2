package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * search_criteria (docs/sdp-api-fidelity.md §12): an object or an array of criteria, each with field, condition, value or
 * values, logical_operator (AND/OR, any case) and nested children. Combination is left to right: every element
 * after the first joins the result so far with its own logical_operator (AND when absent), and a criterion's
 * children join its own condition the same way.
 *
 * <p>Comparison: a lookup object compares by id when the criterion's value is an {"id"} object, otherwise by name
 * (title, subject); "is" also matches a scalar equal to the id. Datetimes (and {"value"} display ids) compare by
 * their value. Numbers compare as numbers, everything else as case-insensitive text.
 */
final class Criteria {

    enum Condition {
        IS, IS_NOT, GREATER_THAN, GREATER_OR_EQUAL, LESSER_THAN, LESSER_OR_EQUAL, BETWEEN, NOT_BETWEEN,
        STARTS_WITH, ENDS_WITH, CONTAINS, NOT_CONTAINS;

        private static final Map<String, Condition> NAMES = Map.ofEntries(
                Map.entry("is", IS), Map.entry("=", IS), Map.entry("eq", IS),
                Map.entry("is not", IS_NOT), Map.entry("!=", IS_NOT), Map.entry("neq", IS_NOT),
                Map.entry("greater than", GREATER_THAN), Map.entry("gt", GREATER_THAN),
                Map.entry("greater or equal", GREATER_OR_EQUAL), Map.entry("gte", GREATER_OR_EQUAL),
                Map.entry("lesser than", LESSER_THAN), Map.entry("lt", LESSER_THAN),
                Map.entry("lesser or equal", LESSER_OR_EQUAL), Map.entry("lte", LESSER_OR_EQUAL),
                Map.entry("between", BETWEEN), Map.entry("not between", NOT_BETWEEN),
                Map.entry("starts with", STARTS_WITH), Map.entry("ends with", ENDS_WITH),
                Map.entry("contains", CONTAINS), Map.entry("not contains", NOT_CONTAINS));

        static Condition of(String name) {
            Condition condition = name == null ? null : NAMES.get(name.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " "));
            if (condition == null) {
                throw ApiException.badRequest("condition", "Invalid condition: " + name);
            }
            return condition;
        }

        /** Negative conditions hold for a missing value and must hold for every element of a list. */
        boolean negative() {
            return this == IS_NOT || this == NOT_BETWEEN || this == NOT_CONTAINS;
        }
    }

    private Criteria() {
    }

    /** Compiles search_criteria (object or array) for a module; unknown fields and conditions fail with 4000. */
    static Predicate<ObjectNode> compile(Module module, JsonNode criteria) {
        if (criteria.isObject()) {
            return node(module, (ObjectNode) criteria);
        }
        if (!criteria.isArray()) {
            throw ApiException.badRequest("search_criteria", "search_criteria must be an object or an array");
        }
        return fold(module, criteria, null);
    }

    private static Predicate<ObjectNode> fold(Module module, JsonNode elements, Predicate<ObjectNode> first) {
        Predicate<ObjectNode> result = first;
        for (JsonNode element : elements) {
            if (!element.isObject()) {
                throw ApiException.badRequest("search_criteria", "Each criterion must be an object");
            }
            Predicate<ObjectNode> next = node(module, (ObjectNode) element);
            result = result == null ? next : join(result, next, element.get("logical_operator"));
        }
        return result == null ? row -> true : result;
    }

    private static Predicate<ObjectNode> join(Predicate<ObjectNode> left, Predicate<ObjectNode> right, JsonNode operator) {
        String op = operator == null || operator.isNull() ? "AND" : operator.asText().trim().toUpperCase(Locale.ROOT);
        return switch (op) {
            case "AND" -> left.and(right);
            case "OR" -> left.or(right);
            default -> throw ApiException.badRequest("logical_operator", "Invalid logical_operator: " + operator.asText());
        };
    }

    /** A criterion: its own condition (if it names a field) joined with its children. */
    private static Predicate<ObjectNode> node(Module module, ObjectNode criterion) {
        Predicate<ObjectNode> self = null;
        if (criterion.hasNonNull("field")) {
            String field = criterion.get("field").asText();
            Condition condition = Condition.of(criterion.path("condition").asText(null));
            List<JsonNode> values = values(criterion);
            self = condition(module, field, condition, values);
        } else if (!criterion.has("children")) {
            throw ApiException.badRequest("field", "A criterion needs a field");
        }
        JsonNode children = criterion.get("children");
        if (children != null && !children.isArray()) {
            throw ApiException.badRequest("children", "children must be an array");
        }
        return children == null ? self : fold(module, children, self);
    }

    private static List<JsonNode> values(ObjectNode criterion) {
        JsonNode given = criterion.has("values") ? criterion.get("values") : criterion.get("value");
        List<JsonNode> values = new ArrayList<>();
        if (given == null) {
            throw ApiException.badRequest("value", "A criterion needs a value or values");
        }
        if (given.isArray()) {
            given.forEach(values::add);
        } else {
            values.add(given);
        }
        return values;
    }

    /** A condition on one field path, such as "status.name" or "created_time"; shared with search_fields. */
    static Predicate<ObjectNode> condition(Module module, String field, Condition condition, List<JsonNode> values) {
        checkField(module, field);
        if ((condition == Condition.BETWEEN || condition == Condition.NOT_BETWEEN) && values.size() != 2) {
            throw ApiException.badRequest(field, "between needs two values");
        }
        if (values.isEmpty()) {
            throw ApiException.badRequest(field, "A criterion needs a value or values");
        }
        return row -> test(condition, resolve(row, field), values);
    }

    static void checkField(Module module, String field) {
        String root = field.split("\\.", 2)[0];
        Module.Field known = module.field(root);
        if (known == null || known.hidden) {
            throw ApiException.badRequest(field, "Invalid field: " + field);
        }
    }

    /** The value at a dotted path; a missing step gives null. */
    static JsonNode resolve(ObjectNode row, String path) {
        JsonNode node = row;
        for (String step : path.split("\\.")) {
            node = node == null || !node.isObject() ? null : node.get(step);
        }
        return node;
    }

    static boolean test(Condition condition, JsonNode actual, List<JsonNode> expected) {
        if (actual == null || actual.isNull()) {
            boolean matchesNull = expected.stream().anyMatch(e -> e.isNull() || e.asText().isEmpty());
            return condition == Condition.IS ? matchesNull : condition.negative() && !(condition == Condition.IS_NOT && matchesNull);
        }
        if (actual.isArray()) {
            List<JsonNode> elements = new ArrayList<>();
            actual.forEach(elements::add);
            Predicate<JsonNode> one = element -> test(condition, element, expected);
            return condition.negative() ? elements.stream().allMatch(one) : elements.stream().anyMatch(one);
        }
        return switch (condition) {
            case IS -> expected.stream().anyMatch(e -> equal(actual, e));
            case IS_NOT -> expected.stream().noneMatch(e -> equal(actual, e));
            case GREATER_THAN -> compare(actual, expected.get(0)) > 0;
            case GREATER_OR_EQUAL -> compare(actual, expected.get(0)) >= 0;
            case LESSER_THAN -> compare(actual, expected.get(0)) < 0;
            case LESSER_OR_EQUAL -> compare(actual, expected.get(0)) <= 0;
            case BETWEEN -> between(actual, expected);
            case NOT_BETWEEN -> !between(actual, expected);
            case STARTS_WITH -> text(actual, expected, String::startsWith);
            case ENDS_WITH -> text(actual, expected, String::endsWith);
            case CONTAINS -> text(actual, expected, String::contains);
            case NOT_CONTAINS -> !text(actual, expected, String::contains);
        };
    }

    private static boolean between(JsonNode actual, List<JsonNode> bounds) {
        return compare(actual, bounds.get(0)) >= 0 && compare(actual, bounds.get(1)) <= 0;
    }

    private static boolean text(JsonNode actual, List<JsonNode> expected, BiPredicate<String, String> test) {
        String value = key(actual).toLowerCase(Locale.ROOT);
        return expected.stream().anyMatch(e -> test.test(value, scalar(e).toLowerCase(Locale.ROOT)));
    }

    private static boolean equal(JsonNode actual, JsonNode expected) {
        if (isReference(actual)) {
            if (expected.isObject() && expected.hasNonNull("id")) {
                return actual.path("id").asText().equals(expected.get("id").asText());
            }
            return key(actual).equalsIgnoreCase(scalar(expected)) || actual.path("id").asText().equals(scalar(expected));
        }
        return compare(actual, expected) == 0;
    }

    private static int compare(JsonNode actual, JsonNode expected) {
        String left = key(actual);
        String right = scalar(expected);
        BigDecimal a = number(left);
        BigDecimal b = number(right);
        if (a != null && b != null) {
            return a.compareTo(b);
        }
        return left.compareToIgnoreCase(right);
    }

    /** A lookup or user object (as opposed to a datetime or display id, which carry a "value"). */
    private static boolean isReference(JsonNode node) {
        return node.isObject() && !node.has("value");
    }

    /** What a stored value is compared by: a datetime's ms value, a reference's name, else its text. */
    static String key(JsonNode node) {
        if (node.isObject()) {
            for (String field : new String[] {"value", "name", "title", "subject", "id"}) {
                if (node.hasNonNull(field)) {
                    return node.get(field).asText();
                }
            }
            return "";
        }
        return node.asText();
    }

    /** What a criterion's value means: a scalar, or an object's id (else name, value). */
    private static String scalar(JsonNode node) {
        if (node.isObject()) {
            for (String field : new String[] {"id", "name", "value"}) {
                if (node.hasNonNull(field)) {
                    return node.get(field).asText();
                }
            }
            return "";
        }
        return node.isNull() ? "" : node.asText();
    }

    private static BigDecimal number(String text) {
        if (text.isEmpty() || !(Character.isDigit(text.charAt(text.length() - 1)))) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
