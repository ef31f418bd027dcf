package digitlab.serving.image;

/** Bytes that cannot be turned into a digit: not an image, a broken one, or a blank one. */
public class ImageRejectedException extends RuntimeException {
    public ImageRejectedException(String message) {
        super(message);
    }
}
