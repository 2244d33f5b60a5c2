package dev.sdpmcp.sdp;

import dev.sdpmcp.credentials.ClientCredentials;

/**
 * Who calls ServiceDesk Plus, and from where: the user whose own token is used, and the public address of this server
 * (for the authorization steps a refusal may carry).
 */
public record SdpCaller(ClientCredentials user, String baseUrl) {
}
