package digitlab.serving.http;

import java.util.List;

/**
 * The limits and policies of the HTTP layer.
 *
 * @param maxBodyBytes larger request bodies are refused with 413
 * @param maxImageSide larger image widths or heights are refused with 413, read from the header
 * @param maxImagePixels larger width x height is refused with 413
 * @param corsOrigins origins allowed to call the API from a browser; {@code *} allows any; empty allows none
 */
public record ServingSettings(long maxBodyBytes, int maxImageSide, long maxImagePixels, List<String> corsOrigins) {
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    public static final int DEFAULT_MAX_IMAGE_SIDE = 4096;

    public static ServingSettings defaults() {
        return new ServingSettings(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_IMAGE_SIDE,
                (long) DEFAULT_MAX_IMAGE_SIDE * DEFAULT_MAX_IMAGE_SIDE, List.of());
    }

    public ServingSettings withMaxBodyBytes(long bytes) {
        return new ServingSettings(bytes, maxImageSide, maxImagePixels, corsOrigins);
    }

    public ServingSettings withCorsOrigins(List<String> origins) {
        return new ServingSettings(maxBodyBytes, maxImageSide, maxImagePixels, List.copyOf(origins));
    }
}
