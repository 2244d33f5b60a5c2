package dev.sdpmcp.admin;

import dev.sdpmcp.config.Settings;
import dev.sdpmcp.session.CallContext;
import dev.sdpmcp.transport.RequestRules;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * Cross-site request forgery: a browser that holds an administrator's Basic login sends it along with any page's
 * form. So a request that changes something must carry what a form cannot send without the server's consent (a CORS
 * preflight, which this server never grants): Content-Type application/json or the header X-Requested-By. And any
 * Origin it sends must be one the MCP endpoints accept (the server's own, or SDP_ALLOWED_ORIGINS).
 */
@Provider
public class AdminRequestGuard implements ContainerRequestFilter {

    static final String CUSTOM_HEADER = "X-Requested-By";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    Settings settings;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        if (SAFE.contains(request.getMethod())) {
            return;
        }
        String origin = RequestRules.firstForeignOrigin(Collections.list(servletRequest.getHeaders("Origin")),
                settings.allowedOrigins(), CallContext.ownOrigin(servletRequest));
        if (origin != null) {
            request.abortWith(refused("origin_not_allowed", "Origin " + origin + " may not change anything here. "
                    + "Call the admin API from a script or the command line, or add the origin to SDP_ALLOWED_ORIGINS."));
            return;
        }
        MediaType type = request.getMediaType();
        boolean json = type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !type.isWildcardType()
                && !type.isWildcardSubtype();
        if (!json && request.getHeaderString(CUSTOM_HEADER) == null) {
            request.abortWith(refused("json_or_custom_header_required", "A request that changes something must say "
                    + "Content-Type: application/json or send the header " + CUSTOM_HEADER + " (any value), e.g. "
                    + "curl -H '" + CUSTOM_HEADER + ": admin' …; a web page on another site cannot send either."));
        }
    }

    private static Response refused(String error, String message) {
        return Response.status(403).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", error, "message", message)).build();
    }
}
