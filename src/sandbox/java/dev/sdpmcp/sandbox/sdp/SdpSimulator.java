package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.sdpmcp.sandbox.ZohoSimulator;
import dev.sdpmcp.sandbox.ZohoSimulator.AccessToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful ServiceDesk Plus Cloud REST API v3 (docs/sdp-api-fidelity.md): one data set per portal, created and seeded on
 * first use; Zoho access tokens from {@link ZohoSimulator} checked for validity and scope; each Zoho client id acting
 * as its own technician; a per-portal rate limit; injectable latency and faults; a log of every call.
 *
 * <p>The API answers at {@code /app/{portal}/api/v3/...} and, for the default portal, at the short form
 * {@code /api/v3/...} (sdp-api-fidelity.md §1); any other path is the site's HTML login page, as a real site shows a
 * wrong base URL. Order of checks on an API call: armed fault, token (401), rate limit (429/4015), Accept header
 * (400), input_data JSON, URL (404/4007), scope (401), then the operation itself. Every 401 has the same body: a
 * client cannot tell an expired token from a missing scope by it (docs/sdp-api-fidelity.md §10).
 */
@ApplicationScoped
public class SdpSimulator {

    public static final String DEFAULT_PORTAL = "itdesk";
    static final String JSON = "application/json;charset=UTF-8";
    private static final Pattern APP_PATH = Pattern.compile("app/([^/]+)/api/v3(?:/(.*))?");
    private static final Pattern SHORT_PATH = Pattern.compile("api/v3(?:/(.*))?");
    private static final Pattern PORTALS = Pattern.compile("portals/?");
    /** A record id in a path, for per-URL limits: requests/123/notes and requests/456/notes are one URL. */
    private static final Pattern ID_SEGMENT = Pattern.compile("(?<=^|/)\\d+(?=/|$)");
    static final String LOGIN_PAGE = "<!DOCTYPE html><html><head><title>ServiceDesk Plus - Login</title></head><body>"
            + "<form method=\"post\" action=\"/j_security_check\"><input name=\"username\"><input type=\"password\" "
            + "name=\"password\"><button>Sign in</button></form></body></html>";
    private static final List<String> ACCEPTED = List.of("application/vnd.manageengine.sdp.v3+json", "application/v3+json");

    /** Tunable behaviour; tests change it through {@link SdpSimulatorControl}. */
    public static final class Limits {
        public volatile int callsPerMinute = 600;
        /** Off by default: no source shows SDP sending Retry-After (docs/sdp-api-fidelity.md §13); a client must back off on its own. */
        public volatile boolean retryAfter;
        /** Each URL (method and path, ids aside) of a portal has its own minute, as SDP's per-action limits do (docs/sdp-api-fidelity.md §13). */
        public volatile boolean perUrl;
        public volatile long latencyMs;
    }

    /** Where a path leads: a portal's API ({@code rest} is what follows api/v3), or nowhere in the API (null). */
    record Target(String portal, String rest, boolean shortForm) {

        static Target of(String path) {
            Matcher app = APP_PATH.matcher(path);
            if (app.matches()) {
                return new Target(app.group(1), app.group(2), false);
            }
            Matcher shortForm = SHORT_PATH.matcher(path);
            return shortForm.matches() ? new Target(DEFAULT_PORTAL, shortForm.group(1), true) : null;
        }

        List<String> segments() {
            return rest == null ? List.of() : Arrays.stream(rest.split("/")).filter(s -> !s.isEmpty()).toList();
        }
    }

    /**
     * A call as the HTTP layer hands it over; {@code path} is what follows /sandbox/sdp/; {@code parts} the parts of a
     * multipart/form-data body (an upload), null for any other body.
     */
    public record Call(String method, String path, String authorization, String accept, Map<String, String> query,
                       String contentType, String body, List<Attachments.Part> parts) {

        public Call(String method, String path, String authorization, String accept, Map<String, String> query,
                String contentType, String body) {
            this(method, path, authorization, accept, query, contentType, body, null);
        }
    }

