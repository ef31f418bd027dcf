package digitlab.serving.image;

/** An image whose header claims more pixels than the server decodes; refused before any pixel is allocated. */
public class ImageTooLargeException extends ImageRejectedException {
    public ImageTooLargeException(String message) {
        super(message);
    }
}
