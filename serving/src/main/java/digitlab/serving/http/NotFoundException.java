package digitlab.serving.http;

/** 404: A model or route that does not exist. */
public class NotFoundException extends ApiException {
    public NotFoundException(String message) {
        super(404, message);
    }
}
