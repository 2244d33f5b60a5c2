package dev.sdpmcp.confirm;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A confirmation allows one call: by its owner, of its tool, with its arguments, before it expires. */
class ConfirmationsTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final Map<String, Object> ARGS = Map.of("request_id", "42", "request_ids", List.of("43", 44));

    @TempDir
    Path dir;

    private Confirmations confirmations(String key) throws Exception {
        return TestConfirmations.with(key, dir);
    }

    @Test
    void honouredOnceForItsOwnerToolAndArguments() throws Exception {
        Confirmations confirmations = confirmations(KEY);
        String token = confirmations.seal("alice", "merge_requests", ARGS);
        assertThrows(Confirmations.Refused.class, () -> confirmations.redeem("bob", "merge_requests", ARGS, token),
                "another user's");
        assertThrows(Confirmations.Refused.class, () -> confirmations.redeem("alice", "delete_request", ARGS, token),
                "another tool");
        assertThrows(Confirmations.Refused.class,
                () -> confirmations.redeem("alice", "merge_requests", Map.of("request_id", "42", "request_ids", List.of("43")), token),
                "other arguments");
        // the same arguments in another order, and an id written as a number
        assertDoesNotThrow(() -> confirmations.redeem("alice", "merge_requests",
                Map.of("request_ids", List.of(43, "44"), "request_id", 42), token));
        Confirmations.Refused again = assertThrows(Confirmations.Refused.class,
                () -> confirmations.redeem("alice", "merge_requests", ARGS, token));
        assertTrue(again.getMessage().contains("used already"), again.getMessage());
    }

    @Test
    void expiredForgedOrSealedWithAnotherKeyIsRefused() throws Exception {
        Confirmations confirmations = confirmations(KEY);
        String token = confirmations.seal("alice", "delete_request", ARGS);
        confirmations.clock = Clock.fixed(Instant.now().plus(Confirmations.LIFETIME).plusSeconds(5), ZoneOffset.UTC);
        Confirmations.Refused expired = assertThrows(Confirmations.Refused.class,
                () -> confirmations.redeem("alice", "delete_request", ARGS, token));
        assertTrue(expired.getMessage().contains("expired"), expired.getMessage());

        Confirmations elsewhere = confirmations(Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes()));
        String foreign = elsewhere.seal("alice", "delete_request", ARGS);
        Confirmations fresh = confirmations(KEY);
        assertThrows(Confirmations.Refused.class, () -> fresh.redeem("alice", "delete_request", ARGS, foreign));
        String altered = token.substring(0, token.length() - 6) + (token.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
        assertThrows(Confirmations.Refused.class, () -> fresh.redeem("alice", "delete_request", ARGS, altered));
        assertThrows(Confirmations.Refused.class, () -> fresh.redeem("alice", "delete_request", ARGS, "yes"));
    }

    @Test
    void eachSealIsItsOwn() throws Exception {
        Confirmations confirmations = confirmations(KEY);
        assertNotEquals(confirmations.seal("alice", "delete_request", ARGS), confirmations.seal("alice", "delete_request", ARGS));
        assertEquals(Confirmations.digest(Map.of("a", 1, "b", List.of("x"))), Confirmations.digest(Map.of("b", List.of("x"), "a", "1")));
        assertNotEquals(Confirmations.digest(Map.of("a", 1)), Confirmations.digest(Map.of("a", 2)));
    }
}
