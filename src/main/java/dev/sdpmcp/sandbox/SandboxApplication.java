package dev.sdpmcp.sandbox;

import dev.sdpmcp.sandbox.sdp.SdpResource;
import dev.sdpmcp.sandbox.sdp.SdpSimulatorControl;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The built-in simulators (Zoho Accounts, ServiceDesk Plus) under /sandbox. They answer only in sandbox mode, that
 * is when SDP_BASE_URL is not set ({@link SandboxGuard}).
 */
@ApplicationPath("/sandbox")
public class SandboxApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(SandboxGuard.class, ZohoAccountsResource.class, ZohoSimulatorControl.class, SdpResource.class,
                SdpSimulatorControl.class);
    }
}
