package dev.sdpmcp.views;

import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.tools.ToolCatalog;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.lookups.LookupTools;
import dev.sdpmcp.tools.sdp.AttachmentTools;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records (sdp://requests/{id}…) and the instance's metadata (sdp://lookups/priorities, sdp://fields/requests…) as MCP
 * resources. Each read is the matching read tool's, run with the reader's own authorization: the same visibility,
 * refusals, cleaning and size limit as a tools/call, and the same text.
 */
@ApplicationScoped
public class RecordResources {

    static final String SCHEME = "sdp://";
    private static final Pattern ID = Pattern.compile("\\d{1,19}");

    /** A kind of record: where its resources live and which tool reads one. */
    record Kind(String module, String singular, String tool, String idArgument, String listTool) {

        String uri(String id) {
            return SCHEME + module + "/" + id;
        }
    }

    static final Kind REQUESTS = new Kind("requests", "request", "get_request", "request_id", "list_requests");
    static final Kind PROBLEMS = new Kind("problems", "problem", "get_problem", "problem_id", "list_problems");
    static final List<Kind> RECORDS = List.of(REQUESTS, PROBLEMS,
            new Kind("changes", "change", "get_change", "change_id", "list_changes"),
            new Kind("assets", "asset", "get_asset", "asset_id", "list_assets"),
            new Kind("solutions", "solution", "get_solution", "solution_id", "search_solutions"));

    @Inject
    ToolCatalog catalog;

    /** The records whose files are resources: sdp://{module}/{id}/attachments/{attachment_id}. */
    static final List<Kind> WITH_ATTACHMENTS = RECORDS.subList(0, 3);
    private static final Pattern ATTACHMENT = Pattern.compile("(\\d{1,19})/attachments/(\\d{1,19})");

    public List<SyncResourceTemplateSpecification> templates() {
        List<SyncResourceTemplateSpecification> templates = new ArrayList<>(RECORDS.stream().map(kind ->
                new SyncResourceTemplateSpecification(ResourceTemplate.builder()
                        .uriTemplate(kind.uri("{id}")).name(kind.singular()).title("A " + kind.singular() + " by id")
                        .description("Read with your own authorization, as " + kind.tool() + " does.").mimeType("text/plain").build(),
                        (exchange, request) -> read(exchange, request.uri(), kind.tool(),
                                Map.of(kind.idArgument(), id(request.uri(), kind))))).toList());
        for (Kind kind : WITH_ATTACHMENTS) {
            String tool = "get_" + kind.singular() + "_attachment";
            templates.add(new SyncResourceTemplateSpecification(ResourceTemplate.builder()
                    .uriTemplate(AttachmentTools.uri(kind.module(), "{id}", "{attachment_id}"))
                    .name(kind.singular() + "-attachment").title("A file attached to a " + kind.singular())
                    .description("The file's bytes (base64, with its type), read with your own authorization; at most "
                            + "SDP_MAX_ATTACHMENT_BYTES.").build(),
                    (exchange, request) -> file(exchange, request.uri(), kind, tool)));
        }
        return templates;
    }

    /** An attachment's bytes as a blob; refusals as for records. */
    ReadResourceResult file(McpSyncServerExchange exchange, String uri, Kind kind, String tool) {
        Matcher ids = ATTACHMENT.matcher(uri.substring(kind.uri("").length()));
        if (!ids.matches()) {
            throw McpError.builder(ErrorCodes.INVALID_PARAMS).message(uri + " is not an attachment: use "
                    + AttachmentTools.uri(kind.module(), "{id}", "{attachment_id}") + " with ids (digits), e.g. from list_"
                    + kind.singular() + "_attachments.").build();
        }
        CallToolResult result = catalog.read(tool, exchange, Map.of(kind.idArgument(), ids.group(1), "attachment_id", ids.group(2)));
        if (Boolean.TRUE.equals(result.isError())) {
            String text = result.content().isEmpty() ? "" : ((TextContent) result.content().get(0)).text();
            throw McpError.builder(ErrorCodes.RESOURCE_NOT_FOUND).message(uri + ": " + text).data(Map.of("uri", uri)).build();
        }
        for (Content content : result.content()) {
            if (content instanceof EmbeddedResource embedded && embedded.resource() instanceof BlobResourceContents blob) {
                return new ReadResourceResult(List.of(blob));
            }
        }
        throw new IllegalStateException(tool + " answered a resource read without the file");
    }

    /** The lookup lists and each module's fields: this instance's configuration, listed as resources. */
    public List<SyncResourceSpecification> metadata() {
        List<SyncResourceSpecification> metadata = new ArrayList<>();
        for (ToolDefinition definition : catalog.definitions()) {
            if (definition.toolset() == Toolset.LOOKUPS && definition.name().startsWith("get_")
                    && !(definition.inputSchema().get("required") instanceof List<?> required && !required.isEmpty())) {
                String list = definition.name().substring("get_".length());
                metadata.add(resource(SCHEME + "lookups/" + list, list, definition.title(), definition.name(), Map.of()));
            }
        }
        for (String module : LookupTools.MODULES_WITH_UDFS) {
            metadata.add(resource(SCHEME + "fields/" + module, module + "-fields", "The fields of " + module
                    + ", with this instance's own (UDFs)", "describe_fields", Map.of("module", module)));
        }
        return metadata;
    }

    private SyncResourceSpecification resource(String uri, String name, String title, String tool, Map<String, Object> arguments) {
        return new SyncResourceSpecification(Resource.builder().uri(uri).name(name).title(title).mimeType("text/plain").build(),
                (exchange, request) -> read(exchange, uri, tool, arguments));
    }

    /** The record's text as the tool answers it; a refusal (not authorized, not found, hidden) as a resource error. */
    ReadResourceResult read(McpSyncServerExchange exchange, String uri, String tool, Map<String, Object> arguments) {
        CallToolResult result = catalog.run(tool, exchange, arguments);
        String text = result.content().isEmpty() ? "" : ((TextContent) result.content().get(0)).text();
        if (Boolean.TRUE.equals(result.isError())) {
            throw McpError.builder(ErrorCodes.RESOURCE_NOT_FOUND).message(uri + ": " + text).data(Map.of("uri", uri)).build();
        }
        return new ReadResourceResult(List.of(new TextResourceContents(uri, "text/plain", text)));
    }

    static String id(String uri, Kind kind) {
        String id = uri.substring(kind.uri("").length());
        if (!ID.matcher(id).matches()) {
            throw McpError.builder(ErrorCodes.INVALID_PARAMS).message(uri + " is not a " + kind.singular() + ": use "
                    + kind.uri("{id}") + " with the record's id (digits), e.g. from " + kind.listTool() + ".").build();
        }
        return id;
    }
}
