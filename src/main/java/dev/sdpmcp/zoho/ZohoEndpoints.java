package dev.sdpmcp.zoho;

import dev.sdpmcp.config.Settings;
import dev.sdpmcp.config.Toolset;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Which Zoho accounts server this server uses, decided once at start-up: SDP_ACCOUNTS_URL if set; otherwise the data
 * center (SDP_DATA_CENTER, or derived from a ManageEngine SDP_BASE_URL); in the sandbox, the built-in simulator.
 */
@ApplicationScoped
public class ZohoEndpoints {

    /** The scopes every tool of this server needs (ManageEngine's own connector asks for the same modules). */
    public static final String SCOPES = Toolset.allScopes();

    @Inject
    Settings settings;



    private Resolved resolved;

    /** The outcome of the configuration: the accounts server and, where known, the data center. */
    public record Resolved(String accountsUrl, Optional<DataCenter> dataCenter) {
    }

    @PostConstruct
    void resolve() {
        resolved = resolve(settings.baseUrl(), blankToEmpty(settings.dataCenter()), blankToEmpty(settings.accountsUrl()),
                settings.selfUrl() + "/sandbox/zoho");
    }

    /**
     * The rules, separate from the environment so they can be tested.
     *
     * @throws IllegalStateException with what to set, when a custom domain names no data center
     */
    static Resolved resolve(Optional<String> sdpBaseUrl, Optional<String> dataCenter, Optional<String> accountsUrl,
            String sandboxAccountsUrl) {
        Optional<DataCenter> configured = dataCenter.map(code -> DataCenter.parse(code).orElseThrow(() ->
                new IllegalStateException("SDP_DATA_CENTER=" + code + " is not a Zoho data center; use one of "
                        + DataCenter.codes() + ".")));
        Optional<DataCenter> derived = configured.isPresent() ? configured : sdpBaseUrl.flatMap(DataCenter::ofServiceDeskUrl);
        if (accountsUrl.isPresent()) {
            return new Resolved(trimSlash(accountsUrl.get()), sdpBaseUrl.isEmpty() && derived.isEmpty()
                    ? Optional.of(DataCenter.US) : derived);
        }
        if (sdpBaseUrl.isEmpty()) {
            return new Resolved(sandboxAccountsUrl, Optional.of(derived.orElse(DataCenter.US)));
        }
        DataCenter dc = derived.orElseThrow(() -> new IllegalStateException("SDP_BASE_URL=" + sdpBaseUrl.get()
                + " is a custom domain, so this server cannot tell which Zoho data center issues its tokens. Set "
                + "SDP_DATA_CENTER to one of " + DataCenter.codes() + " (or SDP_ACCOUNTS_URL to the accounts server)."));
        return new Resolved(dc.accountsUrl(), Optional.of(dc));
    }

    public String accountsUrl() {
        return resolved.accountsUrl();
    }

    public Optional<DataCenter> dataCenter() {
        return resolved.dataCenter();
    }

    /** Where a user generates grant codes. */
    public String consoleUrl() {
        if (settings.sandbox() && settings.accountsUrl().filter(s -> !s.isBlank()).isEmpty()) {
            return "the sandbox console (" + settings.selfUrl() + "/setup)";
        }
        return dataCenter().map(DataCenter::consoleUrl).orElse("the Zoho API console of your data center");
    }

    private static Optional<String> blankToEmpty(Optional<String> value) {
        return value.map(String::trim).filter(s -> !s.isEmpty());
    }

    private static String trimSlash(String url) {
        return url.trim().replaceAll("/+$", "");
    }
}
