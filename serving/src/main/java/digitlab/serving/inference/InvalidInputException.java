package digitlab.serving.inference;

/** Input that does not follow the model contract (wrong length, NaN, out of [0, 1]); the message says which. */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }
}
