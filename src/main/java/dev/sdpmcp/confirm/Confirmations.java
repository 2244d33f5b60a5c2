package dev.sdpmcp.confirm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sdpmcp.tokens.KeyRing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Confirmations of destructive tool calls: a sealed, short-lived statement "this caller may run this tool with exactly
 * these arguments", honoured once. It is encrypted and authenticated with the server's encryption key for the caller
 * alone (so no one can forge it or use another's), which every server sharing the database holds: any of them
 * accepts it, and the database remembers it was used.
 */
@ApplicationScoped
public class Confirmations {

    /** Long enough for a person to read the preview and answer; short enough that the record has not moved on. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final String PURPOSE = "confirmation";
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    KeyRing keys;

    @Inject
    ConfirmationUses uses;

    Clock clock = Clock.systemUTC();

    /** Why a confirmation is not honoured, in words for the person who offered it. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private record Sealed(String tool, String arguments, long expires, String nonce) {
    }

    /** A confirmation for {@code owner} (a client hash) to run {@code tool} with these arguments. */
    public String seal(String owner, String tool, Map<String, Object> arguments) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        Sealed sealed = new Sealed(tool, digest(arguments), clock.instant().plus(LIFETIME).getEpochSecond(),
                HexFormat.of().formatHex(nonce));
        try {
            return keys.encrypt(CANONICAL.writeValueAsString(sealed), PURPOSE, owner);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Honours a confirmation once, for the owner, tool and arguments it was made for, before it expires. */
    public void redeem(String owner, String tool, Map<String, Object> arguments, String confirmation) throws Refused {
        Sealed sealed;
        try {
            sealed = CANONICAL.readValue(keys.decrypt(confirmation, PURPOSE, owner).value(), Sealed.class);
        } catch (IllegalStateException | IllegalArgumentException | JsonProcessingException e) {
            throw new Refused("This confirmation was not issued to you by this service (or was altered).");
        }
        if (!sealed.tool().equals(tool)) {
            throw new Refused("This confirmation is for " + sealed.tool() + ", not " + tool + ".");
        }
        if (!sealed.arguments().equals(digest(arguments))) {
            throw new Refused("This confirmation is for other arguments: it covers exactly the call that was previewed.");
        }
        Instant expires = Instant.ofEpochSecond(sealed.expires());
        Instant now = clock.instant();
        if (now.isAfter(expires)) {
            throw new Refused("This confirmation expired (they last " + LIFETIME.toMinutes() + " minutes).");
        }
        boolean first;
        try {
            first = uses.claim(sealed.nonce(), OffsetDateTime.ofInstant(expires, ZoneOffset.UTC),
                    OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        } catch (RuntimeException concurrent) {
            first = false;
        }
        if (!first) {
            throw new Refused("This confirmation was used already: each one allows a single call.");
        }
    }

    /** The arguments, independent of key order and of how a number was written ("42" and 42 are the same id). */
    static String digest(Map<String, Object> arguments) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(normalized(arguments));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object normalized(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    sorted.put(String.valueOf(k), normalized(v));
                }
            });
            return sorted;
        }
        if (value instanceof Iterable<?> list) {
            java.util.List<Object> items = new java.util.ArrayList<>();
            list.forEach(item -> items.add(normalized(item)));
            return items;
        }
        if (value instanceof Number || value instanceof CharSequence) {
            return value.toString().trim();
        }
        return value;
    }
}
