package digitlab.training.train;

import digitlab.training.checkpoint.SavableRandom;
import java.util.Random;

/**
 * The random streams a run draws from, all derived from its seed, each its own so that one concern
 * drawing more or less never shifts another's numbers: the initial weights draw from
 * {@code new Random(seed)}, the rest from these. Runs with the same seed are paired: same start,
 * same batches. They are {@link SavableRandom}s (java.util.Random's numbers), so a checkpoint can
 * save where each had got to.
 */
public final class SeedStreams {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private SeedStreams() {}

    /** The seed's stream of batch orders. */
    public static SavableRandom batchOrder(long seed) {
        return new SavableRandom(seed * GOLDEN + 1);
    }

    /** The seed's stream of dropout masks. */
    public static SavableRandom dropoutMasks(long seed) {
        return new SavableRandom(seed * GOLDEN + 2);
    }

    /** The seed's stream of image distortions. */
    public static SavableRandom augmentation(long seed) {
        return new SavableRandom(seed * GOLDEN + 3);
    }

    /** The seed's stream of the distortions real inputs add (strokes, warps, crops, scans). */
    public static SavableRandom inkDistortions(long seed) {
        return new SavableRandom(seed * GOLDEN + 4);
    }

    /** A Fisher-Yates shuffle of 0..n-1 drawn from {@code rng}: one epoch's batch order. */
    public static int[] permutation(int n, Random rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
