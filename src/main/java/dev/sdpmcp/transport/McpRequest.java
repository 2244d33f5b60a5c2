package dev.sdpmcp.transport;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;

/**
 * A request on an MCP endpoint as the SDK sees it: its body already read (and checked) by the gateway, no query
 * parameter but the session id the gateway checked, and an {@link AsyncListener} attached to the stream the SDK
 * opens, so the gateway learns when the stream ends.
 */
final class McpRequest extends HttpServletRequestWrapper {

    private final byte[] body;
    private final RequestBinding binding;
    private final AsyncListener streamListener;
    private final Runnable beforeComplete;
    /** The parameters the SDK may see: the checked sessionId on /messages, nothing elsewhere. */
    private final Map<String, String[]> parameters;

    McpRequest(HttpServletRequest request, byte[] body, String checkedSessionId, RequestBinding binding,
            AsyncListener streamListener, Runnable beforeComplete) {
        super(request);
        this.parameters = checkedSessionId == null ? Map.of() : Map.of("sessionId", new String[] {checkedSessionId});
        this.body = body;
        this.binding = binding;
        this.streamListener = streamListener;
        this.beforeComplete = beforeComplete;
    }

    @Override
    public String getParameter(String name) {
        String[] values = parameters.get(name);
        return values == null ? null : values[0];
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = parameters.get(name);
        return values == null ? null : values.clone();
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        Map<String, String[]> copy = new java.util.HashMap<>();
        parameters.forEach((name, values) -> copy.put(name, values.clone()));
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters.keySet());
    }

    @Override
    public String getQueryString() {
        String[] session = parameters.get("sessionId");
        return session == null ? null : "sessionId=" + URLEncoder.encode(session[0], StandardCharsets.UTF_8);
    }

    @Override
    public AsyncContext startAsync() {
        return attach(super.startAsync());
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
        return attach(super.startAsync(request, response));
    }

    private AsyncContext attach(AsyncContext started) {
        started.addListener(streamListener);
        AsyncContext context = new Completing(started, beforeComplete);
        binding.asyncContext(context);
        return context;
    }

    @Override
    public AsyncContext getAsyncContext() {
        AsyncContext context = binding.asyncContext();
        return context != null ? context : super.getAsyncContext();
    }

    /** The stream's async context, which stops the keep-alive writes before the response completes, whoever ends it. */
    private record Completing(AsyncContext context, Runnable beforeComplete) implements AsyncContext {
        @Override
        public void complete() {
            beforeComplete.run();
            context.complete();
        }

        @Override
        public ServletRequest getRequest() {
            return context.getRequest();
        }

        @Override
        public ServletResponse getResponse() {
            return context.getResponse();
        }

        @Override
        public boolean hasOriginalRequestAndResponse() {
            return context.hasOriginalRequestAndResponse();
        }

        @Override
        public void dispatch() {
            context.dispatch();
        }

        @Override
        public void dispatch(String path) {
            context.dispatch(path);
        }

        @Override
        public void dispatch(ServletContext servletContext, String path) {
            context.dispatch(servletContext, path);
        }

        @Override
        public void start(Runnable run) {
            context.start(run);
        }

        @Override
        public void addListener(AsyncListener listener) {
            context.addListener(listener);
        }

        @Override
        public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
            context.addListener(listener, request, response);
        }

        @Override
        public <T extends AsyncListener> T createListener(Class<T> type) throws ServletException {
            return context.createListener(type);
        }

        @Override
        public void setTimeout(long timeout) {
            context.setTimeout(timeout);
        }

        @Override
        public long getTimeout() {
            return context.getTimeout();
        }
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
