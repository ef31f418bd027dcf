package digitlab.serving.http;

/** 408: The client sent its body too slowly, or stopped sending it. */
public class RequestTimeoutException extends ApiException {
    public RequestTimeoutException(String message) {
        super(408, message);
    }
}
