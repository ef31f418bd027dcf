package digitlab.serving.inference;

/** ONNX Runtime failed on input that passed the contract checks: a server-side fault, not the client's. */
public class InferenceFailedException extends RuntimeException {
    public InferenceFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
