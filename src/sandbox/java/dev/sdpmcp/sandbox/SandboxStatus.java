package dev.sdpmcp.sandbox;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** What the MCP server probes at start-up to learn that this WAR is deployed next to it (the server's SandboxProbe). */
@Path("/_sim/status")
@Produces(MediaType.APPLICATION_JSON)
public class SandboxStatus {

    @GET
    public Map<String, Object> status() {
        return Map.of("sandbox", true);
    }
}
