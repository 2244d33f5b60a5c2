package dev.sdpmcp.tools.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.config.Toolset;
import dev.sdpmcp.sdp.ListInfo;
import dev.sdpmcp.sdp.SdpClient;
import dev.sdpmcp.sdp.SdpException;
import dev.sdpmcp.sdp.SearchCriteria;
import dev.sdpmcp.tools.JsonSchemas;
import dev.sdpmcp.tools.ToolCall;
import dev.sdpmcp.tools.ToolDefinition;
import dev.sdpmcp.tools.ToolDefinition.Hints;
import dev.sdpmcp.tools.ToolException;
import dev.sdpmcp.tools.ToolResult;
import dev.sdpmcp.tools.sdp.Filter;
import dev.sdpmcp.tools.sdp.ModuleTools;
import dev.sdpmcp.tools.sdp.Render;
import dev.sdpmcp.tools.sdp.SdpModule;
import dev.sdpmcp.tools.sdp.ToolArgs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** People: requesters and technicians, either kind or both (Cloud has no /users: docs/sdp-api-fidelity.md §9). */
@ApplicationScoped
public class UserTools {

    /** Rows of search_users say whether they are a requester or a technician (found_as). */
    static final SdpModule USERS = SdpModule.of(Toolset.USERS, "user",
            u -> Render.line(u, "name", "found_as", "email_id", "job_title", "department", "site"))
            // ME's technicians sample sorts by name; email_id is a design choice (no source lists these fields)
            .sortable("name", "email_id");

    static final List<String> QUERY_FIELDS = List.of("name", "email_id");

    static final List<Filter> FILTERS = List.of(
            Filter.names("department", "department.name", null),
            Filter.names("site", "site.name", null));

    /** Where get_user looks, in this order (as the predecessor did): requesters, then technicians. */
    static final List<String> KINDS = List.of("requester", "technician");

    /** What search_users can be narrowed to: the paths of the two kinds. */
    static final List<String> ROLES = List.of("technicians", "requesters");

    @Inject
    SdpClient sdp;

    @Produces
    ToolDefinition getUser() {
        return new ToolDefinition("get_user", "Get a user",
                "Shows one person by id or e-mail, among requesters then technicians, saying which.", Toolset.USERS, JsonSchemas.object()
                        .id("user_id", "Or email", false)
                        .string("email", "Or user_id", false).build(),
                JsonSchemas.object()
                        .property("user", JsonSchemas.typed("object", "The user as ServiceDesk Plus returns it"), true)
                        .oneOf("found_as", "Whether the user is a requester or a technician", KINDS, true).build(),
                Hints.reads(), this::get);
    }

    private ToolResult get(ToolCall call) throws ToolException, SdpException {
        Optional<String> id = ToolArgs.optionalId(call, "user_id");
        Optional<String> email = call.text("email");
        if (id.isPresent() == email.isPresent()) {
            throw new ToolException("Give either user_id or email (one of them).");
        }
        if (email.isPresent() && !email.get().contains("@")) {
            throw new ToolException("email must be an e-mail address (search_users finds people by name).");
        }
        for (String kind : KINDS) {
            Optional<JsonNode> user = id.isPresent()
                    ? sdp.find(ToolArgs.caller(call), kind + "s/" + id.get()).map(body -> body.path(kind))
                    : byEmail(call, kind, email.get());
            if (user.isPresent()) {
                return found(user.get(), user.get().path("is_technician").asBoolean(kind.equals("technician")) ? "technician" : "requester");
            }
        }
        throw new ToolException("Not found: there is no requester or technician " + (id.isPresent() ? "with id " + id.get()
                : "with the e-mail address " + email.get()) + " in this ServiceDesk Plus (search_users finds people by part "
                + "of their name or address).");
    }

