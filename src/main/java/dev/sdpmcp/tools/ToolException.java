package dev.sdpmcp.tools;

/**
 * A failure the user can act on: the message says what went wrong and what to do, and becomes the tool's
 * {@code isError} answer. Nothing else from a failure (no stack trace, no secret) reaches the client.
 */
public class ToolException extends Exception {

    public ToolException(String message) {
        super(message, null, false, false);
    }
}