    /**
     * An answer; {@code dropped}: the connection is cut after the headers and part of the body; {@code bytes}: a
     * binary body (a file download) instead of {@code body}.
     */
    public record Reply(int status, String contentType, String body, Map<String, String> headers, boolean dropped, byte[] bytes) {
        public Reply(int status, String contentType, String body, Map<String, String> headers) {
            this(status, contentType, body, headers, false, null);
        }

        public Reply(int status, String contentType, String body, Map<String, String> headers, boolean dropped) {
            this(status, contentType, body, headers, dropped, null);
        }
    }

    /**
     * The next {@code remaining} matching calls fail with {@code status}, or answer a non-JSON body, or (429) say
     * when to retry, or lose the connection mid-answer.
     */
    static final class Fault {
        int remaining;
        final int status;
        final boolean malformed;
        final long retryAfter;
        final boolean drop;
        final String portal;
        final String clientId;

        Fault(int remaining, int status, boolean malformed, long retryAfter, boolean drop, String portal, String clientId) {
            this.remaining = remaining;
            this.status = status;
            this.malformed = malformed;
            this.retryAfter = retryAfter;
            this.drop = drop;
            this.portal = portal;
            this.clientId = clientId;
        }

        boolean matches(String portalName, String client) {
            return (portal == null || portal.equalsIgnoreCase(portalName)) && (clientId == null || clientId.equals(client));
        }

        Reply reply() {
            if (drop) {
                return new Reply(status, JSON, Json.write(ApiException.internal().body()), Map.of(), true);
            }
            if (status == 429) {
                ApiException limited = ApiException.rateLimited(retryAfter);
                return new Reply(429, JSON, Json.write(limited.body()),
                        retryAfter > 0 ? Map.of("Retry-After", Long.toString(retryAfter)) : Map.of());
            }
            if (malformed) {
                return new Reply(status, "text/html;charset=UTF-8",
                        "<html><head><title>Service Unavailable</title></head><body><h1>Please try again later</h1>", Map.of());
            }
            return new Reply(status, JSON, Json.write(ApiException.internal().body()), Map.of());
        }

        ObjectNode toJson() {
            return Json.of("remaining", remaining, "status", status, "malformed", malformed, "retry_after", retryAfter,
                    "drop", drop, "portal", portal, "client_id", clientId);
        }
    }

    @Inject
    ZohoSimulator zoho;

    // Reached only through methods: the CDI client proxy has fields of its own.
    private final RequestLog log = new RequestLog();
    private final Limits limits = new Limits();
    private final Map<String, Portal> portals = new LinkedHashMap<>();
    private final Map<String, Deque<Long>> windows = new HashMap<>();
    private final List<Fault> faults = new ArrayList<>();

    public SdpSimulator() {
    }

    SdpSimulator(ZohoSimulator zoho) {
        this.zoho = zoho;
    }

    long now() {
        return zoho.now().toEpochMilli();
    }

    public Limits limits() {
        return limits;
    }

    /** The request log, oldest first, filtered by client id and portal (null: any), after a sequence number. */
    public List<ObjectNode> log(String clientId, String portal, long afterSeq) {
        return log.find(clientId, portal, afterSeq).stream().map(RequestLog.Entry::toJson).toList();
    }

    public int clearLog(String clientId, String portal) {
        return log.clear(clientId, portal);
    }

