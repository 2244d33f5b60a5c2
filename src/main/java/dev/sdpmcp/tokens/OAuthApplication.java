package dev.sdpmcp.tokens;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The REST side of authorization, under /oauth (the predecessor's API, kept). */
@ApplicationPath("/oauth")
public class OAuthApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(OAuthResource.class);
    }
}
