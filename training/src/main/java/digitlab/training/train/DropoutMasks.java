package digitlab.training.train;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

    /** A fresh {@code [rows, width]} mask of zeros and 1/keep. */
    public INDArray draw(int rows, int width) {
        float[] m = new float[rows * width];
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.nextFloat() < keep ? scale : 0f;
        }
        return Nd4j.create(m, new long[] {rows, width}, 'c');
    }

    /** The evaluation mask: all ones, the identity. */
    public static INDArray ones(int rows, int width) {
        return Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, rows, width);
    }
}
