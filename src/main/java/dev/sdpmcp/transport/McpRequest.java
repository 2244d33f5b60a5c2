package dev.sdpmcp.transport;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A request on an MCP endpoint as the SDK sees it: its body already read (and checked) by the gateway, and an
 * {@link AsyncListener} attached to the stream the SDK opens, so the gateway learns when the stream ends.
 */
final class McpRequest extends HttpServletRequestWrapper {

    private final byte[] body;
    private final RequestBinding binding;
    private final AsyncListener streamListener;

    McpRequest(HttpServletRequest request, byte[] body, RequestBinding binding, AsyncListener streamListener) {
        super(request);
        this.body = body;
        this.binding = binding;
        this.streamListener = streamListener;
    }

    @Override
    public AsyncContext startAsync() {
        return attach(super.startAsync());
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        return attach(super.startAsync(request, response));
    }

    private AsyncContext attach(AsyncContext context) {
        binding.asyncContext(context);
        context.addListener(streamListener);
        return context;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (body == null) {
            return super.getInputStream();
        }
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener readListener) {
                throw new IllegalStateException("the body has already been read");
            }
        };
    }

    @Override
    public BufferedReader getReader() throws IOException {
        return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }

    @Override
    public int getContentLength() {
        return body == null ? super.getContentLength() : body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body == null ? super.getContentLengthLong() : body.length;
    }

    @Override
    public String getCharacterEncoding() {
        String encoding = super.getCharacterEncoding();
        return encoding == null ? StandardCharsets.UTF_8.name() : encoding;
    }
}
