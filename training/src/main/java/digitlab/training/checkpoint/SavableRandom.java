package digitlab.training.checkpoint;

import java.util.Random;

/**
 * A {@link Random} whose state can be saved and set again, so a checkpoint can hold where each of
 * the trainer's streams (batch order, dropout masks, distortions) had got to. It draws exactly the
 * numbers {@code new Random(seed)} draws: {@code next(bits)} is the same 48-bit linear congruential
 * step, and every other method of Random is built on it. (java.util.Random keeps its state private,
 * and java.base does not open it to reflection.) The Gaussian cache is the one thing it does not
 * save: {@link #state()} refuses while a Gaussian is cached, and the trainer draws none.
 *
 * <p>Not thread-safe, unlike Random: each stream belongs to the one thread that trains its stack,
 * and the dropout masks draw millions of numbers per epoch: with a lock per draw, {@code next} was
 * 3.4% of the CPU samples of the reference grid's training (async-profiler, 2026-12-06), without
 * it the JIT inlines it into the mask loop.
 */
public final class SavableRandom extends Random {
    private static final long serialVersionUID = 1L;
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;

    /** Set by {@link #setSeed}, which Random's constructor calls: no initializer may overwrite it. */
    private long state;
    private boolean gaussianCached;

    public SavableRandom(long seed) {
        super(seed);
    }

    @Override
    public void setSeed(long seed) {
        super.setSeed(seed);
        state = (seed ^ MULTIPLIER) & MASK;
        gaussianCached = false;
    }

    @Override
    protected int next(int bits) {
        state = (state * MULTIPLIER + ADDEND) & MASK;
        return (int) (state >>> (48 - bits));
    }

    @Override
    public double nextGaussian() {
        gaussianCached = !gaussianCached;
        return super.nextGaussian();
    }

    /** The 48-bit state: {@link #restore} with it continues the stream exactly from here. */
    public long state() {
        if (gaussianCached) {
            throw new IllegalStateException("A cached Gaussian cannot be saved: draw Gaussians in pairs before a checkpoint");
        }
        return state;
    }

    public void restore(long savedState) {
        if ((savedState & ~MASK) != 0) {
            throw new IllegalArgumentException("A random state has 48 bits, not " + Long.toHexString(savedState));
        }
        setSeed(savedState ^ MULTIPLIER);
    }
}
