package digitlab.serving.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * What every response says about itself to browsers, and who may ask for predictions. Health,
 * readiness and metrics stay open whatever the key, so probes and scrapers need no secret.
 */
final class AccessPolicy {
    /**
     * The page and the API docs load their scripts and styles from this server only (the docs' one
     * inline script is served as /swagger-init.js for that); Swagger UI sets inline styles and draws
     * icons from data: URLs.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: blob:; "
            + "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            + "form-action 'self'";
    static final String API_KEY_HEADER = "X-API-Key";

    private final byte[] apiKey;

    AccessPolicy(String apiKey) {
        this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
    }

    static void securityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }

    /** For the prediction routes: refuses a request without the key when the server has one. */
    void requireKey(Context ctx) {
        if (apiKey.length == 0 || !ctx.method().name().equals("POST")) {
            return;
        }
        String sent = ctx.header(API_KEY_HEADER);
        String authorization = ctx.header("Authorization");
        if (sent == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            sent = authorization.substring(7).strip();
        }
        // Constant time: how long a refusal takes must not tell how much of a guess was right.
        if (sent == null || !MessageDigest.isEqual(apiKey, sent.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new UnauthorizedException("This server wants an API key for predictions: send it as '"
                    + API_KEY_HEADER + ": <key>' or 'Authorization: Bearer <key>'.");
        }
    }
}
