package dev.sdpmcp.credentials;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A user's Zoho self-client credentials, as sent on every request: the headers {@value #CLIENT_ID_HEADER} and
 * {@value #CLIENT_SECRET_HEADER}, or {@code Authorization: Basic base64(client_id:client_secret)}.
 * The secret never leaves this object in a readable form except through {@link #clientSecret()}.
 */
public final class ClientCredentials {

    public static final String CLIENT_ID_HEADER = "X-SDP-Client-Id";
    public static final String CLIENT_SECRET_HEADER = "X-SDP-Client-Secret";
    /** Optional: a refresh token the user already holds, stored on first use (see TokenService). */
    public static final String REFRESH_TOKEN_HEADER = "X-SDP-Refresh-Token";

    /** Zoho client ids are "1000." followed by an alphanumeric key (30 characters for self clients). */
    private static final Pattern ZOHO_CLIENT_ID = Pattern.compile("1000\\.[A-Za-z0-9]{10,64}");
    /** Zoho secrets are alphanumeric; accept any printable ASCII without spaces, within reason. */
    private static final Pattern CLIENT_SECRET = Pattern.compile("[\\x21-\\x7E]{8,256}");
    private static final Pattern UNEXPANDED_VARIABLE = Pattern.compile(".*\\$\\{[^}]*}.*|^\\$[A-Za-z_][A-Za-z0-9_]*$");

    private static final Pattern REFRESH_TOKEN = Pattern.compile("[\\x21-\\x7E]{16,512}");

    private final String clientId;
    private final String clientSecret;
    private final String clientHash;
    private final Optional<String> refreshToken;

    private ClientCredentials(String clientId, String clientSecret, Optional<String> refreshToken) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.clientHash = sha256Hex(clientId);
        this.refreshToken = refreshToken;
    }

    /** Credentials given as values (the /oauth endpoints), checked like headers. */
    public static ClientCredentials of(String clientId, String clientSecret) throws Rejected {
        if (clientId == null || clientSecret == null) {
            throw Problem.INCOMPLETE.rejected("Both the client id and the client secret are required.");
        }
        return validate(clientId.trim(), clientSecret.trim(), Optional.empty());
    }

    /**
     * Reads the credentials from request headers (looked up case-insensitively by the given function).
     *
     * @throws Rejected when they are missing or could never be Zoho credentials
     */
    public static ClientCredentials from(Function<String, List<String>> headers) throws Rejected {
        List<String> ids = headers.apply(CLIENT_ID_HEADER);
        List<String> secrets = headers.apply(CLIENT_SECRET_HEADER);
        if (!ids.isEmpty() || !secrets.isEmpty()) {
            if (ids.size() > 1 || secrets.size() > 1) {
                throw Problem.MALFORMED.rejected("Send " + CLIENT_ID_HEADER + " and " + CLIENT_SECRET_HEADER + " once each.");
            }
            if (ids.isEmpty()) {
                throw Problem.INCOMPLETE.rejected("The " + CLIENT_ID_HEADER + " header is missing.");
            }
            if (secrets.isEmpty()) {
                throw Problem.INCOMPLETE.rejected("The " + CLIENT_SECRET_HEADER + " header is missing.");
            }
            return validate(ids.get(0).trim(), secrets.get(0).trim(), refreshToken(headers));
        }
        List<String> authorizations = headers.apply("Authorization");
        if (authorizations.isEmpty()) {
            throw Problem.MISSING.rejected("No credentials were sent.");
        }
        if (authorizations.size() > 1) {
            throw Problem.MALFORMED.rejected("Send one Authorization header.");
        }
        String authorization = authorizations.get(0).trim();
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw Problem.MALFORMED.rejected("Only Authorization: Basic base64(client_id:client_secret) is accepted.");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw Problem.MALFORMED.rejected("The Authorization: Basic value is not valid base64.");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw Problem.MALFORMED.rejected("The Authorization: Basic value must be base64(client_id:client_secret).");
        }
        return validate(decoded.substring(0, colon).trim(), decoded.substring(colon + 1).trim(), refreshToken(headers));
    }

    /** An unset ${SDP_REFRESH_TOKEN} or an empty header means the user has none to offer, not an error. */
    private static Optional<String> refreshToken(Function<String, List<String>> headers) throws Rejected {
        List<String> values = headers.apply(REFRESH_TOKEN_HEADER);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String value = values.get(0).trim();
        if (value.isEmpty() || UNEXPANDED_VARIABLE.matcher(value).matches()) {
            return Optional.empty();
        }
        if (values.size() > 1 || !REFRESH_TOKEN.matcher(value).matches()) {
            throw Problem.MALFORMED.rejected("The " + REFRESH_TOKEN_HEADER + " header is not a Zoho refresh token.");
        }
        return Optional.of(value);
    }

    private static ClientCredentials validate(String clientId, String clientSecret, Optional<String> refreshToken)
            throws Rejected {
        if (UNEXPANDED_VARIABLE.matcher(clientId).matches() || UNEXPANDED_VARIABLE.matcher(clientSecret).matches()) {
            throw Problem.UNEXPANDED.rejected("A header still holds a ${VARIABLE} reference: the variable is not set in the "
                    + "environment Claude Code was started from.");
        }
        if (clientId.isEmpty() || clientSecret.isEmpty()) {
            throw Problem.INCOMPLETE.rejected("The client id or the client secret is empty (is the environment variable set?).");
        }
        if (!ZOHO_CLIENT_ID.matcher(clientId).matches()) {
            throw Problem.INVALID_CLIENT_ID.rejected("This is not a Zoho client id: they look like 1000.XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX "
                    + "(from https://api-console.zoho.com, Self Client).");
        }
        if (!CLIENT_SECRET.matcher(clientSecret).matches()) {
            throw Problem.INVALID_CLIENT_SECRET.rejected("This is not a Zoho client secret (8 to 256 printable characters, no spaces).");
        }
        return new ClientCredentials(clientId, clientSecret, refreshToken);
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** The refresh token offered in {@value #REFRESH_TOKEN_HEADER}, if any. */
    public Optional<String> refreshToken() {
        return refreshToken;
    }

    /** SHA-256 of the client id, hex: the pseudonymous key for usage rows, sessions and metrics. */
    public String clientHash() {
        return clientHash;
    }

    /** The client id with its middle hidden, safe for logs and answers: 1000.2DK…K3H. */
    public String maskedClientId() {
        return mask(clientId);
    }

    public static String mask(String clientId) {
        int dot = clientId.indexOf('.');
        String key = clientId.substring(dot + 1);
        if (key.length() <= 6) {
            return clientId.substring(0, dot + 1) + "…";
        }
        return clientId.substring(0, dot + 1) + key.substring(0, 3) + "…" + key.substring(key.length() - 3);
    }

    public static String sha256Hex(String value) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ClientCredentials[" + maskedClientId() + "]";
    }

    /** Why a request's credentials cannot be used, in words a user can act on. */
    public static final class Rejected extends Exception {
        private final Problem problem;

        Rejected(Problem problem, String detail) {
            super(detail, null, false, false);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    public enum Problem {
        MISSING("missing_credentials"),
        INCOMPLETE("incomplete_credentials"),
        MALFORMED("malformed_credentials"),
        UNEXPANDED("unexpanded_variable"),
        INVALID_CLIENT_ID("invalid_client_id"),
        INVALID_CLIENT_SECRET("invalid_client_secret");

        private final String code;

        Problem(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        Rejected rejected(String detail) {
            return new Rejected(this, detail);
        }
    }
}
