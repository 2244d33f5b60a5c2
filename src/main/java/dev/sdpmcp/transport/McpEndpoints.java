package dev.sdpmcp.transport;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sdpmcp.config.Settings;
import dev.sdpmcp.session.CallContext;
import dev.sdpmcp.tools.ConfirmationGate;
import dev.sdpmcp.tools.ServerInfo;
import dev.sdpmcp.tools.ToolCatalog;
import dev.sdpmcp.views.RecordResources;
import dev.sdpmcp.views.WorkPrompts;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.modern.McpSchema.CacheScope;
import io.modelcontextprotocol.modern.McpSchema.Implementation;
import io.modelcontextprotocol.modern.server.McpRequestContext;
import io.modelcontextprotocol.modern.server.RequestStateCodec;
import io.modelcontextprotocol.modern.server.feature.PromptsFeature;
import io.modelcontextprotocol.modern.server.feature.ResourcesFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServlet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds the MCP servers over the same tools: legacy SSE at /sse + /messages, Streamable HTTP sessions at /mcp, and
 * the stateless 2026-07-28 server, which the gateway hands the requests on /mcp that speak it (the servlet has no
 * URL of its own, so nothing reaches it around the gateway); registers the SDK's servlets, and runs the keep-alive and
 * idle-session chores.
 */
