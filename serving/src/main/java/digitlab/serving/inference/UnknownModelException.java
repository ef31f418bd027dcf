package digitlab.serving.inference;

/** A model id that the registry does not serve (never loaded, removed, or failed to load). */
public class UnknownModelException extends RuntimeException {
    public UnknownModelException(String message) {
        super(message);
    }
}
