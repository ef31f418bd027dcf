package digitlab.core.cli;

/**
 * A flag or value the user gave is wrong: {@link Cli} prints its message and exits 2. Thrown only
 * where flags and their values are checked, so that an {@code IllegalArgumentException} from a
 * library or from our own invariants counts as a failure (exit 1), not as the user's mistake. It is
 * an {@code IllegalArgumentException} so that value checks read the same to callers outside a CLI.
 */
public class UsageException extends IllegalArgumentException {
    public UsageException(String message) {
        super(message);
    }
}
