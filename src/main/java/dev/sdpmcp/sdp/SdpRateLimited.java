package dev.sdpmcp.sdp;

/** HTTP 429 / status 4015; {@code retryAfterSeconds} from Retry-After when ServiceDesk Plus sends it. */
class SdpRateLimited extends RuntimeException {

    final Long retryAfterSeconds;

    SdpRateLimited(Long retryAfterSeconds) {
        super("rate limited", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * A read's short Retry-After, already waited out: Fault Tolerance tries the read again (SdpHttp). Being limited is
     * not the instance failing, so the circuit breaker does not count it.
     */
    static final class WaitedOut extends SdpRateLimited {
        WaitedOut(Long retryAfterSeconds) {
            super(retryAfterSeconds);
        }
    }
}
