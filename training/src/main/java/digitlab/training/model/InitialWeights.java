package digitlab.training.model;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A seed's starting network is PyTorch's default for nn.Linear and nn.Conv2d,
 * U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases, drawn layer by layer (see
 * {@link Network#initialParameters}): a seed always gives the same start, whatever the run's objective.
 */
public final class InitialWeights {
    private InitialWeights() {}

    /** An array of {@code shape} drawn from {@code rng} in row-major order. */
    static INDArray uniform(Random rng, int fanIn, long... shape) {
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = (rng.nextFloat() * 2f - 1f) * bound;
        }
        return Nd4j.create(values, shape, 'c');
    }
}
