package dev.sdpmcp.sandbox;

import dev.sdpmcp.sandbox.sdp.SdpResource;
import dev.sdpmcp.sandbox.sdp.SdpSimulatorControl;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The built-in simulators (Zoho Accounts, ServiceDesk Plus): the sandbox WAR, deployed at the context root /sandbox
 * (WEB-INF/ibm-web-ext.xml, glassfish-web.xml). They answer only in sandbox mode, that is when SDP_BASE_URL is not set
 * ({@link SandboxGuard}).
 */
@ApplicationPath("/")
public class SandboxApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(SandboxGuard.class, SandboxStatus.class, ZohoAccountsResource.class, ZohoSimulatorControl.class, SdpResource.class,
                SdpSimulatorControl.class);
    }
}
