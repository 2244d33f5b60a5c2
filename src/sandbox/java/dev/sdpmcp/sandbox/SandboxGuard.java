package dev.sdpmcp.sandbox;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/** With a real ServiceDesk Plus configured, the simulators do not exist. */
@Provider
@PreMatching
public class SandboxGuard implements ContainerRequestFilter {

    @Inject
    SandboxMode mode;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!mode.on()) {
            request.abortWith(Response.status(Response.Status.NOT_FOUND).entity("Not Found").type("text/plain").build());
        }
    }
}
