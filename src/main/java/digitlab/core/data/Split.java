package digitlab.core.data;

import digitlab.core.cli.UsageException;

/**
 * Which examples a run trains and tests on: the first {@code trainSize} training images and the
 * first {@code testSize} test images.
 */
public record Split(String name, int trainSize, int testSize) {
    /** The reference study's deliberately small split, to study overfitting. */
    public static final Split SEED = new Split("seed", 1000, 2000);
    public static final Split FULL = new Split("full", 60000, 10000);

    public Split {
        if (trainSize <= 0 || testSize <= 0) {
            throw new UsageException("A split needs at least one training and one test example.");
        }
    }

    /** {@code seed} or {@code full}; fails with a sentence naming the choices. */
    public static Split named(String name) {
        return switch (name) {
            case "seed" -> SEED;
            case "full" -> FULL;
            default -> throw new UsageException(
                    "Unknown split '" + name + "': choose 'seed' (1000/2000) or 'full' (60000/10000).");
        };
    }

    /** The same split with other sizes, keeping the name so a run says where it started from. */
    public Split withSizes(Integer train, Integer test) {
        return new Split(name, train == null ? trainSize : train, test == null ? testSize : test);
    }
}
