package dev.sdpmcp.tools.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.sdp.ModuleFields;
import java.util.List;
import java.util.function.Function;

/**
 * A kind of ServiceDesk Plus record as the API names it: path ("requests"), singular root ("request") and list root
 * ("requests"), what people call it, its tool group, how one record reads in a line, the fields its lists can be
 * sorted by — the one list of them the tools offer and check (docs/sdp-api-fidelity.md §12) — and whether it has the
 * instance's user-defined fields (udf_fields; {@link ModuleFields}).
 */
public record SdpModule(Toolset toolset, String path, String singular, String plural, String noun,
        Function<JsonNode, String> line, List<String> sortable, boolean udfs) {

    /** A top-level module named by its entity ("request"): its path, list root and plural are that name's plural. */
    public static SdpModule of(Toolset toolset, String entity, Function<JsonNode, String> line) {
        return new SdpModule(toolset, entity + "s", entity, entity + "s", entity, line, List.of(), false);
    }

    /** The same module, sortable by these fields only. */
    public SdpModule sortable(String... fields) {
        return new SdpModule(toolset, path, singular, plural, noun, line, List.of(fields), udfs);
    }

    /** The same, with user-defined fields: its create and update tools take udf_fields, its get shows them. */
    /** The same module with records read in another line (a list shown with the fields a caller chose). */
    public SdpModule withLine(Function<JsonNode, String> otherLine) {
        return new SdpModule(toolset, path, singular, plural, noun, otherLine, sortable, udfs);
    }

    public SdpModule withUdfs() {
        return new SdpModule(toolset, path, singular, plural, noun, line, sortable, true);
    }

    /** A record kept under another ("note" under requests), named as {@link #of}; its path is relative to the parent. */
    public SdpModule under(String entity, Function<JsonNode, String> childLine) {
        return of(toolset, entity, childLine);
    }

    /** The same, with another root key in bodies (request notes are "request_note" at "notes"). */
    public SdpModule root(String root) {
        return new SdpModule(toolset, path, root, plural, noun, line, sortable, udfs);
    }
}
