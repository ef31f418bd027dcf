package digitlab.serving.image;

/**
 * How much image work one request may still make the server do. The per-image limits alone let a
 * 128 KB request of 20 small files that each declare 4096x4096 cost 9 CPU-seconds; a budget per
 * request caps the sum, in the two currencies decoding costs: pixels declared (each one inflated,
 * even when subsampled) and pixels decoded (each one also preprocessed, several times dearer).
 * Not thread-safe: one request's images are decoded on one thread.
 */
public final class PixelBudget {
    /** Decoded pixels per request: 16 images at the largest decoded size, about 0.5 CPU-s here. */
    public static final long DEFAULT_DECODED_PIXELS = 16 * ImageDecoder.DECODED_PIXELS;

    private final long declaredTotal;
    private final long decodedTotal;
    private long declaredLeft;
    private long decodedLeft;

    public PixelBudget(long declaredPixels, long decodedPixels) {
        this.declaredTotal = declaredPixels;
        this.decodedTotal = decodedPixels;
        this.declaredLeft = declaredPixels;
        this.decodedLeft = decodedPixels;
    }

    /** Takes one image's pixels from the budget, or refuses the image (413) when they are not there. */
    void spend(long declared, long decoded) {
        if (declared > declaredLeft) {
            throw new ImageTooLargeException("The request's images declare more than " + declaredTotal
                    + " pixels in all; send fewer or smaller images.");
        }
        if (decoded > decodedLeft) {
            throw new ImageTooLargeException("The request's images need more than " + decodedTotal
                    + " pixels decoded in all; send fewer images, or batches of 28x28 pixels as JSON.");
        }
        declaredLeft -= declared;
        decodedLeft -= decoded;
    }
}
