package digitlab.serving.inference;

/**
 * ONNX Runtime failed on input that passed the contract checks, or the model answered NaN: the
 * model's fault, not the client's. The message is safe to show (no native source paths).
 */
public class InferenceFailedException extends RuntimeException {
    private final String model;

    public InferenceFailedException(String model, String message) {
        super(message, null, false, false);
        this.model = model;
    }

    public String model() {
        return model;
    }
}
