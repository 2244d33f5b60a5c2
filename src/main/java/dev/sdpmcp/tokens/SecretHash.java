package dev.sdpmcp.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A client secret kept only as salted SHA-256, to check the secret sent on each request. Zoho secrets are long random
 * strings, so a fast hash is enough (nothing to brute-force); the comparison takes the same time whatever matches.
 */
public record SecretHash(String salt, String hash) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static SecretHash of(String secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        String saltHex = HexFormat.of().formatHex(salt);
        return new SecretHash(saltHex, digest(saltHex, secret));
    }

    /**
     * Tells apart the secrets offered for one client id without keeping any of them: the same pair always gives the
     * same value, on every server. Only for counting attempts, never for checking a secret.
     */
    public static String fingerprint(String clientId, String secret) {
        return digest(HexFormat.of().formatHex(clientId.getBytes(StandardCharsets.UTF_8)), secret).substring(0, 32);
    }

    public boolean matches(String secret) {
        return MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII), digest(salt, secret).getBytes(StandardCharsets.US_ASCII));
    }

    private static String digest(String saltHex, String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(HexFormat.of().parseHex(saltHex));
            return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
