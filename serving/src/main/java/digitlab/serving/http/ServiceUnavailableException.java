package digitlab.serving.http;

/** 503: The server cannot answer yet, e.g. no model is loaded. */
public class ServiceUnavailableException extends ApiException {
    public ServiceUnavailableException(String message) {
        super(503, message);
    }
}
