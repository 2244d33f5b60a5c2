package dev.sdpmcp.admin;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The operators' API under /admin: only for the role sdp-admin (see web.xml and the README). */
@ApplicationPath("/admin")
public class AdminApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(AdminResource.class, AdminRequestGuard.class);
    }
}
