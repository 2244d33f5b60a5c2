package dev.sdpmcp.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/**
 * A kind of ServiceDesk Plus record as the API names it: path ("requests"), singular root ("request") and list root
 * ("requests"), what people call it, its tool group, how one record reads in a line, and whether it has the
 * instance's user-defined fields (udf_fields; {@link ModuleFields}).
 */
public record SdpModule(String toolset, String path, String singular, String plural, String noun,
        Function<JsonNode, String> line, boolean udfs) {

    public SdpModule(String toolset, String path, String singular, String plural, String noun, Function<JsonNode, String> line) {
        this(toolset, path, singular, plural, noun, line, false);
    }

    /** The same, with user-defined fields: its create and update tools take udf_fields, its get shows them. */
    public SdpModule withUdfs() {
        return new SdpModule(toolset, path, singular, plural, noun, line, true);
    }

    /** A record kept under another (a request's notes): the same, with the path relative to the parent. */
    public SdpModule under(String childPath, String childSingular, String childPlural, String childNoun,
            Function<JsonNode, String> childLine) {
        return new SdpModule(toolset, childPath, childSingular, childPlural, childNoun, childLine);
    }
}
