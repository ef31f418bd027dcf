package digitlab.serving.inference;

/** The registry serves nothing yet: the folder is empty or every file in it failed to load. */
public class NoModelLoadedException extends RuntimeException {
    public NoModelLoadedException(String message) {
        super(message);
    }
}
