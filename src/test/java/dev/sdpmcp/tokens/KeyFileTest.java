package dev.sdpmcp.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key generated for the embedded database lives apart from the database (SDP_KEY_DIR), owner-only, and a key file
 * an earlier version left beside the database moves there, without its value reaching the log.
 */
class KeyFileTest {

    static final String OLD_KEY = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";

    @TempDir
    Path root;

    Path data;
    Path keys;
    final List<String> logged = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void dirs() throws Exception {
        data = Files.createDirectories(root.resolve("data"));
        keys = root.resolve("keys");
        Logger.getLogger(KeyRing.class.getName()).addHandler(capture);
    }

    @AfterEach
    void detach() {
        Logger.getLogger(KeyRing.class.getName()).removeHandler(capture);
    }

    static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void aGeneratedKeyIsOwnerOnlyInItsOwnDirectoryNotBesideTheDatabase() throws Exception {
        KeyRing.Keys generated = KeyRing.load(Optional.empty(), Optional.empty(), false, data, keys);
        Path file = keys.resolve(KeyRing.KEY_FILE);
        assertEquals(Optional.of(file), generated.generatedFile());
        assertFalse(Files.exists(data.resolve(KeyRing.KEY_FILE)), "nothing beside the database");
        assertEquals("rw-------", permissions(file));
        assertEquals("rwx------", permissions(keys), "the directory the server made is owner-only too");
    }

    @Test
    void aKeyFileBesideTheDatabaseMovesOwnerOnlyAndTheLogDoesNotShowIt() throws Exception {
        Path legacy = data.resolve(KeyRing.KEY_FILE);
        Files.writeString(legacy, OLD_KEY + "\n");
        Files.setPosixFilePermissions(legacy, PosixFilePermissions.fromString("rw-r--r--"));

        KeyRing.Keys loaded = KeyRing.load(Optional.empty(), Optional.empty(), false, data, keys);

        Path file = keys.resolve(KeyRing.KEY_FILE);
        assertFalse(Files.exists(legacy), "moved, not copied");
        assertEquals(OLD_KEY, Files.readString(file).trim(), "the same key, so what it encrypted still decrypts");
        assertEquals(KeyRing.derive(OLD_KEY, "k").id(), loaded.current().id());
        assertEquals("rw-------", permissions(file), "the moved file's loose permissions are tightened");
        assertTrue(logged.stream().anyMatch(m -> m.contains("Moved") && m.contains(legacy.toString()) && m.contains(file.toString())), logged.toString());
        assertTrue(logged.stream().noneMatch(m -> m.contains(OLD_KEY)), "the key is never logged");
    }

    @Test
    void anOldKeyFileStillDecryptsOnceAKeyIsSetAndMovesToo() throws Exception {
        Path legacy = data.resolve(KeyRing.KEY_FILE);
        Files.writeString(legacy, OLD_KEY + "\n");
        KeyRing.Keys configured = KeyRing.load(Optional.of("an operator's passphrase, long enough"), Optional.empty(), false, data, keys);
        assertTrue(configured.all().containsKey(KeyRing.derive(OLD_KEY, "k").id()));
        assertFalse(Files.exists(legacy));
        assertEquals("rw-------", permissions(keys.resolve(KeyRing.KEY_FILE)));
    }

    @Test
    void aKeyAlreadyInTheKeyDirectoryWinsAndTheOldFileIsLeftWithAWarning() throws Exception {
        KeyRing.Keys first = KeyRing.load(Optional.empty(), Optional.empty(), false, data, keys);
        Path legacy = data.resolve(KeyRing.KEY_FILE);
        Files.writeString(legacy, OLD_KEY + "\n");
        KeyRing.Keys again = KeyRing.load(Optional.empty(), Optional.empty(), false, data, keys);
        assertEquals(first.current().id(), again.current().id());
        assertTrue(Files.exists(legacy));
        assertTrue(logged.stream().anyMatch(m -> m.contains("Two encryption key files")), logged.toString());
    }
}
