package digitlab.training.train;

import java.util.Random;

/**
 * Inverted-dropout masks drawn from the trainer's seeded RNG: each unit is kept with probability
 * keep = 1 - p and then scaled by 1/keep, so the expected activation is unchanged and evaluation
 * uses a mask of ones (no dropout, no rescaling).
 */
public final class DropoutMasks {
    private final Random rng;
    private final float keep;
    private final float scale;

    public DropoutMasks(Random rng, double dropProbability) {
        this.rng = rng;
        this.keep = (float) (1.0 - dropProbability);
        this.scale = 1f / keep;
    }

    /** The next {@code count} mask values, each 0 or 1/keep. */
    public float[] drawValues(int count) {
        float[] m = new float[count];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextFloat() < keep ? scale : 0f;
        }
        return m;
    }
}
