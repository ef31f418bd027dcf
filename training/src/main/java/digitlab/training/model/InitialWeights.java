package digitlab.training.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A seed's starting network: PyTorch nn.Linear's default, U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
public final class InitialWeights {
    private InitialWeights() {}

    /**
     * The initial weights and biases, {@code [w0, b0, w1, b1, ...]}, drawn from {@code rng} in that
     * order: a seed always gives the same starting network, whatever the run's objective.
     */
    public static List<INDArray> draw(int[] layers, Random rng) {
        List<INDArray> params = new ArrayList<>();
        for (int l = 0; l + 1 < layers.length; l++) {
            params.add(uniform(rng, layers[l], layers[l], layers[l + 1]));
            params.add(uniform(rng, layers[l], layers[l + 1]));
        }
        return params;
    }

    /** Drawn in row-major order. */
    private static INDArray uniform(Random rng, int fanIn, long... shape) {
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
