package dev.sdpmcp.sdp;

import dev.sdpmcp.config.Settings;
import dev.sdpmcp.http.RestClients;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where this server's ServiceDesk Plus API is, decided once at start-up from SDP_BASE_URL: the site, to which
 * /app/{SDP_INSTANCE_NAME}/api/v3 is added (the documented form), or the API base itself, ending in /api/v3 (sites
 * that answer at {domain}/api/v3, fidelity §1, or a full {domain}/app/{portal}/api/v3). In the sandbox, the built-in
 * simulator. A setting that cannot work stops the start with what to set.
 */
@ApplicationScoped
public class SdpAddress {

    /** The sandbox's portal when SDP_INSTANCE_NAME is not set. */
    public static final String SANDBOX_INSTANCE = "itdesk";
    private static final Pattern API_BASE = Pattern.compile("(?i).*?(?:/app/([^/]+))?/api/v3");

    @Inject
    Settings settings;

    private String apiUrl;
    private String instance;

    /** The API root and the portal in it (null for the short form {domain}/api/v3, which names none). */
    record Resolved(String apiUrl, String instance) {
    }

    @PostConstruct
    void resolve() {
        Resolved resolved = resolve(settings.baseUrl(), settings.instanceName(), settings.sandbox(),
                settings.selfUrl() + "/sandbox/sdp");
        apiUrl = resolved.apiUrl();
        instance = resolved.instance();
    }

    /**
     * The rules, apart from the environment so that they can be tested.
     *
     * @throws IllegalStateException with what to set
     */
    static Resolved resolve(Optional<String> baseUrl, Optional<String> instanceName, boolean sandbox, String sandboxBase) {
        String base = baseUrl.orElse(sandboxBase);
        Matcher apiBase = API_BASE.matcher(base);
        if (baseUrl.isPresent() && apiBase.matches()) {
            String portal = apiBase.group(1);
            if (instanceName.isPresent() && !instanceName.get().equalsIgnoreCase(portal == null ? "" : portal)) {
                throw new IllegalStateException("SDP_BASE_URL=" + base + " is already the API base, " + (portal == null
                        ? "without a portal," : "of the portal " + portal + ",") + " so SDP_INSTANCE_NAME=" + instanceName.get()
                        + " cannot be used: unset SDP_INSTANCE_NAME, or set SDP_BASE_URL to the site (https://<domain>) "
                        + "to reach https://<domain>/app/" + instanceName.get() + "/api/v3.");
            }
            return new Resolved(base, portal);
        }
        String name = instanceName.orElseGet(() -> {
            if (!sandbox) {
                throw new IllegalStateException("SDP_BASE_URL is set but SDP_INSTANCE_NAME is not: set it to your portal's "
                        + "URL name (ESM Directory → Service Instances; the name in https://…/app/NAME/…), or, if your site "
                        + "answers at https://<domain>/api/v3 without /app/NAME, set SDP_BASE_URL to that API base.");
            }
            return SANDBOX_INSTANCE;
        });
        if (!name.matches("[A-Za-z0-9_-]{1,100}")) {
            throw new IllegalStateException("SDP_INSTANCE_NAME=" + name + " is not a portal URL name (letters, digits, - and _).");
        }
        return new Resolved(base + "/app/" + name + "/api/v3", name);
    }

    /** The API root every path is relative to. */
    public String apiUrl() {
        return apiUrl;
    }

    /** The portal, if the configuration names one (not the short form {domain}/api/v3). */
    public String instance() {
        return instance;
    }

    @Produces
    @ApplicationScoped
    static SdpRestClient api(SdpAddress endpoint) {
        return RestClients.build(SdpRestClient.class, endpoint.apiUrl(), 60);
    }

    static void close(@Disposes SdpRestClient api) {
        RestClients.close(api);
    }
}
