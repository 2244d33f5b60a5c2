package dev.sdpmcp.tokens;

import dev.sdpmcp.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts what the token tables hold: AES-256-GCM, a fresh random nonce per value, and the value's purpose and
 * owner as associated data, so a ciphertext copied into another user's row does not decrypt. Each value records the
 * id of its key: SDP_ENCRYPTION_KEY_PREVIOUS still decrypts after a rotation, and callers re-encrypt what
 * {@link Plain#stale()} reports.
 */
@ApplicationScoped
public class KeyRing {

    static final String FORMAT = "v1";
    static final String KEY_FILE = "encryption.key";
    private static final Logger LOG = Logger.getLogger(KeyRing.class.getName());
    private static final java.util.Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KDF_ITERATIONS = 600_000;
    // A passphrase is stretched into the same key on every server sharing the database, so the salt is fixed:
    // the KDF is there to make guessing a passphrase expensive, not to make equal passphrases differ.
    private static final byte[] KDF_SALT = "sdp-mcp/SDP_ENCRYPTION_KEY/v1".getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Settings settings;






    private Keys keys;

    /** A key and its id (derived from the key, so no configuration names it). */
    record Key(String id, byte[] bytes) {
    }

    /** The current key, every key that still decrypts, and whether the current one was generated here. */
    record Keys(Key current, Map<String, Key> all, Optional<Path> generatedFile) {
    }

    /** A decrypted value; {@code stale} when it was encrypted with an older key and should be written again. */
    public record Plain(String value, boolean stale) {
    }

    @PostConstruct
    void load() {
        Optional<String> key = blank(settings.encryptionKey())
                .or(() -> blank(settings.encryptionKeyFile()).map(KeyRing::readSecretFile));
        keys = load(key, blank(settings.previousEncryptionKey()), settings.usesPostgres(),
                Path.of(settings.dataDir().orElse("data")), Path.of(blank(settings.keyDir()).orElse("keys")));
    }

    private static String readSecretFile(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("SDP_ENCRYPTION_KEY_FILE=" + file + " cannot be read", e);
        }
    }

    /**
     * The configuration rules.
     *
     * @throws IllegalStateException with what to do, when PostgreSQL is used without SDP_ENCRYPTION_KEY
     */
    static Keys load(Optional<String> key, Optional<String> previous, boolean postgres, Path dataDir, Path keyDir) {
        Path file = keyDir.resolve(KEY_FILE);
        moveFromDataDir(dataDir.resolve(KEY_FILE), file);
        List<Key> older = new ArrayList<>();
        previous.ifPresent(p -> older.add(derive(p, "SDP_ENCRYPTION_KEY_PREVIOUS")));
        if (key.isPresent()) {
            if (Files.isRegularFile(file)) {
                older.add(readKeyFile(file)); // values written before the operator set a key still decrypt
            }
            return keys(derive(key.get(), "SDP_ENCRYPTION_KEY"), older, Optional.empty());
        }
        if (postgres) {
            throw new IllegalStateException("SDP_ENCRYPTION_KEY is not set. With PostgreSQL the tokens of every user "
                    + "are stored encrypted and all servers sharing the database need the same key, so this server "
                    + "will not start without one. Generate 32 random bytes with `openssl rand -base64 32` and set "
                    + "SDP_ENCRYPTION_KEY to the result (keep it secret, keep a copy: tokens cannot be read without it).");
        }
        if (!Files.isRegularFile(file)) {
            writeKeyFile(file);
        }
        return keys(readKeyFile(file), older, Optional.of(file));
    }

    private static Keys keys(Key current, List<Key> older, Optional<Path> generated) {
        Map<String, Key> all = new LinkedHashMap<>();
        all.put(current.id(), current);
        older.forEach(k -> all.putIfAbsent(k.id(), k));
        return new Keys(current, Map.copyOf(all), generated);
    }

    /** 32 random bytes in base64 are used as they are; anything else is a passphrase, stretched with PBKDF2. */
    static Key derive(String setting, String name) {
        String value = setting.trim();
        byte[] raw = null;
        try {
            raw = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException notBase64) {
            try {
                raw = Base64.getUrlDecoder().decode(value);
            } catch (IllegalArgumentException neither) {
                // a passphrase
            }
        }
        if (raw != null && raw.length == 32) {
            return key(raw);
        }
        if (value.length() < 16) {
            throw new IllegalStateException(name + " is neither 32 bytes in base64 nor a passphrase of at least 16 "
                    + "characters. Generate a key with `openssl rand -base64 32`.");
        }
        try {
            var spec = new PBEKeySpec(value.toCharArray(), KDF_SALT, KDF_ITERATIONS, 256);
            return key(SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Key key(byte[] bytes) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("sdp-mcp key id".getBytes(StandardCharsets.UTF_8));
            return new Key(HexFormat.of().formatHex(digest.digest(bytes)).substring(0, 8), bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Owner-only from the moment the file exists: created with its permissions, never widened and then narrowed. */
    private static void writeKeyFile(Path file) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        try {
            createPrivateDirectory(file.getParent());
            createOwnerOnly(file, (Base64.getEncoder().encodeToString(bytes) + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the encryption key file " + file + ": " + e.getMessage()
                    + ". Make SDP_KEY_DIR a directory this server may write, or set SDP_ENCRYPTION_KEY.", e);
        }
    }

    /**
     * Earlier versions generated the key beside the H2 database (SDP_DATA_DIR), where a copy of the database took the
     * key along: it moves to the key directory, owner-only. A key already there wins; the old file is then left for
     * the operator, with a warning.
     */
    static void moveFromDataDir(Path legacy, Path file) {
        if (!Files.isRegularFile(legacy) || legacy.toAbsolutePath().normalize().equals(file.toAbsolutePath().normalize())) {
            return;
        }
        if (Files.exists(file)) {
            LOG.warning("Two encryption key files: " + file + " is used; " + legacy + " (beside the database, where "
                    + "earlier versions kept it) is not. Delete it once you are sure it is not needed.");
            return;
        }
        try {
            createPrivateDirectory(file.getParent());
            try {
                Files.move(legacy, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException otherFileSystem) {
                createOwnerOnly(file, Files.readAllBytes(legacy));
                Files.delete(legacy);
            }
            try {
                Files.setPosixFilePermissions(file, OWNER_RW); // a moved file keeps the permissions it had
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the directory's own permissions protect it
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move the encryption key file " + legacy + " to " + file + ": "
                    + e.getMessage() + ". Move it yourself (owner-only, chmod 600) or set SDP_KEY_DIR.", e);
        }
        LOG.info("Moved the generated encryption key file from " + legacy + " (beside the database) to " + file
                + " (owner-only; SDP_KEY_DIR)");
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return; // the operator's own directory keeps the permissions they gave it
        }
        Files.createDirectories(dir, ownerOnly(PosixFilePermissions.fromString("rwx------")));
    }

    private static void createOwnerOnly(Path file, byte[] content) throws IOException {
        try (var out = Files.newByteChannel(file, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(OWNER_RW))) {
            out.write(ByteBuffer.wrap(content));
        }
    }

    private static FileAttribute<?>[] ownerOnly(java.util.Set<PosixFilePermission> permissions) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
    }

    private static Key readKeyFile(Path file) {
        try {
            return derive(Files.readString(file).trim(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the encryption key file " + file, e);
        }
    }

    /** Where the generated key lives, when the server had to generate one (embedded database, no key set). */
    public Optional<Path> generatedKeyFile() {
        return keys.generatedFile();
    }

    public String currentKeyId() {
        return keys.current().id();
    }

    /** The ids of every key that decrypts here: the current one first. Ids are not secret, keys are. */
    public Set<String> keyIds() {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(keys.current().id());
        ids.addAll(keys.all().keySet());
        return ids;
    }

    /** Where the key id sits in a stored value ("v1:" then 8 characters), for queries that count by key. */
    public static final int KEY_ID_POSITION = FORMAT.length() + 2;
    public static final int KEY_ID_LENGTH = 8;

    /** Encrypts {@code plain} for one purpose and owner (e.g. "refresh_token" of a client id). */
    public String encrypt(String plain, String purpose, String owner) {
        Key key = keys.current();
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.bytes(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(purpose, owner));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return FORMAT + ":" + key.id() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /**
     * @throws IllegalStateException when no configured key made the value (the key was lost or rotated away) or
     *                               it was tampered with
     */
    public Plain decrypt(String stored, String purpose, String owner) {
        String[] parts = stored.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(FORMAT)) {
            throw new IllegalStateException("not an encrypted value");
        }
        Key key = keys.all().get(parts[1]);
        if (key == null) {
            throw new IllegalStateException("this value was encrypted with key " + parts[1] + ", which is not configured "
                    + "(set it as SDP_ENCRYPTION_KEY_PREVIOUS)");
        }
        byte[] in = Base64.getDecoder().decode(parts[2]);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.bytes(), "AES"), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(aad(purpose, owner));
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return new Plain(new String(plain, StandardCharsets.UTF_8), !key.id().equals(keys.current().id()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a stored value does not decrypt (wrong key or tampered)", e);
        }
    }

    private static byte[] aad(String purpose, String owner) {
        return (purpose + "\n" + owner).getBytes(StandardCharsets.UTF_8);
    }

    private static Optional<String> blank(Optional<String> value) {
        return value.map(String::trim).filter(s -> !s.isEmpty());
    }
}
