package dev.sdpmcp.sdp;

import dev.sdpmcp.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * Where this server's ServiceDesk Plus is: {SDP_BASE_URL}/app/{SDP_INSTANCE_NAME}/api/v3, or in the sandbox the
 * built-in simulator. Decided once at start-up; a real SDP_BASE_URL without SDP_INSTANCE_NAME stops the start.
 */
@ApplicationScoped
public class SdpEndpoint {

    /** The sandbox's portal when SDP_INSTANCE_NAME is not set. */
    public static final String SANDBOX_INSTANCE = "itdesk";

    @Inject
    Settings settings;

    private String apiUrl;
    private String instance;

    @PostConstruct
    void resolve() {
        String base = settings.baseUrl().orElse(settings.selfUrl() + "/sandbox/sdp");
        instance = settings.instanceName().orElseGet(() -> {
            if (!settings.sandbox()) {
                throw new IllegalStateException("SDP_BASE_URL is set but SDP_INSTANCE_NAME is not: set it to your portal's "
                        + "URL name (ESM Directory → Service Instances; the name in https://…/app/NAME/…).");
            }
            return SANDBOX_INSTANCE;
        });
        if (!instance.matches("[A-Za-z0-9_-]{1,100}")) {
            throw new IllegalStateException("SDP_INSTANCE_NAME=" + instance + " is not a portal URL name (letters, digits, - and _).");
        }
        apiUrl = base + "/app/" + instance + "/api/v3";
    }

    /** The API root every path is relative to. */
    public String apiUrl() {
        return apiUrl;
    }

    public String instance() {
        return instance;
    }

    @Produces
    @ApplicationScoped
    static SdpApi api(SdpEndpoint endpoint) {
        return RestClientBuilder.newBuilder()
                .baseUri(URI.create(endpoint.apiUrl()))
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(60, TimeUnit.SECONDS)
                .build(SdpApi.class);
    }

    static void close(@Disposes SdpApi api) {
        if (api instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // shutting down
            }
        }
    }
}
