package dev.sdpmcp.views;

import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.tools.ToolCatalog;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.lookups.LookupTools;
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
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    @Inject
    ToolCatalog catalog;

    /** A resource at a fixed URI, read by a tool with fixed arguments. */
    private record Listed(String uri, String name, String title, String tool, Map<String, Object> arguments) {
    }

    public List<SyncResourceTemplateSpecification> templates() {
        return RECORDS.stream().map(kind -> new SyncResourceTemplateSpecification(ResourceTemplate.builder()
                .uriTemplate(kind.uri("{id}")).name(kind.singular()).title(title(kind)).description(description(kind))
                .mimeType(TEXT).build(), (exchange, request) -> classic(() -> readRecord(exchange.transportContext(),
                        request.uri(), kind)))).toList();
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
                return new ResourceTemplatesPage(RECORDS.stream().map(kind -> findTemplate(context, kind.uri("{id}"))
                        .definition()).toList(), null, ttlMs, CacheScope.PRIVATE);
            }

            @Override
            public McpSyncResourceTemplate findTemplate(McpRequestContext context, String uriTemplate) {
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
