package dev.sdpmcp.sdp;

/**
 * A ServiceDesk Plus call that did not do what was asked, or was not sent: the message says what went wrong and what
 * to do, in words a person can act on (the tool catalog passes it on as the tool's error).
 */
public class SdpException extends Exception {

    public SdpException(String message) {
        super(message);
    }
}
