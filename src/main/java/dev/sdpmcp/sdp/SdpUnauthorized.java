package dev.sdpmcp.sdp;

/** HTTP 401: the access token was refused (expired, revoked, or missing a scope). */
class SdpUnauthorized extends RuntimeException {

    final String detail;

    SdpUnauthorized(String detail) {
        super("unauthorized", null, false, false);
        this.detail = detail;
    }
}
