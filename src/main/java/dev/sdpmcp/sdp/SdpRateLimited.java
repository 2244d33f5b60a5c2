package dev.sdpmcp.sdp;

/** HTTP 429 / status 4015; {@code retryAfterSeconds} from Retry-After when ServiceDesk Plus sends it. */
class SdpRateLimited extends RuntimeException {

    final Long retryAfterSeconds;

    SdpRateLimited(Long retryAfterSeconds) {
        super("rate limited", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }
}
