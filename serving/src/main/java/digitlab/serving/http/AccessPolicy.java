package digitlab.serving.http;

import digitlab.serving.service.ApiKey;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;

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
    static final String API_KEY_HEADER = ApiKey.HEADER;

    private final ApiKey apiKey;

    AccessPolicy(String apiKey) {
        this.apiKey = new ApiKey(apiKey);
    }

    static void securityHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }

    /** Whether the server was given a key, so that the prediction routes want it. */
    boolean keyRequired() {
        return apiKey.required();
    }

    /** For the prediction routes: refuses a request without the key when the server has one. */
    void requireKey(Context ctx) {
        if (!apiKey.required() || !ctx.method().name().equals("POST")) {
            return;
        }
        if (!apiKey.accepts(ctx.header(API_KEY_HEADER), ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new UnauthorizedResponse(ApiKey.REFUSAL);
        }
    }
}
