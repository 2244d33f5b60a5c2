package dev.sdpmcp.views;

import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.spec.McpError;
import java.util.Map;

/**
 * A resource read or prompt refused (not authorized, not found, hidden, a bad argument): one refusal, answered as the
 * JSON-RPC error of either protocol era.
 */
final class Refused extends RuntimeException {
    private final int code;
    private final transient Map<String, Object> data;

    Refused(int code, String message, Map<String, Object> data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    McpError classic() {
        return McpError.builder(code).message(getMessage()).data(data).build();
    }

    McpException stateless() {
        return new McpException(code, getMessage(), data);
    }
}
