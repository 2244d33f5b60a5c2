package dev.sdpmcp.zoho;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Zoho data centers: where a user's Zoho account (and so their self client and grant codes) lives, which accounts
 * server issues their tokens, and the ServiceDesk Plus Cloud domains served from there (docs/sdp-api-fidelity.md §1).
 */
public enum DataCenter {
    US("https://accounts.zoho.com", "https://api-console.zoho.com", "sdpondemand.manageengine.com"),
    EU("https://accounts.zoho.eu", "https://api-console.zoho.eu", "sdpondemand.manageengine.eu"),
    IN("https://accounts.zoho.in", "https://api-console.zoho.in", "sdpondemand.manageengine.in"),
    AU("https://accounts.zoho.com.au", "https://api-console.zoho.com.au", "servicedeskplus.net.au", "sdpondemand.manageengine.com.au"),
    CN("https://accounts.zoho.com.cn", "https://api-console.zoho.com.cn", "servicedeskplus.cn"),
    JP("https://accounts.zoho.jp", "https://api-console.zoho.jp", "servicedeskplus.jp"),
    UK("https://accounts.zoho.uk", "https://api-console.zoho.uk", "servicedeskplus.uk"),
    // Not accounts.zoho.ca: Zoho's multi-DC page and ManageEngine's own connector both say zohocloud.ca.
    CA("https://accounts.zohocloud.ca", "https://api-console.zohocloud.ca", "servicedeskplus.ca", "sdpondemand.manageenginecloud.ca"),
    SA("https://accounts.zoho.sa", "https://api-console.zoho.sa", "servicedeskplus.sa");

    private final String accountsUrl;
    private final String consoleUrl;
    private final List<String> sdpDomains;

    DataCenter(String accountsUrl, String consoleUrl, String... sdpDomains) {
        this.accountsUrl = accountsUrl;
        this.consoleUrl = consoleUrl;
        this.sdpDomains = List.of(sdpDomains);
    }

    public String accountsUrl() {
        return accountsUrl;
    }

    public String consoleUrl() {
        return consoleUrl;
    }

    /** The data center of a ServiceDesk Plus URL on a ManageEngine domain; empty for a custom domain. */
    public static Optional<DataCenter> ofServiceDeskUrl(String url) {
        String host;
        try {
            host = URI.create(url.trim()).getHost();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (host == null) {
            return Optional.empty();
        }
        String lower = host.toLowerCase(Locale.ROOT);
        for (DataCenter dc : values()) {
            for (String domain : dc.sdpDomains) {
                if (lower.equals(domain) || lower.endsWith("." + domain)) {
                    return Optional.of(dc);
                }
            }
        }
        return Optional.empty();
    }

    /** "eu", "EU", " Eu " → EU; also the accounts-domain suffixes users know ("com", "com.au", "zohocloud.ca"). */
    public static Optional<DataCenter> parse(String code) {
        if (code == null || code.isBlank()) {
            return Optional.empty();
        }
        String value = code.trim().toUpperCase(Locale.ROOT);
        for (DataCenter dc : values()) {
            if (dc.name().equals(value) || dc.accountsUrl.toUpperCase(Locale.ROOT).endsWith("." + value)) {
                return Optional.of(dc);
            }
        }
        return Optional.empty();
    }

    public static String codes() {
        return String.join(", ", java.util.Arrays.stream(values()).map(Enum::name).toList());
    }
}
