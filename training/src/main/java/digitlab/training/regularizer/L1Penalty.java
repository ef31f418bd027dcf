package digitlab.training.regularizer;

import org.nd4j.autodiff.samediff.SDVariable;

/** Adds lambda/n * sum|w| over the weight matrices (Nielsen, ch. 3). */
final class L1Penalty implements Regularizer, WeightPenalty {
    @Override
    public String id() {
        return "l1";
    }

    @Override
    public String familyTitle() {
        return "L1 weight penalty: CE + λ/n · Σ|w|";
    }

    @Override
    public String familyShortName() {
        return "L1";
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

    @Override
    public SDVariable term(SDVariable w) {
        return w.getSameDiff().math.abs(w);
    }

    @Override
    public double coefficient(double lambda, int n) {
        return lambda / n;
    }
}
