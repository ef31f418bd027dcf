package digitlab.training.regularizer;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A loss term {@code coefficient(lambda, n) * sum over every weight matrix of term(w)}, added to each
 * run's data loss (biases are not penalised, as in Nielsen's chapter 3).
 */
public interface WeightPenalty {
    /** The elementwise term, e.g. {@code |w|}. */
    SDVariable term(SDVariable w);

    /** The factor of the summed term for strength {@code lambda} and {@code n} training images, e.g. {@code lambda/n}. */
    double coefficient(double lambda, int n);
}
