package dev.sdpmcp.sandbox.sdp;

import com.fasterxml.jackson.databind.JsonNode;

/** Simulator tests that call the itdesk portal as one user of their own. */
abstract class ItdeskTestBase {

    final Sim sim = new Sim();
    final String client;
    final String token;

    ItdeskTestBase(String client) {
        this.client = client;
        this.token = sim.token(client);
    }

    /** A call that must succeed; its body. */
    JsonNode ok(String method, String path, String input) {
        return sim.ok(token, method, "itdesk", path, input);
    }

    SdpSimulator.Reply call(String method, String path, String input) {
        return sim.call(token, method, "itdesk", path, input);
    }
}
