package dev.sdpmcp.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyRingTest {

    static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
    static final String KEY_B = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @TempDir
    Path dir;

    static KeyRing ring(KeyRing.Keys keys) {
        KeyRing ring = new KeyRing();
        try {
            var field = KeyRing.class.getDeclaredField("keys");
            field.setAccessible(true);
            field.set(ring, keys);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return ring;
    }

    @Test
    void postgresWithoutAKeyRefusesToStartAndSaysWhy() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> KeyRing.load(Optional.empty(), Optional.empty(), true, dir, dir.resolve("keys")));
        assertTrue(error.getMessage().contains("SDP_ENCRYPTION_KEY is not set"));
        assertTrue(error.getMessage().contains("openssl rand -base64 32"));
        assertFalse(Files.exists(dir.resolve("keys").resolve(KeyRing.KEY_FILE)), "no key may be generated for PostgreSQL");
    }

    @Test
    void embeddedWithoutAKeyGeneratesOneOnce() throws Exception {
        KeyRing.Keys first = KeyRing.load(Optional.empty(), Optional.empty(), false, dir, dir.resolve("keys"));
        Path file = dir.resolve("keys").resolve(KeyRing.KEY_FILE);
        assertEquals(Optional.of(file), first.generatedFile());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        KeyRing.Keys again = KeyRing.load(Optional.empty(), Optional.empty(), false, dir, dir.resolve("keys"));
        assertEquals(first.current().id(), again.current().id());
        // once an operator sets a key, the generated one still decrypts what it wrote
        KeyRing.Keys configured = KeyRing.load(Optional.of(KEY_B), Optional.empty(), false, dir, dir.resolve("keys"));
        assertTrue(configured.all().containsKey(first.current().id()));
        assertTrue(configured.generatedFile().isEmpty());
    }

    @Test
    void rawKeysAndPassphrasesBothWorkAndShortPassphrasesDoNot() {
        assertEquals(KeyRing.derive(KEY_A, "k").id(), KeyRing.derive(KEY_A, "k").id());
        KeyRing.Key passphrase = KeyRing.derive("correct horse battery staple", "k");
        assertEquals(passphrase.id(), KeyRing.derive("correct horse battery staple", "k").id(), "same passphrase, same key on every server");
        assertEquals(32, passphrase.bytes().length);
        assertThrows(IllegalStateException.class, () -> KeyRing.derive("short", "SDP_ENCRYPTION_KEY"));
    }

    @Test
    void aesGcmWithAFreshNonceAndBoundToPurposeAndOwner() {
        KeyRing ring = ring(KeyRing.load(Optional.of(KEY_A), Optional.empty(), true, dir, dir.resolve("keys")));
        String one = ring.encrypt("1000.secret-token", "refresh_token", "1000.A");
        String two = ring.encrypt("1000.secret-token", "refresh_token", "1000.A");
        assertNotEquals(one, two, "a fresh nonce per value");
        assertFalse(one.contains("secret-token"));
        assertTrue(one.startsWith("v1:" + ring.currentKeyId() + ":"));
        assertEquals(new KeyRing.Plain("1000.secret-token", false), ring.decrypt(one, "refresh_token", "1000.A"));
        assertThrows(IllegalStateException.class, () -> ring.decrypt(one, "refresh_token", "1000.B"), "another user's row");
        assertThrows(IllegalStateException.class, () -> ring.decrypt(one, "access_token", "1000.A"), "another purpose");
        String tampered = one.substring(0, one.length() - 4) + (one.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThrows(IllegalStateException.class, () -> ring.decrypt(tampered, "refresh_token", "1000.A"));
    }

    @Test
    void rotationDecryptsOldValuesAndMarksThemForReEncryption() {
        KeyRing old = ring(KeyRing.load(Optional.of(KEY_A), Optional.empty(), true, dir, dir.resolve("keys")));
        String stored = old.encrypt("value", "client_secret", "1000.A");
        KeyRing rotated = ring(KeyRing.load(Optional.of(KEY_B), Optional.of(KEY_A), true, dir, dir.resolve("keys")));
        KeyRing.Plain plain = rotated.decrypt(stored, "client_secret", "1000.A");
        assertEquals("value", plain.value());
        assertTrue(plain.stale());
        String again = rotated.encrypt(plain.value(), "client_secret", "1000.A");
        assertFalse(rotated.decrypt(again, "client_secret", "1000.A").stale());
        KeyRing forgotten = ring(KeyRing.load(Optional.of(KEY_B), Optional.empty(), true, dir, dir.resolve("keys")));
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> forgotten.decrypt(stored, "client_secret", "1000.A"));
        assertTrue(error.getMessage().contains("SDP_ENCRYPTION_KEY_PREVIOUS"));
    }

    @Test
    void secretHashesAreSaltedAndChecked() {
        SecretHash one = SecretHash.of("the-secret");
        SecretHash two = SecretHash.of("the-secret");
        assertNotEquals(one.hash(), two.hash());
        assertTrue(one.matches("the-secret"));
        assertFalse(one.matches("the-secreT"));
        assertFalse(one.hash().contains("the-secret"));
    }
}
