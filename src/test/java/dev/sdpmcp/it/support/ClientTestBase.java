package dev.sdpmcp.it.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test that plays the user from outside: the built WAR is deployed as is, and the test reaches it over HTTP. */
@ExtendWith(ArquillianExtension.class)
public abstract class ClientTestBase {

    @Deployment(testable = false)
    public static WebArchive app() {
        return Deployments.server();
    }

    @ArquillianResource
    protected URL base;

    protected URI uri(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }

    private static final Pattern REQUESTS_METRIC = Pattern.compile("(?m)^sdp_mcp_requests_total\\{([^}]*)\\} ([0-9.eE+]+)$");
    private static final Pattern CONFIRMATION = Pattern.compile("\"confirmation\": \"([^\"]+)\"");

    /** The server's count of MCP requests of a protocol version (metric sdp_mcp_requests), on one transport or all (null). */
    protected double mcpRequests(String version, String transport) {
        String metrics = Http.send("GET", uri("/metrics"), Map.of(), null).body();
        Matcher line = REQUESTS_METRIC.matcher(metrics);
        double sum = 0;
        while (line.find()) {
            if (line.group(1).contains("protocol_version=\"" + version + "\"")
                    && (transport == null || line.group(1).contains("transport=\"" + transport + "\""))) {
                sum += Double.parseDouble(line.group(2));
            }
        }
        return sum;
    }

    /** The single-use confirmation a preview of something that cannot be undone carries. */
    protected static String confirmation(String preview) {
        Matcher matcher = CONFIRMATION.matcher(preview);
        assertTrue(matcher.find(), "the preview says how to confirm: " + preview);
        return matcher.group(1);
    }
}
