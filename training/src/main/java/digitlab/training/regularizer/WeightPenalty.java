package digitlab.training.regularizer;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A loss term {@code coefficient(lambda, n) * sum over every weight matrix of term(w)}, added to each
 * run's data loss (biases are not penalised, as in Nielsen's chapter 3).
 */
public interface WeightPenalty {
    /**
     * The elementwise term summed over {@code dimensions} of {@code w} (all of them when none are
     * given), e.g. {@code sum |w|}: one reduction op, whose gradient is one op too. SameDiff pays
     * for every op of every step: a stack of four CE runs took 66 ms of CPU per epoch, with one of
     * them L2 as {@code w*w} then summed 100 ms, as this squared norm 82 ms (same bytes trained).
     */
    SDVariable sum(SDVariable w, int... dimensions);

    /** The factor of the summed term for strength {@code lambda} and {@code n} training images, e.g. {@code lambda/n}. */
    double coefficient(double lambda, int n);
}
