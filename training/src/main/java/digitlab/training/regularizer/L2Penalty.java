package digitlab.training.regularizer;

import org.nd4j.autodiff.samediff.SDVariable;

/** Adds lambda/(2n) * sum w^2 over the weight matrices (Nielsen, ch. 3). */
final class L2Penalty implements Regularizer, WeightPenalty {
    @Override
    public String id() {
        return "l2";
    }

    @Override
    public String familyTitle() {
        return "L2 weight penalty: CE + λ/(2n) · Σw²";
    }

    @Override
    public String familyShortName() {
        return "L2";
    }

    @Override
    public String strengthFlag() {
        return "--lambda";
    }

    @Override
    public double checkStrength(double strength) {
        return Lambda.check(strength);
    }

    @Override
    public WeightPenalty weightPenalty() {
        return this;
    }

    /**
     * w*w, not sd.math.square: SameDiff's square is pow(w, 2), and powf with its derivative took
     * about 9% of a stacked grid's cycles in perf (the whole stack's weights, every step).
     */
    @Override
    public SDVariable term(SDVariable w) {
        return w.mul(w);
    }

    @Override
    public double coefficient(double lambda, int n) {
        return lambda / (2.0 * n);
    }
}
