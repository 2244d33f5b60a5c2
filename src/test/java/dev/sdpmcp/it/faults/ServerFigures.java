package dev.sdpmcp.it.faults;

import dev.sdpmcp.it.support.Http;
import java.io.File;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server process holds, seen from outside as an operator would: open MCP sessions from /metrics, and the
 * threads busy in the application's or the MCP SDK's code from a thread dump (jcmd) of the server's JVM.
 */
record ServerFigures(URI base, String serverName) {

    private static final Pattern SESSIONS = Pattern.compile("(?m)^sdp_sessions_open\\{[^}]*\\} ([0-9.eE+]+)$");
    private static final Pattern THREADS = Pattern.compile("(?m)^thread_count\\{[^}]*\\} ([0-9.eE+]+)$");

    /**
     * The /metrics page. Asked again after a 500: Liberty's metrics servlet now and then fails on an HTTP session it
     * has just invalidated itself (an FFDC, not this server's code), and an operator's scraper would ask again too.
     */
    String metrics() {
        HttpResponse<String> metrics = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            metrics = Http.send("GET", base.resolve("/metrics"), Map.of(), null);
            if (metrics.statusCode() != 500) {
                break;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (metrics.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + metrics.statusCode());
        }
        return metrics.body();
    }

    /** Open MCP sessions of both transports. */
    int sessions() {
        return (int) sum(SESSIONS, metrics());
    }

    /** The JVM's live threads (Liberty's base metric). */
    int jvmThreads() {
        return (int) sum(THREADS, metrics());
    }

    private static double sum(Pattern pattern, String metrics) {
        Matcher line = pattern.matcher(metrics);
        double total = 0;
        boolean found = false;
        while (line.find()) {
            total += Double.parseDouble(line.group(1));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("no " + pattern + " in /metrics");
        }
        return total;
    }

    /**
     * Threads whose stack is inside this server's code or the MCP SDK's (a call being served, a stream being
     * written): idle pool threads and Liberty's own are not counted.
     */
    int busyThreads() {
        String dump = threadDump();
        int busy = 0;
        for (String thread : dump.split("\n\\s*\n")) {
            if (thread.startsWith("\"") && (thread.contains("at dev.sdpmcp.") || thread.contains("at io.modelcontextprotocol."))) {
                busy++;
            }
        }
        return busy;
    }

    private String threadDump() {
        long pid = pid();
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (jcmd.waitFor() != 0) {
                throw new IllegalStateException("jcmd " + pid + " Thread.print: " + out);
            }
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("jcmd (from the JDK) is needed to count the server's threads", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The JVM running this server: Liberty's launcher from the test install, with this server's name. */
    long pid() {
        String wlp = new File("target/liberty/wlp").getAbsolutePath();
        return ProcessHandle.allProcesses().filter(p -> {
            String line = p.info().commandLine().orElse("");
            return line.contains(wlp) && line.contains("ws-server.jar") && line.matches(".*\\s" + Pattern.quote(serverName) + "(\\s.*)?$");
        }).mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("no running Liberty server " + serverName + " from " + wlp));
    }
}
