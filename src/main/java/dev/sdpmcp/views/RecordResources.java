package dev.sdpmcp.views;

import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.tools.ToolCatalog;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.ToolResult;
import dev.sdpmcp.tools.lookups.LookupTools;
import dev.sdpmcp.tools.sdp.AttachmentTools;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.modern.McpSchema.CacheScope;
import io.modelcontextprotocol.modern.McpSchema.ReadResourceOutcome;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpSyncCompletionHandler;
import io.modelcontextprotocol.modern.server.feature.McpSyncResource;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceRepository;
import io.modelcontextprotocol.modern.server.feature.McpSyncResourceTemplate;
import io.modelcontextprotocol.modern.server.feature.ResourceTemplatesPage;
import io.modelcontextprotocol.modern.server.feature.ResourcesPage;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Base64;
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
    private static final String TEXT = "text/plain";

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

    /** The records whose files are resources: sdp://{module}/{id}/attachments/{attachment_id}. */
    static final List<Kind> WITH_ATTACHMENTS = RECORDS.subList(0, 3);
    private static final Pattern ATTACHMENT = Pattern.compile("(\\d{1,19})/attachments/(\\d{1,19})");

    @Inject
    ToolCatalog catalog;

    /** A resource at a fixed URI, read by a tool with fixed arguments. */
    private record Listed(String uri, String name, String title, String tool, Map<String, Object> arguments) {
    }

    public List<SyncResourceTemplateSpecification> templates() {
        List<SyncResourceTemplateSpecification> templates = new ArrayList<>(RECORDS.stream().map(kind ->
                new SyncResourceTemplateSpecification(ResourceTemplate.builder().uriTemplate(kind.uri("{id}"))
                        .name(kind.singular()).title(title(kind)).description(description(kind)).mimeType(TEXT).build(),
                        (exchange, request) -> classic(() -> readRecord(exchange.transportContext(), request.uri(), kind))))
                .toList());
        for (Kind kind : WITH_ATTACHMENTS) {
            templates.add(new SyncResourceTemplateSpecification(ResourceTemplate.builder().uriTemplate(fileTemplate(kind))
                    .name(fileName(kind)).title(fileTitle(kind)).description(FILE_DESCRIPTION).build(), (exchange, request) -> {
                        try {
                            ToolResult.File file = readFile(exchange.transportContext(), request.uri(), kind);
                            return new ReadResourceResult(List.of(new BlobResourceContents(file.uri(), file.mimeType(),
                                    Base64.getEncoder().encodeToString(file.bytes()))));
                        } catch (Refused refused) {
                            throw refused.classic();
                        }
                    }));
        }
        return templates;
    }

    private static final String FILE_DESCRIPTION = "The file's bytes (base64, with its type), read with your own "
            + "authorization; at most SDP_MAX_ATTACHMENT_BYTES.";

    private static String fileTemplate(Kind kind) {
        return AttachmentTools.uri(kind.module(), "{id}", "{attachment_id}");
    }

    private static String fileName(Kind kind) {
        return kind.singular() + "-attachment";
    }

    private static String fileTitle(Kind kind) {
        return "A file attached to a " + kind.singular();
    }

    /** An attachment's bytes, as the get_*_attachment tool reads them for a resource read; refusals as for records. */
    ToolResult.File readFile(McpTransportContext context, String uri, Kind kind) {
        Matcher ids = ATTACHMENT.matcher(uri.substring(kind.uri("").length()));
        if (!ids.matches()) {
            throw new Refused(ErrorCodes.INVALID_PARAMS, uri + " is not an attachment: use " + fileTemplate(kind)
                    + " with ids (digits), e.g. from list_" + kind.singular() + "_attachments.", null);
        }
        ToolCatalog.Answer answer = catalog.read("get_" + kind.singular() + "_attachment", context,
                Map.of(kind.idArgument(), ids.group(1), "attachment_id", ids.group(2)));
        if (answer.isError()) {
            throw new Refused(ErrorCodes.RESOURCE_NOT_FOUND, uri + ": " + answer.text(), Map.of("uri", uri));
        }
        if (answer.file() == null || answer.file().bytes() == null) {
            throw new IllegalStateException("a resource read of " + uri + " was answered without the file");
        }
        return answer.file();
    }

    /** The lookup lists and each module's fields: this instance's configuration, listed as resources. */
    public List<SyncResourceSpecification> metadata() {
        return listed().stream().map(listed -> new SyncResourceSpecification(Resource.builder().uri(listed.uri())
                .name(listed.name()).title(listed.title()).mimeType(TEXT).build(), (exchange, request) -> classic(() ->
                        read(exchange.transportContext(), listed.uri(), listed.tool(), listed.arguments())))).toList();
    }

    private List<Listed> listed() {
        List<Listed> metadata = new ArrayList<>();
        for (ToolDefinition definition : catalog.definitions()) {
            if (definition.toolset() == Toolset.LOOKUPS && definition.name().startsWith("get_")
                    && !(definition.inputSchema().get("required") instanceof List<?> required && !required.isEmpty())) {
                String list = definition.name().substring("get_".length());
                metadata.add(new Listed(SCHEME + "lookups/" + list, list, definition.title(), definition.name(), Map.of()));
            }
        }
        for (String module : LookupTools.MODULES_WITH_UDFS) {
            metadata.add(new Listed(SCHEME + "fields/" + module, module + "-fields", "The fields of " + module
                    + ", with this instance's own (UDFs)", "describe_fields", Map.of("module", module)));
        }
        return metadata;
    }

    private static String title(Kind kind) {
        return "A " + kind.singular() + " by id";
    }

    private static String description(Kind kind) {
        return "Read with your own authorization, as " + kind.tool() + " does.";
    }

    /**
     * The same resources for the stateless (2026-07-28) server, in a fixed order. What a caller may read depends on
     * their authorization, so lists and metadata reads are cacheable privately for {@code ttlMs}; record reads not.
     */
    public McpSyncResourceRepository statelessResources(long ttlMs, Map<String, McpSyncCompletionHandler> completions) {
        List<Listed> listed = listed();
        return new McpSyncResourceRepository() {
            @Override
            public ResourcesPage list(McpRequestContext context, String cursor) {
                return new ResourcesPage(listed.stream().map(entry -> io.modelcontextprotocol.modern.McpSchema.Resource
                        .builder(entry.uri(), entry.name()).title(entry.title()).mimeType(TEXT).build()).toList(), null,
                        ttlMs, CacheScope.PRIVATE);
            }

            @Override
            public ResourceTemplatesPage listTemplates(McpRequestContext context, String cursor) {
                List<io.modelcontextprotocol.modern.McpSchema.ResourceTemplate> templates = new ArrayList<>();
                RECORDS.forEach(kind -> templates.add(findTemplate(context, kind.uri("{id}")).definition()));
                WITH_ATTACHMENTS.forEach(kind -> templates.add(findTemplate(context, fileTemplate(kind)).definition()));
                return new ResourceTemplatesPage(templates, null, ttlMs, CacheScope.PRIVATE);
            }

            @Override
            public McpSyncResourceTemplate findTemplate(McpRequestContext context, String uriTemplate) {
                for (Kind kind : WITH_ATTACHMENTS) {
                    if (fileTemplate(kind).equals(uriTemplate)) {
                        return McpSyncResourceTemplate.of(io.modelcontextprotocol.modern.McpSchema.ResourceTemplate
                                .builder(uriTemplate, fileName(kind)).title(fileTitle(kind)).description(FILE_DESCRIPTION).build());
                    }
                }
                return RECORDS.stream().filter(kind -> kind.uri("{id}").equals(uriTemplate)).findFirst().map(kind -> {
                    var template = McpSyncResourceTemplate.of(io.modelcontextprotocol.modern.McpSchema.ResourceTemplate
                            .builder(kind.uri("{id}"), kind.singular()).title(title(kind)).description(description(kind))
                            .mimeType(TEXT).build());
                    McpSyncCompletionHandler ids = completions.get(uriTemplate);
                    return ids == null ? template : template.withCompletionHandler(ids);
                }).orElse(null);
            }

            @Override
            public boolean supportsCompletion() {
                return true;
            }

            @Override
            public McpSyncResource find(McpRequestContext context, String uri) {
                if (uri == null) {
                    return null;
                }
                for (Listed entry : listed) {
                    if (entry.uri().equals(uri)) {
                        return McpSyncResource.of((request, read) -> stateless(read.uri(), ttlMs,
                                () -> read(request.transportContext(), entry.uri(), entry.tool(), entry.arguments())));
                    }
                }
                for (Kind kind : WITH_ATTACHMENTS) {
                    if (uri.startsWith(kind.uri("")) && uri.contains("/attachments/")) {
                        return McpSyncResource.of((request, read) -> {
                            try {
                                ToolResult.File file = readFile(request.transportContext(), read.uri(), kind);
                                return McpSyncResponse.result(io.modelcontextprotocol.modern.McpSchema.ReadResourceResult
                                        .builder(List.of(io.modelcontextprotocol.modern.McpSchema.BlobResourceContents
                                                .builder(file.uri(), Base64.getEncoder().encodeToString(file.bytes()))
                                                .mimeType(file.mimeType()).build())).ttlMs(0).cacheScope(CacheScope.PRIVATE).build());
                            } catch (Refused refused) {
                                throw refused.stateless();
                            }
                        });
                    }
                }
                for (Kind kind : RECORDS) {
                    if (uri.startsWith(kind.uri(""))) {
                        return McpSyncResource.of((request, read) -> stateless(read.uri(), 0,
                                () -> readRecord(request.transportContext(), read.uri(), kind)));
                    }
                }
                return null;
            }
        };
    }

    private static ReadResourceResult classic(java.util.function.Supplier<TextResourceContents> read) {
        try {
            return new ReadResourceResult(List.of(read.get()));
        } catch (Refused refused) {
            throw refused.classic();
        }
    }

    /**
     * @param ttlMs how long the reader may reuse the answer: the instance's configuration (lookups, fields) changes
     *     rarely and is read per user (what they may see); a record may change at any time (0)
     */
    private static McpSyncResponse<ReadResourceOutcome> stateless(String uri, long ttlMs,
            java.util.function.Supplier<TextResourceContents> read) {
        try {
            TextResourceContents contents = read.get();
            return McpSyncResponse.result(io.modelcontextprotocol.modern.McpSchema.ReadResourceResult.builder(List.of(
                    io.modelcontextprotocol.modern.McpSchema.TextResourceContents.builder(uri, contents.text())
                            .mimeType(TEXT).build())).ttlMs(ttlMs).cacheScope(CacheScope.PRIVATE).build());
        } catch (Refused refused) {
            throw refused.stateless();
        }
    }

    TextResourceContents readRecord(McpTransportContext context, String uri, Kind kind) {
        return read(context, uri, kind.tool(), Map.of(kind.idArgument(), id(uri, kind)));
    }

    /** The record's text as the tool answers it; a refusal (not authorized, not found, hidden) as {@link Refused}. */
    TextResourceContents read(McpTransportContext context, String uri, String tool, Map<String, Object> arguments) {
        ToolCatalog.Answer result = catalog.run(tool, context, arguments);
        if (result.isError()) {
            throw new Refused(ErrorCodes.RESOURCE_NOT_FOUND, uri + ": " + result.text(), Map.of("uri", uri));
        }
        return new TextResourceContents(uri, TEXT, result.text());
    }

    static String id(String uri, Kind kind) {
        String id = uri.substring(kind.uri("").length());
        if (!ID.matcher(id).matches()) {
            throw new Refused(ErrorCodes.INVALID_PARAMS, uri + " is not a " + kind.singular() + ": use "
                    + kind.uri("{id}") + " with the record's id (digits), e.g. from " + kind.listTool() + ".", null);
        }
        return id;
    }
}
