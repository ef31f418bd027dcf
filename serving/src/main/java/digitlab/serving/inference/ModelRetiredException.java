package digitlab.serving.inference;

/**
 * Thrown when a call reaches a model the registry has already swapped out and closed. Callers
 * take a fresh snapshot and retry, so a request that raced a reload is answered, not lost.
 */
final class ModelRetiredException extends Exception {
    ModelRetiredException(String id) {
        super("The model '" + id + "' was replaced while the call was starting.", null, false, false);
    }
}
