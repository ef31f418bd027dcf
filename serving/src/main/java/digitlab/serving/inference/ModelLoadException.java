package digitlab.serving.inference;

/** A model file that cannot be served: unreadable, not ONNX, or not following the model contract. */
public class ModelLoadException extends Exception {
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    public ModelLoadException(String message) {
        super(message);
    }
}
