package digitlab.serving.http;

/**
 * 400 from a v2 readiness route: the Open Inference Protocol's health APIs answer a boolean by status
 * alone, 200 for true and a 4xx for false (Triton answers 400), so a probe or client reads "not ready"
 * without parsing a body. The body still says why.
 */
public class NotReadyException extends ApiException {
    public NotReadyException(String message) {
        super(400, message);
    }
}
