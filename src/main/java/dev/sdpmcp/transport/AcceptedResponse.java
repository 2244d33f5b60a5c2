package dev.sdpmcp.transport;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.OutputStream;
import java.io.PrintWriter;

/**
 * The answer to a client's JSON-RPC response on a Streamable HTTP session: always 202 Accepted with no body, as
 * JSON-RPC ignores a response to nothing. The SDK answers one it did not ask for (say, after its question timed out)
 * with an HTTP 500 carrying a serialized Java exception; that answer is dropped here.
 */
final class AcceptedResponse extends HttpServletResponseWrapper {

    private static final ServletOutputStream NOWHERE = new ServletOutputStream() {
        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
        }
    };

    /**
     * Sets the 202 before the SDK runs: Liberty may commit the response as the SDK's servlet returns, before the
     * filter could set it. No Content-Length is set here: committing a response early this way stalls it on HTTP/2.
     */
    AcceptedResponse(HttpServletResponse response) {
        super(response);
        response.setStatus(HttpServletResponse.SC_ACCEPTED);
    }

    @Override
    public void setStatus(int status) {
    }

    @Override
    public void sendError(int status) {
    }

    @Override
    public void sendError(int status, String message) {
    }

    @Override
    public void setContentType(String type) {
    }

    @Override
    public void setHeader(String name, String value) {
    }

    @Override
    public void addHeader(String name, String value) {
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return NOWHERE;
    }

    @Override
    public PrintWriter getWriter() {
        return new PrintWriter(OutputStream.nullOutputStream());
    }
}
