package dev.sdpmcp.sdp;

import java.util.List;

/**
 * ServiceDesk Plus refused a write with 4012: fields this instance makes mandatory are missing. It names them by key
 * (udf_sline_1502), so a tool that knows the module's fields names them the way people see them ("Asset Tag").
 */
public class SdpMissingFields extends SdpRefused {

    private final List<String> fields;

    SdpMissingFields(List<String> fields, String message) {
        super(message);
        this.fields = List.copyOf(fields);
    }

    /** The missing fields' keys, as ServiceDesk Plus names them. */
    public List<String> fields() {
        return fields;
    }
}
