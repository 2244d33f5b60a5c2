package dev.sdpmcp.sdp;

/**
 * The configured address answered, but not as the ServiceDesk Plus API does: an HTML page (a wrong base URL gets the
 * site's login page) or another body that is not JSON. A configuration error, not an outage: never retried, and not
 * counted by the circuit breaker (it would pause everyone's calls for one wrong setting).
 */
class SdpNotTheApi extends RuntimeException {

    final String url;
    final int status;
    final boolean html;

    SdpNotTheApi(String url, int status, boolean html) {
        super("not the ServiceDesk Plus API", null, false, false);
        this.url = url;
        this.status = status;
        this.html = html;
    }
}
