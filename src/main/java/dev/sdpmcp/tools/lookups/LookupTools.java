package dev.sdpmcp.tools.lookups;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.sdp.Lookups;
import dev.sdpmcp.sdp.ModuleFields;
import dev.sdpmcp.sdp.SdpException;
import dev.sdpmcp.tools.JsonSchemas;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.ToolDefinition.Hints;
import dev.sdpmcp.tools.ToolException;
import dev.sdpmcp.tools.ToolGroup;
import dev.sdpmcp.tools.ToolResult;
import dev.sdpmcp.tools.sdp.Render;
import dev.sdpmcp.tools.sdp.ToolArgs;
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
    public static final List<String> MODULES_WITH_UDFS = List.of("requests", "problems", "changes", "projects", "assets");

    @Produces
    ToolDefinition describeFields() {
        Map<String, Object> output = JsonSchemas.object().strings("mandatory", "Keys", true)
                .objects("udf_fields", "key, label, type, options, mandatory, mandatory_on_template, lookup_entity", true)
                .buildResult();
        return new ToolDefinition("describe_fields", "Describe a module's fields",
                "What a create needs here: mandatory fields, and user-defined fields (labels, types, allowed values) for "
                        + "udf_fields.", Toolset.LOOKUPS,
                JsonSchemas.object().oneOf("module", "The kind of record", MODULES_WITH_UDFS, true).build(), output,
                Hints.reads(), call -> {
                    String module = call.requiredText("module");
                    if (!MODULES_WITH_UDFS.contains(module)) {
                        throw new ToolException("module must be one of " + String.join(", ", MODULES_WITH_UDFS) + ".");
                    }
                    ModuleFields.Meta meta = moduleFields.of(ToolArgs.caller(call), module);
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

    /** One of the instance's lists: its tool, its path (also its root in answers), what it is for. */
    record Lookup(String tool, String path, String description) {
    }

    /** The lists read as they are, one tool each. */
    static final List<Lookup> LISTS = List.of(
            new Lookup("get_priorities", "priorities", "Names and ids."),
            new Lookup("get_categories", "categories", "Request categories (get_subcategories: one category's)."),
            new Lookup("get_statuses", "statuses", "Request statuses."),
            new Lookup("get_technicians", "technicians", "Names, e-mails and ids."),
            new Lookup("get_request_types", "request_types", "E.g. Incident."),
            new Lookup("get_urgencies", "urgencies", "Names and ids."),
            new Lookup("get_impacts", "impacts", "Names and ids."),
            new Lookup("get_levels", "levels", "E.g. Tier 1."),
            new Lookup("get_modes", "modes", "How requests arrive, e.g. E-Mail."),
            new Lookup("get_sites", "sites", "Offices and locations."),
            new Lookup("get_support_groups", "support_groups", "Names and ids."),
            new Lookup("get_request_templates", "request_templates", "Names and ids."),
            new Lookup("get_closure_codes", "closure_codes", "For close_request."));

    @Produces
    ToolGroup lists() {
        return new ToolGroup(LISTS.stream().map(list -> lookup(list.tool(), list.path(), list.description(),
                JsonSchemas.object(), call -> list.path())).toList());
    }

    @Produces
    ToolDefinition getSubcategories() {
        return lookup("get_subcategories", "subcategories", "Of one request category.",
                JsonSchemas.object().string("category", "Name or id", true),
                call -> "categories/" + lookups.reference(ToolArgs.caller(call), "categories", call.requiredText("category"), "category")
                        .path("id").asText() + "/subcategories");
    }

    /** Where a lookup tool reads its values: a fixed path, or one that depends on the arguments. */
    @FunctionalInterface
    interface PathOf {
        String of(ToolCall call) throws ToolException, SdpException;
    }

    /** A read-only tool listing one lookup's values, under {@code root} in its structured content. */
    private ToolDefinition lookup(String name, String root, String description, JsonSchemas input, PathOf path) {
        String words = root.replace('_', ' ');
        String title = "List " + words;
        Map<String, Object> output = JsonSchemas.object().objects(root, null, false).buildResult();
        return new ToolDefinition(name, title, description, Toolset.LOOKUPS, input.build(), output, Hints.reads(),
                call -> values(root, words, lookups.list(ToolArgs.caller(call), path.of(call))));
    }

    /**
     * A lookup's values, each as its id, name and e-mail (what names it in a call): the rest of a record is not needed
     * to pick a value. A list too long for the answer's size limit is cut, saying so (tools take names directly).
     */
    private static ToolResult values(String root, String words, List<JsonNode> items) {
        List<JsonNode> compact = items.stream().map(LookupTools::compact).toList();
        return ToolResult.list(values(root, words, compact, compact.size()), compact.size(),
                shown -> values(root, words, compact.subList(0, shown), compact.size()));
    }

    private static ToolResult values(String root, String words, List<JsonNode> items, int all) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(root, items);
        out.put("count", items.size());
        if (items.isEmpty()) {
            return ToolResult.of("No " + words + " are defined in this ServiceDesk Plus.", out);
        }
        StringBuilder text = new StringBuilder(items.size() + " " + words + ":");
        if (items.size() < all) {
            out.put("total", all);
            text.append(" the first ").append(items.size()).append(" of ").append(all).append(", to keep this answer small; tools take ")
                    .append("a name (or e-mail) directly.");
        }
        items.forEach(item -> text.append("\n- ").append(Render.value(item)).append(" [id ").append(item.path("id").asText()).append(']'));
        return ToolResult.of(text.toString(), out);
    }

    private static JsonNode compact(JsonNode item) {
        ObjectNode kept = item.isObject() ? ((ObjectNode) item).objectNode() : null;
        if (kept == null) {
            return item;
        }
        for (String field : List.of("id", "name", "email_id")) {
            if (item.has(field)) {
                kept.set(field, item.get(field));
            }
        }
        return kept;
    }
}
