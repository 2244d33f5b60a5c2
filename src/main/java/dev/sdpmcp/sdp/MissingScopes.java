package dev.sdpmcp.sdp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What ServiceDesk Plus refused a user's freshly renewed token for: the scopes that token lacks. A 401 does not say
 * why (an expired token and a missing scope look alike), but a token that was just renewed and is still refused lacks
 * the scope; remembering it spares Zoho's renewal budget (10 per 10 minutes) on every later call. Tied to the token:
 * a new one (renewed as it ages, or after authorizing again with more scopes) is tried afresh. Bounded: the users
 * seen longest ago are forgotten first.
 */
final class MissingScopes {

    private record Known(String token, Set<String> scopes) {
    }

    private final int capacity;
    private final Map<String, Known> byUser;

    MissingScopes(int capacity) {
        this.capacity = capacity;
        this.byUser = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
                return size() > MissingScopes.this.capacity;
            }
        };
    }

    /** Whether this token of the user is known to lack {@code scope}. */
    synchronized boolean lacks(String clientId, String token, String scope) {
        Known known = current(clientId, token);
        return known != null && known.scopes().contains(scope);
    }

    /**
     * Whether this token of the user was already refused after a renewal: it is fresh, so another 401 for it is about
     * a scope as well, and renewing it again would only spend the budget.
     */
    synchronized boolean verifiedFresh(String clientId, String token) {
        return current(clientId, token) != null;
    }

    synchronized void remember(String clientId, String token, String scope) {
        Known known = current(clientId, token);
        if (known == null) {
            known = new Known(fingerprint(token), new HashSet<>());
            byUser.put(clientId, known);
        }
        known.scopes().add(scope);
    }

    synchronized int size() {
        return byUser.size();
    }

    /** The user's entry if it is about this token; an entry about an older token is dropped. */
    private Known current(String clientId, String token) {
        Known known = byUser.get(clientId);
        if (known != null && !known.token().equals(fingerprint(token))) {
            byUser.remove(clientId);
            return null;
        }
        return known;
    }

    /** Tokens are not kept here, only a digest to recognise them by. */
    private static String fingerprint(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
