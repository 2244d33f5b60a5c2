package dev.sdpmcp.sdp;


/**
 * ServiceDesk Plus refused a call (a 4xxx failure), as opposed to input this server refused before sending it: a
 * tool may then look at the record to say why in its own terms (a closed request, say).
 */
public class SdpRefused extends SdpException {

    SdpRefused(String message) {
        super(message);
    }
}
