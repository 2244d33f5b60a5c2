package dev.sdpmcp.sdp;

import java.util.List;

/**
 * ServiceDesk Plus answered status_code 3000, a warning: HTTP 200, but what was asked was not done (a close without
 * the resolution the instance's closing rules need leaves the request open). Never a success; a tool that knows what
 * the named fields mean says what to do.
 */
public class SdpWarning extends SdpException {

    private final List<String> fields;

    SdpWarning(List<String> fields, String message) {
        super(message);
        this.fields = List.copyOf(fields);
    }

    /** The fields the warning names, as ServiceDesk Plus names them (e.g. "resolution"). */
    public List<String> fields() {
        return fields;
    }
}
