package dev.sdpmcp.zoho;

/** Zoho could not be reached or failed (network, timeout, 5xx, a body that is not Zoho's). Counts against the circuit. */
public class ZohoUnavailable extends RuntimeException {

    public ZohoUnavailable(String message) {
        super(message, null, false, false);
    }
}
