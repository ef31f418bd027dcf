package digitlab.serving.http;

import java.util.List;

/**
 * The limits and policies of the HTTP layer.
 *
 * @param maxBodyBytes larger request bodies are refused with 413
 * @param maxImageSide larger image widths or heights are refused with 413, read from the header
 * @param maxImagePixels larger width x height is refused with 413
 * @param maxRequestPixels image pixels one request may hold in all, over all its images; more is refused with 413
 * @param corsOrigins origins allowed to call the API from a browser; {@code *} allows any; empty allows none
 * @param apiKey when not empty, the prediction and model routes want it as {@code Authorization: Bearer <key>}
 *     or {@code X-API-Key}; health and metrics stay open for probes
 * @param defaultModel the model answering requests that name none, while it is served; empty for the best one
 */
public record ServingSettings(long maxBodyBytes, int maxImageSide, long maxImagePixels, long maxRequestPixels,
        List<String> corsOrigins, String apiKey, String defaultModel) {
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_MAX_IMAGE_SIDE = 4096;
    /** Two images of the largest size: see docs/hardening.md for what the worst request then costs. */
    public static final long DEFAULT_MAX_REQUEST_PIXELS = 2L * DEFAULT_MAX_IMAGE_SIDE * DEFAULT_MAX_IMAGE_SIDE;

    public ServingSettings {
        corsOrigins = List.copyOf(corsOrigins);
        apiKey = apiKey == null ? "" : apiKey;
        defaultModel = defaultModel == null ? "" : defaultModel;
    }

    public ServingSettings(long maxBodyBytes, int maxImageSide, long maxImagePixels, long maxRequestPixels,
            List<String> corsOrigins, String apiKey) {
        this(maxBodyBytes, maxImageSide, maxImagePixels, maxRequestPixels, corsOrigins, apiKey, "");
    }

    public static ServingSettings defaults() {
        return new ServingSettings(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_IMAGE_SIDE,
                (long) DEFAULT_MAX_IMAGE_SIDE * DEFAULT_MAX_IMAGE_SIDE, DEFAULT_MAX_REQUEST_PIXELS, List.of(), "");
    }

    public ServingSettings withMaxBodyBytes(long bytes) {
        return new ServingSettings(bytes, maxImageSide, maxImagePixels, maxRequestPixels, corsOrigins, apiKey,
                defaultModel);
    }

    public ServingSettings withCorsOrigins(List<String> origins) {
        return new ServingSettings(maxBodyBytes, maxImageSide, maxImagePixels, maxRequestPixels, origins, apiKey,
                defaultModel);
    }

    public ServingSettings withApiKey(String key) {
        return new ServingSettings(maxBodyBytes, maxImageSide, maxImagePixels, maxRequestPixels, corsOrigins, key,
                defaultModel);
    }

    public ServingSettings withDefaultModel(String id) {
        return new ServingSettings(maxBodyBytes, maxImageSide, maxImagePixels, maxRequestPixels, corsOrigins, apiKey,
                id);
    }
}
