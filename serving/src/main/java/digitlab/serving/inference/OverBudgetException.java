package digitlab.serving.inference;

/**
 * A request that asks for more than one request may cost (too many digits at once). Over HTTP it is a
 * 400 like other input the server will not answer; gRPC has a status of its own for it,
 * RESOURCE_EXHAUSTED.
 */
public class OverBudgetException extends RuntimeException {
    public OverBudgetException(String message) {
        super(message, null, false, false);
    }
}
