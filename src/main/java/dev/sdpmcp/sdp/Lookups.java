package dev.sdpmcp.sdp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sdpmcp.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instance's lookup values (priorities, statuses, categories, sites…), read through the API and cached for
 * SDP_LOOKUP_CACHE_SECONDS; names given by users are resolved here to the ids of this instance, so nothing is
 * hard-coded and the same words work on any instance. Only the instance's configuration lists, which every
 * technician sees alike, are shared between users; the others (people, groups, sites, templates: what a technician
 * may see depends on their role and sites) are cached per user (docs/security.md).
 */
@ApplicationScoped
public class Lookups {

    private static final int MAX_PAGES = 20;
    /** Lists that are the same for every technician of an instance. */
    static final java.util.Set<String> INSTANCE_WIDE = java.util.Set.of("priorities", "statuses", "urgencies", "impacts",
            "levels", "modes", "request_types", "categories", "closure_codes", "task_statuses");
    /** Bounds the cache: users times lists, plus subcategory lists; past it, expired entries go, then everything. */
    private static final int MAX_ENTRIES = 20_000;

    @Inject
    SdpClient sdp;

    @Inject
    Settings settings;


    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** items null: the instance does not serve the list. */
    private record Cached(List<JsonNode> items, Instant loadedAt) {
    }

    /** Every value of a lookup path such as "priorities" or "categories/123/subcategories". */
    public List<JsonNode> list(SdpCaller caller, String path) throws SdpException {
        return load(caller, path, false).orElseThrow();
    }

    /**
     * A list that not every instance serves (task_statuses: no public source shows its URL): empty when this
     * instance answers that the URL is unknown, which is remembered as long as a list would be.
     */
    public Optional<List<JsonNode>> listIfServed(SdpCaller caller, String path) throws SdpException {
        return load(caller, path, true);
    }

    private Optional<List<JsonNode>> load(SdpCaller caller, String path, boolean mayBeUnknown) throws SdpException {
        String key = cacheKey(path, caller.user().clientHash());
        Cached cached = cache.get(key);
        if (cached != null && fresh(cached)) {
            return Optional.ofNullable(cached.items());
        }
        String root = path.substring(path.lastIndexOf('/') + 1);
        Optional<List<JsonNode>> items = mayBeUnknown
                ? sdp.rowsIfServed(caller, path, root, MAX_PAGES).map(SdpClient.Rows::items)
                : Optional.of(sdp.rows(caller, path, root, MAX_PAGES).items());
        if (cache.size() >= MAX_ENTRIES) {
            cache.values().removeIf(entry -> !fresh(entry));
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
        }
        cache.put(key, new Cached(items.map(List::copyOf).orElse(null), Instant.now()));
        return items;
    }

    private boolean fresh(Cached cached) {
        return Instant.now().isBefore(cached.loadedAt().plus(settings.lookupCacheTtl()));
    }

    /** A shared list under its path; any other list under the user's client hash too. */
    static String cacheKey(String path, String clientHash) {
        boolean shared = INSTANCE_WIDE.contains(path) || path.matches("categories/\\d+/subcategories");
        return shared ? path : clientHash + " " + path;
    }

    /**
     * A reference to one value, {"id": …}, from its name (any case) or its id.
     *
     * @param label what the value is, for the error message ("priority")
     */
    public ObjectNode reference(SdpCaller caller, String path, String value, String label) throws SdpException {
        List<JsonNode> items = list(caller, path);
        String wanted = value.trim();
        for (JsonNode item : items) {
            if (wanted.equals(item.path("id").asText()) || wanted.equalsIgnoreCase(name(item))) {
                ObjectNode reference = SdpClient.JSON.createObjectNode();
                reference.put("id", item.path("id").asText());
                return reference;
            }
        }
        List<String> known = items.stream().map(Lookups::name).limit(40).toList();
        throw new SdpException("There is no " + label + " \"" + Values.shorten(value) + "\" in this ServiceDesk Plus. "
                + (known.isEmpty() ? "None are defined." : "Known " + label + " values: " + String.join(", ", known)
                        + (items.size() > known.size() ? ", …" : "") + "."));
    }

    private static String name(JsonNode item) {
        return item.path("name").asText(item.path("title").asText(""));
    }

    /** Case-insensitive text of a value, for comparisons in messages. */
    static String key(String text) {
        return text.trim().toLowerCase(Locale.ROOT);
    }
}
