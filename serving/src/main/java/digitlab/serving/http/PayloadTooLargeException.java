package digitlab.serving.http;

/** 413: A body or an image larger than the server's limits. */
public class PayloadTooLargeException extends ApiException {
    public PayloadTooLargeException(String message) {
        super(413, message);
    }
}
