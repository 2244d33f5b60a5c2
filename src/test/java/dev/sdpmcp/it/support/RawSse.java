package dev.sdpmcp.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An SSE stream read over a bare socket: every byte the server sends is visible (comments included), and the
 * connection can be dropped abruptly, as a crashing client would.
 */
public final class RawSse implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader reader;
    private final int status;
    private final List<String> headerLines = new ArrayList<>();

    private RawSse(URI base, String path, Map<String, String> headers, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes); // before connecting, so the TCP window stays that small
        }
        socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5000);
        socket.setSoTimeout(15_000);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nAccept: text/event-stream\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String statusLine = reader.readLine();
        status = Integer.parseInt(statusLine.split(" ")[1]);
        String line;
        while ((line = reader.readLine()) != null && !line.isEmpty()) {
            headerLines.add(line);
        }
    }

    public static RawSse open(URI base, String path, Map<String, String> headers) {
        return open(base, path, headers, 0);
    }

    /** With a receive buffer of that size (a slow client, or one that stops reading, fills it at once). */
    public static RawSse open(URI base, String path, Map<String, String> headers, int receiveBufferBytes) {
        try {
            return new RawSse(base, path, headers, receiveBufferBytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headerLines.stream().filter(h -> h.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(h -> h.substring(name.length() + 1).trim()).findFirst().orElse(null);
    }

    /** The data of the endpoint event: the relative URL to POST messages to. */
    public String endpoint() {
        String line;
        while ((line = readLine()) != null) {
            if (line.startsWith("data: ")) {
                return line.substring(6).trim();
            }
        }
        throw new IllegalStateException("stream ended before the endpoint event");
    }

    /** Reads until a line equal to (or, for data lines, containing) the text; the line, or null on timeout. */
    public String awaitLine(String contains, int timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try {
            while (System.currentTimeMillis() < deadline) {
                socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
                String line = reader.readLine();
                if (line == null) {
                    return null;
                }
                if (line.contains(contains)) {
                    return line;
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return null;
    }

    /**
     * Reads until the server ends the response (the last chunk, or the connection closes); true if it did within the
     * time, false if the stream was still open.
     */
    public boolean awaitEnd(int timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try {
            while (System.currentTimeMillis() < deadline) {
                socket.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
                String line = reader.readLine();
                if (line == null || line.equals("0")) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server: ended too
        }
        return false;
    }

    private String readLine() {
        try {
            String line = reader.readLine();
            // chunked transfer: skip chunk-size lines
            while (line != null && line.matches("[0-9a-fA-F]+")) {
                line = reader.readLine();
            }
            return line;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops the connection with a TCP reset, without any goodbye. */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        abort();
    }
}
