package digitlab.serving.http;

/**
 * An HTTP error answered as {@code {"error": "..."}} with its status; the named subclasses are the
 * only way the HTTP layer fails a request on purpose.
 */
public abstract class ApiException extends RuntimeException {
    private final int status;

    protected ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
