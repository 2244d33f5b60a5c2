package dev.sdpmcp.ops;

import dev.sdpmcp.metrics.Circuits;
import dev.sdpmcp.session.Transport;
import dev.sdpmcp.tokens.TokenLedger;
import dev.sdpmcp.transport.EventStreams;
import dev.sdpmcp.transport.SessionRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Publishes {@link ServerStatusMXBean} in the platform MBean server, where Liberty's admin tools find it. */
@ApplicationScoped
public class ServerStatus implements ServerStatusMXBean {

    static final String NAME = "dev.sdpmcp:type=ServerStatus";
    private static final Logger LOG = Logger.getLogger(ServerStatus.class.getName());

    @Inject
    SessionRegistry sessions;

    @Inject
    EventStreams streams;

    @Inject
    TokenLedger ledger;

    @Inject
    Circuits circuits;

    /** At start-up, not at first use. */
    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name); // an earlier deployment of the application
            }
            server.registerMBean(this, name);
        } catch (JMException e) {
            LOG.log(Level.WARNING, "Cannot publish " + NAME + ": " + e);
        }
    }

    @PreDestroy
    void unregister() {
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(new ObjectName(NAME));
        } catch (JMException ignored) {
            // not registered
        }
    }

    @Override
    public int getSseSessions() {
        return sessions.countByTransport().get(Transport.SSE);
    }

    @Override
    public int getStreamableSessions() {
        return sessions.countByTransport().get(Transport.STREAMABLE);
    }

    @Override
    public int getOpenEventStreams() {
        return streams.openCount();
    }

    @Override
    public int getAuthorizedUsers() {
        return (int) ledger.accounts().stream().filter(a -> a.status().authorized()).count();
    }

    @Override
    public int getUsersNeedingReauthorization() {
        return (int) ledger.accounts().stream().filter(a -> a.status().needsReauth()).count();
    }

    @Override
    public String getZohoCircuit() {
        return circuits.state(Circuits.Name.ZOHO).open() ? "open" : "closed";
    }

    @Override
    public String getServiceDeskCircuit() {
        return circuits.state(Circuits.Name.SERVICEDESK).open() ? "open" : "closed";
    }
}
