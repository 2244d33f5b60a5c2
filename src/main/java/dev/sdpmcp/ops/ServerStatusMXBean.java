package dev.sdpmcp.ops;

/** The figures operators watch in the Liberty admin center, jconsole or any JMX client (dev.sdpmcp:type=ServerStatus). */
public interface ServerStatusMXBean {

    int getSseSessions();

    int getStreamableSessions();

    int getOpenEventStreams();

    int getAuthorizedUsers();

    int getUsersNeedingReauthorization();

    String getZohoCircuit();

    String getServiceDeskCircuit();
}