    public Reply handle(Call call) {
        pause(limits.latencyMs);
        long now = now();
        Optional<AccessToken> token = token(call.authorization());
        String clientId = token.map(AccessToken::clientId).orElse(null);
        Target target = Target.of(call.path());
        String portal = target == null ? null : target.portal();
        String rawInput = Params.inputData(call.query(), call.contentType(), call.body());
        Reply reply;
        int statusCode = 2000;
        try {
            Fault fault = target == null ? null : takeFault(portal, clientId);
            if (target == null) {
                // not the API: a web page, whatever the token (docs/sdp-api-fidelity.md §1, a wrong base URL)
                reply = new Reply(200, "text/html;charset=UTF-8", LOGIN_PAGE, Map.of());
                statusCode = 0;
            } else if (fault != null) {
                reply = fault.reply();
                statusCode = fault.malformed || fault.drop ? 0 : fault.status == 429 ? 4015 : 4004;
            } else {
                reply = process(call, target, token, rawInput, now);
            }
        } catch (ApiException e) {
            statusCode = e.code();
            Map<String, String> headers = e.retryAfter > 0 && limits.retryAfter
                    ? Map.of("Retry-After", Long.toString(e.retryAfter)) : Map.of();
            reply = new Reply(e.http, JSON, Json.write(e.body()), headers);
        }
        log.add(now, clientId, portal, call.method(), "/" + call.path(),
                call.parts() != null ? Attachments.describe(call.parts()) : logged(rawInput), reply.status(), statusCode);
        return reply;
    }

    private Reply process(Call call, Target target, Optional<AccessToken> token, String rawInput, long now) {
        AccessToken access = authenticate(token);
        String portalName = target.portal().toLowerCase(Locale.ROOT);
        throttle(limits.perUrl ? portalName + " " + call.method() + " "
                + ID_SEGMENT.matcher(target.rest() == null ? "" : target.rest()).replaceAll("{id}") : portalName, now);
        if (!acceptable(call.accept())) {
            throw ApiException.badRequest(null, "Invalid Accept header: use application/vnd.manageengine.sdp.v3+json");
        }
        ObjectNode inputData = rawInput == null || rawInput.isBlank() ? Json.object() : Json.parseObject(rawInput);
        if (target.shortForm() && target.rest() != null && PORTALS.matcher(target.rest()).matches()) {
            if (call.method().equals("GET")) {
                return json(portalList());
            }
            throw ApiException.invalidUrl();
        }
        Attachments.Route files = Attachments.route(call.method(), target.segments());
        if (files != null) {
            if (requireScope(access.scope(), Catalog.top(files.module()).scopes, files.operation()) != null) {
                throw ApiException.unauthorized();
            }
            Portal portal = portal(portalName);
            synchronized (portal) {
                return Attachments.run(files, new Writer.Ctx(portal, technician(portal, access.clientId(), now), now, false),
                        call.contentType(), call.parts());
            }
        }
        Api.Route route = Api.route(call.method(), target.segments());
        if (requireScope(access.scope(), route.module().scopes, route.operation()) != null) {
            throw ApiException.unauthorized();
        }
        Portal portal = portal(portalName);
        if (route.module().name.equals("task_statuses") && !portal.taskStatusesListed) {
            throw ApiException.invalidUrl();
        }
        synchronized (portal) {
            ObjectNode caller = technician(portal, access.clientId(), now);
            return json(Api.run(route, new Writer.Ctx(portal, caller, now, false), inputData));
        }
    }

    private static Reply json(ObjectNode body) {
        return new Reply(200, JSON, Json.write(body), Map.of());
    }

    private Optional<AccessToken> token(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        boolean known = parts.length == 2 && (parts[0].equalsIgnoreCase("Zoho-oauthtoken") || parts[0].equalsIgnoreCase("Bearer"));
        return known ? zoho.accessToken(parts[1].trim()) : Optional.empty();
    }

    private AccessToken authenticate(Optional<AccessToken> token) {
        AccessToken access = token.orElseThrow(ApiException::unauthorized);
        if (access.expired(zoho.now())) {
            throw ApiException.unauthorized();
        }
        return access;
    }

    /** Both documented Accept values; a list or parameters around them are fine. */
    private static boolean acceptable(String accept) {
        if (accept == null) {
            return false;
        }
        return Arrays.stream(accept.split(",")).map(part -> part.split(";")[0].trim().toLowerCase(Locale.ROOT))
                .anyMatch(ACCEPTED::contains);
    }

