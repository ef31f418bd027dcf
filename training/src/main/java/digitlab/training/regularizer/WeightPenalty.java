package digitlab.training.regularizer;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss term {@code coefficient(lambda, n) * sum over every weight matrix of term(w)}, added to each
 * run's data loss (biases are not penalised, as in Nielsen's chapter 3). The trainer adds its
 * gradient to each weight matrix's gradient before the updater, rather than the term to the graph:
 * see {@code digitlab.training.model.WeightPenalties} for why.
 */
public interface WeightPenalty {
    /**
     * Adds the gradient of {@code coefficient * sum term(w)} to {@code gradient}, in place, element
     * by element: L1's {@code coefficient * sign(w)}, L2's {@code 2 * coefficient * w}.
     */
    void addGradient(INDArray w, INDArray gradient, float coefficient);

    /** The factor of the summed term for strength {@code lambda} and {@code n} training images, e.g. {@code lambda/n}. */
    double coefficient(double lambda, int n);
}
