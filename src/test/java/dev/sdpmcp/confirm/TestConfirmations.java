package dev.sdpmcp.confirm;

import dev.sdpmcp.tokens.KeyRing;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Confirmations sealed with a given key, their single-use record in memory (PostgreSQL's is exercised by the ITs). */
public final class TestConfirmations {

    private TestConfirmations() {
    }

    static final class MemoryUses extends ConfirmationUses {
        final Set<String> used = new HashSet<>();

        @Override
        public synchronized boolean claim(String nonce, OffsetDateTime expiresAt, OffsetDateTime now) {
            return used.add(nonce);
        }
    }

    /** @param key a base64 AES-256 key, as SDP_ENCRYPTION_KEY; {@code dir} an empty folder (nothing is written) */
    public static Confirmations with(String key, Path dir) throws ReflectiveOperationException {
        Method load = KeyRing.class.getDeclaredMethod("load", Optional.class, Optional.class, boolean.class, Path.class, Path.class);
        load.setAccessible(true);
        Object keys = load.invoke(null, Optional.of(key), Optional.empty(), true, dir, dir);
        KeyRing ring = new KeyRing();
        var field = KeyRing.class.getDeclaredField("keys");
        field.setAccessible(true);
        field.set(ring, keys);
        Confirmations confirmations = new Confirmations();
        confirmations.keys = ring;
        confirmations.uses = new MemoryUses();
        return confirmations;
    }
}
