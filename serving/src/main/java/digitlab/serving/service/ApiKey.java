package digitlab.serving.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The key predictions may ask for, checked the one way for HTTP headers and gRPC metadata alike: sent
 * as {@code X-API-Key: <key>} or {@code Authorization: Bearer <key>}. No key set means none is wanted.
 */
public final class ApiKey {
    public static final String HEADER = "X-API-Key";
    public static final String REFUSAL = "This server wants an API key for predictions: send it as '" + HEADER
            + ": <key>' or 'Authorization: Bearer <key>'.";

    private final byte[] key;

    public ApiKey(String key) {
        this.key = (key == null ? "" : key).getBytes(StandardCharsets.UTF_8);
    }

    public boolean required() {
        return key.length > 0;
    }

    /**
     * @param sent the {@value #HEADER} value, or null when absent
     * @param authorization the {@code Authorization} value, or null when absent
     */
    public boolean accepts(String sent, String authorization) {
        if (!required()) {
            return true;
        }
        if (sent == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            sent = authorization.substring(7).strip();
        }
        // Constant time: how long a refusal takes must not tell how much of a guess was right.
        return sent != null && MessageDigest.isEqual(key, sent.getBytes(StandardCharsets.UTF_8));
    }
}
