package dev.sdpmcp.sdp.lookups;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.sdp.Lookups;
import dev.sdpmcp.sdp.ModuleFields;
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

    @Inject
    ModuleFields moduleFields;

    /** The modules whose create and update tools take udf_fields. */
    static final List<String> MODULES_WITH_UDFS = List.of("requests", "problems", "changes", "projects", "assets");

    @Produces
    ToolDefinition describeFields() {
        Map<String, Object> output = JsonSchemas.object()
                .strings("mandatory", "Fields a create needs, by key", true)
                .property("udf_fields", Map.of("type", "array", "items", Map.of("type", "object"),
                        "description", "The user-defined fields: key, label, type, options, mandatory, mandatory_on_template, lookup_entity"), true)
                .build();
        return new ToolDefinition("describe_fields", "Describe a module's fields",
                "What creating a record needs on this ServiceDesk Plus: its mandatory fields and its user-defined fields "
                        + "(labels, types, allowed values) to give in udf_fields.", "lookups",
                JsonSchemas.object().oneOf("module", "The kind of record", MODULES_WITH_UDFS, true).build(), output,
                ToolDefinition.readOnly("Describe a module's fields", true), call -> {
                    String module = call.requiredText("module");
                    if (!MODULES_WITH_UDFS.contains(module)) {
                        throw new ToolException("module must be one of " + String.join(", ", MODULES_WITH_UDFS) + ".");
                    }
                    ModuleFields.Meta meta = moduleFields.of(call, module);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("mandatory", meta.fields().stream().filter(ModuleFields.Standard::mandatory).map(ModuleFields.Standard::key).toList());
                    out.put("udf_fields", meta.udfs().stream().map(udf -> {
                        Map<String, Object> one = new LinkedHashMap<>();
                        one.put("key", udf.key());
                        one.put("label", udf.label());
                        one.put("type", udf.type());
                        one.put("options", udf.options());
                        one.put("mandatory", udf.mandatory());
                        one.put("mandatory_on_template", udf.mandatoryOn());
                        if (udf.lookupEntity() != null) {
                            one.put("lookup_entity", udf.lookupEntity());
                        }
                        return one;
                    }).toList());
                    return ToolResult.of(ModuleFields.describe(module.substring(0, module.length() - 1), meta), out);
                });
    }

    @Produces
    ToolDefinition getPriorities() {
        return lookup("get_priorities", "priorities",
                "Lists the priorities of this ServiceDesk Plus (names and ids), e.g. for a request's priority.");
    }

    @Produces
    ToolDefinition getCategories() {
        return lookup("get_categories", "categories",
                "Lists the request categories of this ServiceDesk Plus (names and ids); get_subcategories lists those of one category.");
    }

    @Produces
    ToolDefinition getSubcategories() {
        return lookup("get_subcategories", "subcategories", "Lists the subcategories of one request category (names and ids).",
                JsonSchemas.object().string("category", "Category name or id (see get_categories)", true),
                call -> "categories/" + lookups.reference(call, "categories", call.requiredText("category"), "category")
                        .path("id").asText() + "/subcategories");
    }

    @Produces
    ToolDefinition getStatuses() {
        return lookup("get_statuses", "statuses",
                "Lists the statuses requests can have in this ServiceDesk Plus (names and ids).");
    }

    @Produces
    ToolDefinition getTechnicians() {
        return lookup("get_technicians", "technicians",
                "Lists the technicians of this ServiceDesk Plus (names, e-mail addresses and ids), who can be assigned requests.");
    }

    @Produces
    ToolDefinition getRequestTypes() {
        return lookup("get_request_types", "request_types",
                "Lists the request types of this ServiceDesk Plus (names and ids), e.g. Incident.");
    }

    @Produces
    ToolDefinition getUrgencies() {
        return lookup("get_urgencies", "urgencies",
                "Lists the urgencies of this ServiceDesk Plus (names and ids), for requests.");
    }

    @Produces
    ToolDefinition getImpacts() {
        return lookup("get_impacts", "impacts", "Lists the impacts of this ServiceDesk Plus (names and ids), for requests.");
    }

    @Produces
    ToolDefinition getLevels() {
        return lookup("get_levels", "levels", "Lists the levels of this ServiceDesk Plus (names and ids), e.g. Tier 1.");
    }

    @Produces
    ToolDefinition getModes() {
        return lookup("get_modes", "modes",
                "Lists the modes by which requests arrive in this ServiceDesk Plus (names and ids), e.g. E-Mail.");
    }

    @Produces
    ToolDefinition getSites() {
        return lookup("get_sites", "sites",
                "Lists the sites (offices, locations) of this ServiceDesk Plus (names and ids).");
    }

    @Produces
    ToolDefinition getSupportGroups() {
        return lookup("get_support_groups", "support_groups",
                "Lists the support groups of this ServiceDesk Plus (names and ids), for a request's group.");
    }

    @Produces
    ToolDefinition getRequestTemplates() {
        return lookup("get_request_templates", "request_templates",
                "Lists the request templates of this ServiceDesk Plus (names and ids).");
    }

    @Produces
    ToolDefinition getClosureCodes() {
        return lookup("get_closure_codes", "closure_codes",
                "Lists the closure codes of this ServiceDesk Plus (names and ids), for close_request.");
    }

    /** Where a lookup tool reads its values: a fixed path, or one that depends on the arguments. */
    @FunctionalInterface
    interface PathOf {
        String of(ToolCall call) throws ToolException;
    }

    private ToolDefinition lookup(String name, String root, String description) {
        return lookup(name, root, description, JsonSchemas.object(), call -> root);
    }

    /** A read-only tool listing one lookup's values, under {@code root} in its structured content. */
    private ToolDefinition lookup(String name, String root, String description, JsonSchemas input, PathOf path) {
        String words = root.replace('_', ' ');
        String title = "List " + words;
        Map<String, Object> output = JsonSchemas.object()
                .property(root, Map.of("type", "array", "items", Map.of("type", "object"),
                        "description", "The " + words + " as ServiceDesk Plus returns them (id, name, …)"), true)
                .integer("count", "How many there are", true).build();
        return new ToolDefinition(name, title, description, "lookups", input.build(), output, ToolDefinition.readOnly(title, true),
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