    /**
     * Scopes are {@code SDPOnDemand.<module>.<ALL|READ|CREATE|UPDATE|DELETE>}, comma-separated (docs/sdp-api-fidelity.md §10). Returns the
     * scope to ask for when none of the token's scopes covers the call, else null.
     */
    static String requireScope(String scopes, List<String> modules, String operation) {
        for (String scope : (scopes == null ? "" : scopes).split(",")) {
            String[] parts = scope.trim().split("\\.");
            if (parts.length == 3 && parts[0].equalsIgnoreCase("SDPOnDemand")
                    && modules.stream().anyMatch(parts[1]::equalsIgnoreCase)
                    && (parts[2].equalsIgnoreCase("ALL") || parts[2].equalsIgnoreCase(operation))) {
                return null;
            }
        }
        return "SDPOnDemand." + modules.get(0) + "." + operation;
    }

    /** A sliding minute per portal (or per portal and URL); rejected calls do not count. */
    private void throttle(String key, long now) {
        synchronized (windows) {
            Deque<Long> window = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
            while (!window.isEmpty() && window.peekFirst() <= now - 60_000) {
                window.removeFirst();
            }
            if (window.size() >= limits.callsPerMinute) {
                long wait = window.isEmpty() ? 60_000 : window.peekFirst() + 60_000 - now;
                throw ApiException.rateLimited(Math.max(1, (wait + 999) / 1000));
            }
            window.addLast(now);
        }
    }

    /** The technician a Zoho client acts as in this portal, created on its first call. */
    private ObjectNode technician(Portal portal, String clientId, long now) {
        Module users = Catalog.module("users");
        ObjectNode row = portal.row(users, portal.technicianOfClient.get(clientId));
        if (row == null) {
            ObjectNode input = Json.object();
            input.put("name", "Technician " + clientId);
            input.put("first_name", "Technician");
            input.put("last_name", clientId);
            input.put("email_id", "technician." + clientId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]", "") + "@sandbox.example");
            input.put("is_technician", true);
            input.put("job_title", "Technician");
            input.put("cost_per_hour", "40");
            input.putObject("department").put("name", "IT Services");
            input.putObject("site").put("name", "Base Site");
            row = Writer.create(users, input, null, new Writer.Ctx(portal, null, now, true));
            portal.put(users, row);
            portal.technicianOfClient.put(clientId, row.get("id").asText());
        }
        return users.reference(row);
    }

    private static JsonNode logged(String rawInput) {
        if (rawInput == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(rawInput);
        } catch (Exception e) {
            return TextNode.valueOf(rawInput);
        }
    }

