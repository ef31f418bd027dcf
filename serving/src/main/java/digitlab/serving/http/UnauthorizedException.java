package digitlab.serving.http;

/** 401: The server wants an API key for this route and the request had none, or the wrong one. */
public class UnauthorizedException extends ApiException {
    public UnauthorizedException(String message) {
        super(401, message);
    }
}