@WebListener
public class McpEndpoints implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(McpEndpoints.class.getName());

    @Inject
    Settings settings;

    @Inject
    ToolCatalog catalog;

    @Inject
    RecordResources resources;

    @Inject
    WorkPrompts prompts;

    @Inject
    SessionRegistry sessions;

    @Inject
    EventStreams streams;

    @Inject
    Stopping stopping;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** The name the gateway forwards stateless requests to. */
    static final String STATELESS_SERVLET = "mcp-stateless";
    /**
     * How long a client may reuse a tools/list or server/discover answer: lists depend on the caller's authorization
     * and headers, so they are cached privately and briefly (an authorization takes effect within this time).
     */
    private static final long LIST_TTL_MS = 60_000;

    private final List<McpSyncServer> servers = new ArrayList<>();
    private io.modelcontextprotocol.modern.server.McpServer stateless;
    private final List<ScheduledFuture<?>> chores = new ArrayList<>();
    private Thread listenerWatch;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        McpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
        int maxBytes = settings.maxRequestBytes();

        // The endpoint event must carry a relative URL: clients refuse one on another origin.
        var sse = HttpServletSseServerTransportProvider.builder()
                .jsonMapper(json)
                .baseUrl(context.getContextPath())
                .sseEndpoint(GatewayFilter.SSE_PATH)
                .messageEndpoint(GatewayFilter.MESSAGE_PATH)
                .contextExtractor(CallContext::extract)
                .maxRequestSize(maxBytes)
                .build();
        var streamable = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json)
                .mcpEndpoint(GatewayFilter.STREAMABLE_PATH)
                .contextExtractor(CallContext::extract)
                .keepAliveInterval(null) // keep-alives are SSE comments, written by EventStreams
                .sessionSweepInterval(settings.sessionIdleTimeout())
                .maxRequestSize(maxBytes)
                .build();

        List<SyncToolSpecification> tools = catalog.specifications();
        SchemaValidator validator = new SchemaValidator();
        servers.add(configure(McpServer.sync(TrackedProviders.sse(sse)), json, validator, tools));
        servers.add(configure(McpServer.sync(TrackedProviders.streamable(streamable, sessions)), json, validator, tools));
        register(context, "mcp-sse", sse, GatewayFilter.SSE_PATH, GatewayFilter.MESSAGE_PATH);
        register(context, "mcp-streamable", streamable, GatewayFilter.STREAMABLE_PATH);

        stateless = io.modelcontextprotocol.modern.server.McpServer.builder()
                .serverInfo(Implementation.builder(ServerInfo.NAME, ServerInfo.version()).build())
                .instructions(ServerInfo.INSTRUCTIONS)
                .jsonMapper(json)
                .feature(ToolsFeature.ofSync(catalog.statelessTools(LIST_TTL_MS), json, validator, LIST_TTL_MS, CacheScope.PRIVATE))
                .feature(ResourcesFeature.ofSync(resources.statelessResources(LIST_TTL_MS, prompts.statelessRecordCompletions()),
                        json, LIST_TTL_MS, CacheScope.PRIVATE))
                .feature(PromptsFeature.ofSync(prompts.statelessPrompts(LIST_TTL_MS), json, LIST_TTL_MS, CacheScope.PRIVATE))
                .discoverCache(LIST_TTL_MS, CacheScope.PRIVATE)
                .requestStateCodec(AS_SEALED)
                .build();
        var statelessTransport = HttpServletMcpTransport.builder(stateless)
                .jsonMapper(json)
                .endpoint(GatewayFilter.STREAMABLE_PATH)
                .contextExtractor(CallContext::extract)
                .maxRequestSize(maxBytes)
                // the gateway has checked Origin against SDP_ALLOWED_ORIGINS; the SDK's own check knows no list
                .httpHeaderValidator(ServerHttpHeaderValidator.NOOP)
                .build();
        register(context, STATELESS_SERVLET, statelessTransport);

        Duration keepAlive = settings.keepAliveInterval();
        chores.add(scheduler.scheduleAtFixedRate(quietly("keep-alive", streams::keepAliveAll),
                keepAlive.toMillis(), keepAlive.toMillis(), TimeUnit.MILLISECONDS));
        Duration idle = settings.sessionIdleTimeout();
        long reapEvery = Math.max(1000, Math.min(idle.toMillis() / 4, 60_000));
        chores.add(scheduler.scheduleAtFixedRate(quietly("session reaper", () -> sessions.reapIdle(idle)),
                reapEvery, reapEvery, TimeUnit.MILLISECONDS));
        java.net.URI self = java.net.URI.create(settings.selfUrl());
        listenerWatch = ListenerWatch.start(self.getHost(), self.getPort(), stopping::stop);
        LOG.info(() -> "MCP endpoints ready with " + tools.size() + " tool(s)");
    }

    /**
     * The only request state this server issues is a confirmation, sealed already (encrypted for its user and tool with
     * the key every server shares, and claimed once in the database): it goes out and comes back as it is, so that the
     * answer to a question one server asked is accepted by any other. The SDK's default codec signs with a key of its
     * own, random per process, which no other server knows.
     */
    static final RequestStateCodec AS_SEALED = new RequestStateCodec() {
        @Override
        public String seal(McpRequestContext context, String state) {
            return state;
        }

        @Override
        public String open(McpRequestContext context, String state) {
            return state;
        }
    };

    private McpSyncServer configure(McpServer.SyncSpecification<?> spec, McpJsonMapper json, SchemaValidator validator,
            List<SyncToolSpecification> tools) {
        return spec.serverInfo(ServerInfo.NAME, ServerInfo.version())
                // read-only mode and toolsets: hidden tools are absent from tools/list (and refused if called)
                .addToolFilter((context, tool) -> catalog.visible(catalog.definition(tool.name()), context))
                .instructions(ServerInfo.INSTRUCTIONS)
                .capabilities(ServerCapabilities.builder().tools(false).resources(false, false).prompts(false).completions().build())
                .jsonMapper(json)
                .jsonSchemaValidator(validator)
                // Tool handlers use JPA and JNDI: run them on the container's request thread.
                .immediateExecution(true)
                // what it asks a client waits on a person (a confirmation, ConfirmationGate): minutes, not seconds
                .requestTimeout(ConfirmationGate.QUESTION_TIMEOUT)
                .tools(tools)
                .resources(resources.metadata())
                .resourceTemplates(resources.templates())
                .prompts(prompts.prompts())
                .completions(prompts.completions())
                .build();
    }

    /**
     * The SDK's validator (tool arguments, and every structured result against its output schema), with its compiled
     * schemas found by the schema's identity: its own key is the hash code of the whole schema, computed on every call
     * (and two different schemas with one hash code would share a compiled schema). Tools are built once, so their
     * schemas are the same objects on every call; the bound keeps any other caller from growing the cache.
     */
    private static final class SchemaValidator extends DefaultJsonSchemaValidator {
        private static final int MAX_SCHEMAS = 10_000;
        private final Map<Map<String, Object>, String> keys = Collections.synchronizedMap(new IdentityHashMap<>());

        @Override
        protected String generateCacheKey(Map<String, Object> schema) {
            String key = keys.get(schema);
            if (key == null && keys.size() < MAX_SCHEMAS) {
                key = keys.computeIfAbsent(schema, s -> "tool-schema-" + keys.size());
            }
            return key != null ? key : super.generateCacheKey(schema);
        }
    }

    private static void register(ServletContext context, String name, HttpServlet servlet, String... paths) {
        ServletRegistration.Dynamic registration = context.addServlet(name, servlet);
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);
        if (paths.length > 0) {
            registration.addMapping(paths);
        }
    }

    private static Runnable quietly(String chore, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, chore + " failed", e);
            }
        };
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (listenerWatch != null) {
            listenerWatch.interrupt();
        }
        stopping.stop(); // unless ListenerWatch began it earlier (Liberty's quiesce)
        chores.forEach(chore -> chore.cancel(false));
        sessions.endAll();
        if (stateless != null) {
            stateless.closeGracefully();
        }
        for (McpSyncServer server : servers) {
            try {
                server.closeGracefully();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "closing an MCP server failed", e);
            }
        }
    }
}
