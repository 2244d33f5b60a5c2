package dev.sdpmcp.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A search_criteria tree (docs/sdp-api-fidelity.md §12): conditions on fields, combined with AND and OR to any depth.
 * Rendered as SDP wants it: an array whose second and later elements carry "logical_operator", and a nested group as
 * one condition with "children".
 */
public sealed interface SearchCriteria {

    /** field condition value(s), e.g. status.name is ["Open", "On Hold"]. */
    record Condition(String field, String condition, List<?> values) implements SearchCriteria {
    }

    /** All of / any of. */
    record Group(String operator, List<SearchCriteria> members) implements SearchCriteria {
    }

    static SearchCriteria of(String field, String condition, Object... values) {
        return new Condition(field, condition, List.of(values));
    }

    static SearchCriteria all(List<SearchCriteria> members) {
        return members.size() == 1 ? members.get(0) : new Group("AND", List.copyOf(members));
    }

    static SearchCriteria any(List<SearchCriteria> members) {
        return members.size() == 1 ? members.get(0) : new Group("OR", List.copyOf(members));
    }

    /** The JSON for list_info.search_criteria. */
    default JsonNode toJson() {
        ArrayNode array = SdpClient.JSON.createArrayNode();
        if (this instanceof Group group) {
            for (int i = 0; i < group.members().size(); i++) {
                array.add(node(group.members().get(i), i == 0 ? null : group.operator()));
            }
        } else {
            array.add(node(this, null));
        }
        return array;
    }

    private static ObjectNode node(SearchCriteria criteria, String operator) {
        ObjectNode node;
        if (criteria instanceof Condition condition) {
            node = condition(condition);
        } else {
            // A group inside a group: its first member is the node, the others its children.
            Group group = (Group) criteria;
            node = node(group.members().get(0), null);
            ArrayNode children = node.putArray("children");
            for (SearchCriteria member : group.members().subList(1, group.members().size())) {
                children.add(node(member, group.operator()));
            }
        }
        if (operator != null) {
            node.put("logical_operator", operator);
        }
        return node;
    }

    private static ObjectNode condition(Condition condition) {
        ObjectNode node = SdpClient.JSON.createObjectNode();
        node.put("field", condition.field());
        node.put("condition", condition.condition());
        if (condition.values().size() == 1) {
            node.set("value", SdpClient.JSON.valueToTree(condition.values().get(0)));
        } else {
            node.set("values", SdpClient.JSON.valueToTree(new ArrayList<>(condition.values())));
        }
        return node;
    }
}