    private static void pause(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** GET /api/v3/portals (docs/sdp-api-fidelity.md §1): every portal that exists; the default one always does. */
    private ObjectNode portalList() {
        portal(DEFAULT_PORTAL);
        ObjectNode body = Json.object();
        body.putArray("response_status").add(Json.success());
        ArrayNode list = body.putArray("portals");
        for (Portal portal : portals()) {
            ObjectNode node = list.addObject();
            node.put("id", Long.toString(portal.prefix * 10_000_000_000_000L + 1));
            node.put("name", portal.name);
            node.put("display_name", portal.name);
            node.put("description", "Sandbox service desk " + portal.name);
            node.put("portal_type", "IT");
            node.put("is_default", portal.name.equals(DEFAULT_PORTAL));
            node.put("scope", "public");
            node.put("status", "active");
            node.put("timezone", "UTC");
            node.put("start_day_of_week", "Sunday");
            node.put("department_type", "IT");
            node.putNull("logo_url");
            node.putObject("owner").put("owner_name", "Administrator").put("email", "admin@zylker.example");
        }
        ObjectNode listInfo = body.putObject("list_info");
        listInfo.put("has_more_rows", false);
        listInfo.put("row_count", list.size());
        listInfo.put("start_index", 1);
        return body;
    }

    /** A portal by name (case-insensitive), created from the seed on first use with an id prefix no other has. */
    synchronized Portal portal(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Portal portal = portals.get(key);
        if (portal == null) {
            long prefix = Portal.prefixOf(key);
            while (prefixTaken(prefix)) {
                prefix = prefix == 99_999 ? 10_000 : prefix + 1;
            }
            portal = Seed.portal(key, prefix, now());
            portals.put(key, portal);
        }
        return portal;
    }

    private boolean prefixTaken(long prefix) {
        return portals.values().stream().anyMatch(p -> p.prefix == prefix);
    }

    synchronized List<Portal> portals() {
        return List.copyOf(portals.values());
    }

    /** Each portal's name, id prefix and row counts, for the control endpoint. */
    public List<ObjectNode> portalSummaries() {
        return portals().stream().map(SdpSimulator::summary).toList();
    }

    static ObjectNode summary(Portal portal) {
        ObjectNode node = Json.object();
        node.put("name", portal.name);
        node.put("id_prefix", Long.toString(portal.prefix));
        synchronized (portal) {
            ObjectNode counts = node.putObject("counts");
            for (String module : List.of("requests", "problems", "changes", "projects", "assets", "users", "solutions")) {
                counts.put(module, portal.rows(Catalog.module(module)).size());
            }
        }
        return node;
    }

    /** A module's UDFs and mandatory fields in one portal, replaced by the parts {@code input} gives (see the control API). */
    public ObjectNode configureFields(String portalName, ObjectNode input) {
        Module module = Catalog.top(input.path("module").asText(""));
        if (module == null) {
            throw new IllegalArgumentException("module must be a module's path, e.g. requests");
        }
        List<InstanceFields.Udf> udfs = new ArrayList<>();
        input.path("udfs").forEach(udf -> udfs.add(InstanceFields.Udf.parse(udf)));
        List<String> mandatory = new ArrayList<>();
        input.path("mandatory").forEach(name -> mandatory.add(name.asText()));
        Portal portal = portal(portalName);
        synchronized (portal) {
            if (input.has("udfs")) {
                portal.fields.setUdfs(module, udfs);
            }
            if (input.has("mandatory")) {
                portal.fields.setMandatory(module, mandatory);
            }
            return portal.fields.toJson(module);
        }
    }

    public ObjectNode resetPortal(String name) {
        return summary(reset(name));
    }

    /** Back to the seed (same ids as the first time); its rate window starts afresh. */
    synchronized Portal reset(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Portal old = portals.remove(key);
        Portal fresh = old == null ? portal(key) : Seed.portal(key, old.prefix, now());
        portals.put(key, fresh);
        synchronized (windows) {
            windows.keySet().removeIf(window -> window.equals(key) || window.startsWith(key + " "));
        }
        return fresh;
    }

    /** Everything as at start-up: no portals, no log, default limits, no faults. */
    public synchronized void resetAll() {
        portals.clear();
        synchronized (windows) {
            windows.clear();
        }
        clearFaults();
        log.clear(null, null);
        Limits defaults = new Limits();
        limits.callsPerMinute = defaults.callsPerMinute;
        limits.retryAfter = defaults.retryAfter;
        limits.perUrl = defaults.perUrl;
        limits.latencyMs = defaults.latencyMs;
    }

    public void arm(int count, int status, boolean malformed, String portal, String clientId) {
        arm(count, status, malformed, 0, false, portal, clientId);
    }

    /** {@code retryAfter}: seconds for the Retry-After header of a 429; {@code drop}: cut the connection mid-answer. */
    public void arm(int count, int status, boolean malformed, long retryAfter, boolean drop, String portal, String clientId) {
        synchronized (faults) {
            faults.add(new Fault(count, status, malformed, retryAfter, drop, portal, clientId));
        }
    }

    public List<ObjectNode> faults() {
        synchronized (faults) {
            return faults.stream().map(Fault::toJson).toList();
        }
    }

    /** Forgets the calls counted against the rate limit, as if a minute had passed for it. */
    public void clearRateWindows() {
        synchronized (windows) {
            windows.clear();
        }
    }

    public void clearFaults() {
        synchronized (faults) {
            faults.clear();
        }
    }

    private Fault takeFault(String portal, String clientId) {
        synchronized (faults) {
            for (Fault fault : faults) {
                if (fault.matches(portal, clientId)) {
                    if (--fault.remaining <= 0) {
                        faults.remove(fault);
                    }
                    return fault;
                }
            }
            return null;
        }
    }
}
