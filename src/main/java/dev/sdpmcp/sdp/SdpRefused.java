package dev.sdpmcp.sdp;

import dev.sdpmcp.tools.ToolException;

/**
 * ServiceDesk Plus refused a call (a 4xxx failure), as opposed to input this server refused before sending it: a
 * tool may then look at the record to say why in its own terms (a closed request, say).
 */
public class SdpRefused extends ToolException {

    SdpRefused(String message) {
        super(message);
    }
}
