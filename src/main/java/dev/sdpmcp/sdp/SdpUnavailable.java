package dev.sdpmcp.sdp;

/** ServiceDesk Plus failed or could not be reached (network, 5xx, a body that is not its JSON): worth retrying a read. */
class SdpUnavailable extends RuntimeException {

    SdpUnavailable(String message) {
        super(message, null, false, false);
    }
}
