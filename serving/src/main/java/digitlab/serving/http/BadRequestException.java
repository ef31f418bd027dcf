package digitlab.serving.http;

/** 400: Input the server cannot read as a digit or a request it does not understand. */
public class BadRequestException extends ApiException {
    public BadRequestException(String message) {
        super(400, message);
    }
}