    /** The first requester or technician with exactly this e-mail address (ServiceDesk Plus searches). */
    private Optional<JsonNode> byEmail(ToolCall call, String kind, String email) throws ToolException, SdpException {
        ListInfo query = new ListInfo(1, 1, null, null, SearchCriteria.of("email_id", "is", email), null, false);
        JsonNode rows = sdp.get(ToolArgs.caller(call), kind + "s", query.toInputData()).path(kind + "s");
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static ToolResult found(JsonNode user, String kind) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("found_as", kind);
        String title = Character.toUpperCase(kind.charAt(0)) + kind.substring(1);
        return ToolResult.of((title + ": " + USERS.line().apply(user) + "\n" + Render.details(user)).trim(), out);
    }

    @Produces
    ToolDefinition searchUsers() {
        JsonSchemas schema = ModuleTools.listInput(FILTERS, USERS.sortable())
                .string("query", null, false)
                .oneOf("role", "Only technicians or only requesters (default: both)", ROLES, false);
        return new ToolDefinition("search_users", "Search users",
                "Finds people by name or e-mail, optionally only technicians or requesters, or by department or site; found_as says which.",
                Toolset.USERS, schema.build(), ModuleTools.listSchema(USERS), Hints.reads(),
                this::search);
    }

    private ToolResult search(ToolCall call) throws ToolException, SdpException {
        Optional<String> role = call.text("role").map(value -> value.toLowerCase(Locale.ROOT));
        if (role.isPresent() && !ROLES.contains(role.get())) {
            throw new ToolException("role must be technicians or requesters (or left out for both).");
        }
        ListInfo query = ModuleTools.query(call, USERS, FILTERS, ModuleTools.searchText(call, QUERY_FIELDS, FILTERS), null);
        if (role.isPresent()) {
            JsonNode body = sdp.get(ToolArgs.caller(call), role.get(), query.toInputData());
            return ModuleTools.page(USERS, answer(marked(body, role.get()), body.path("list_info")), query);
        }
        return ModuleTools.page(USERS, both(call, query), query);
    }

    /**
     * Cloud has no /users (it answers 404): everyone is the requesters followed by the technicians, paged as one
     * list. The requesters' total says where this page's technicians start.
     */
    private JsonNode both(ToolCall call, ListInfo query) throws ToolException, SdpException {
        int size = query.pageSize();
        int skip = (query.page() - 1) * size;
        JsonNode requesters = sdp.get(ToolArgs.caller(call), "requesters", query.toInputData(skip + 1, size, true));
        List<JsonNode> rows = new ArrayList<>(marked(requesters, "requesters"));
        int requesterCount = requesters.path("list_info").path("total_count").asInt(skip + rows.size());
        // Always asked, for at least one row: even a page filled by requesters must know whether technicians follow.
        int wanted = size - rows.size();
        JsonNode technicians = sdp.get(ToolArgs.caller(call), "technicians",
                query.toInputData(Math.max(0, skip - requesterCount) + 1, Math.max(1, wanted), query.totalCount()));
        List<JsonNode> found = marked(technicians, "technicians");
        rows.addAll(found.subList(0, Math.min(wanted, found.size())));
        ObjectNode listInfo = SdpClient.JSON.createObjectNode();
        JsonNode more = technicians.path("list_info");
        listInfo.put("has_more_rows", requesters.path("list_info").path("has_more_rows").asBoolean(false)
                || found.size() > wanted || more.path("has_more_rows").asBoolean(false));
        if (query.totalCount()) {
            listInfo.put("total_count", requesterCount + more.path("total_count").asInt(0));
        }
        return answer(rows, listInfo);
    }

    /** The rows of a requesters or technicians answer, each saying which it is (found_as). */
    private static List<JsonNode> marked(JsonNode body, String path) {
        String kind = path.substring(0, path.length() - 1);
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode row : body.path(path)) {
            ObjectNode copy = row.deepCopy();
            copy.put("found_as", kind);
            rows.add(copy);
        }
        return rows;
    }

    private static JsonNode answer(List<JsonNode> rows, JsonNode listInfo) {
        ObjectNode body = SdpClient.JSON.createObjectNode();
        body.set(USERS.plural(), SdpClient.JSON.valueToTree(rows));
        body.set("list_info", listInfo);
        return body;
    }
}
