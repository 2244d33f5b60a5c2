package dev.sdpmcp.ops;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The server's name, version and the instructions it gives MCP clients. */
public final class ServerInfo {

    public static final String NAME = "sdp-mcp";

    public static final String INSTRUCTIONS = "Tools for ServiceDesk Plus Cloud, acting for you with your own Zoho "
            + "credentials. If a tool says you are not authorized, call check_auth_status for the next steps.";

    private static final String VERSION = load();

    private ServerInfo() {
    }

    public static String version() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = ServerInfo.class.getResourceAsStream("/sdp-mcp.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
