package dev.sdpmcp.sdp.lookups;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.sdp.Lookups;
import dev.sdpmcp.sdp.Render;
import dev.sdpmcp.tools.JsonSchemas;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.ToolException;
import dev.sdpmcp.tools.ToolResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instance's own values for the fields of requests (priorities, statuses, categories, sites…), read through the
 * shared {@link Lookups} cache (SDP_LOOKUP_CACHE_SECONDS), so asking again soon costs no call to ServiceDesk Plus.
 */
@ApplicationScoped
public class LookupTools {

    @Inject
    Lookups lookups;

    @Produces
    ToolDefinition getPriorities() {
        return lookup("get_priorities", "priorities", ", e.g. for a request's priority");
    }

    @Produces
    ToolDefinition getCategories() {
        return lookup("get_categories", "categories", "; get_subcategories lists the subcategories of one");
    }

    @Produces
    ToolDefinition getSubcategories() {
        return lookup("get_subcategories", "subcategories", " of one category (give the category with them when creating)",
                JsonSchemas.object().string("category", "Category name or id (see get_categories)", true),
                call -> "categories/" + lookups.reference(call, "categories", call.requiredText("category"), "category")
                        .path("id").asText() + "/subcategories");
    }

    @Produces
    ToolDefinition getStatuses() {
        return lookup("get_statuses", "statuses", " that requests can have");
    }

    @Produces
    ToolDefinition getTechnicians() {
        return lookup("get_technicians", "technicians", " (names and e-mail addresses), who can be assigned work");
    }

    @Produces
    ToolDefinition getRequestTypes() {
        return lookup("get_request_types", "request_types", ", e.g. Incident or Service Request");
    }

    @Produces
    ToolDefinition getUrgencies() {
        return lookup("get_urgencies", "urgencies", " for requests");
    }

    @Produces
    ToolDefinition getImpacts() {
        return lookup("get_impacts", "impacts", " for requests");
    }

    @Produces
    ToolDefinition getLevels() {
        return lookup("get_levels", "levels", ", e.g. Tier 1");
    }

    @Produces
    ToolDefinition getModes() {
        return lookup("get_modes", "modes", " by which requests arrive, e.g. E-Mail");
    }

    @Produces
    ToolDefinition getSites() {
        return lookup("get_sites", "sites", " (offices and locations)");
    }

    @Produces
    ToolDefinition getSupportGroups() {
        return lookup("get_support_groups", "support_groups", ", for a request's group or assign_request");
    }

    @Produces
    ToolDefinition getRequestTemplates() {
        return lookup("get_request_templates", "request_templates", ", for a request's template");
    }

    @Produces
    ToolDefinition getClosureCodes() {
        return lookup("get_closure_codes", "closure_codes", ", for close_request");
    }

    /** Where a lookup tool reads its values: a fixed path, or one that depends on the arguments. */
    @FunctionalInterface
    interface PathOf {
        String of(ToolCall call) throws ToolException;
    }

    private ToolDefinition lookup(String name, String root, String about) {
        return lookup(name, root, about, JsonSchemas.object(), call -> root);
    }

    /** A read-only tool listing one lookup's values, under {@code root} in its structured content. */
    private ToolDefinition lookup(String name, String root, String about, JsonSchemas input, PathOf path) {
        String words = root.replace('_', ' ');
        String title = "List " + words;
        Map<String, Object> output = JsonSchemas.object()
                .property(root, Map.of("type", "array", "items", Map.of("type", "object"),
                        "description", "The " + words + " as ServiceDesk Plus returns them (id, name, …)"), true)
                .integer("count", "How many there are", true).build();
        return new ToolDefinition(name, title, "Lists this ServiceDesk Plus's " + words + " with their ids" + about + ".",
                "lookups", input.build(), output, ToolDefinition.readOnly(title, true),
                call -> values(root, words, lookups.list(call, path.of(call))));
    }

    private static ToolResult values(String root, String words, List<JsonNode> items) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(root, items);
        out.put("count", items.size());
        if (items.isEmpty()) {
            return ToolResult.of("No " + words + " are defined in this ServiceDesk Plus.", out);
        }
        StringBuilder text = new StringBuilder(items.size() + " " + words + ":");
        items.forEach(item -> text.append("\n- ").append(Render.value(item)).append(" [id ").append(item.path("id").asText()).append(']'));
        return ToolResult.of(text.toString(), out);
    }
}
