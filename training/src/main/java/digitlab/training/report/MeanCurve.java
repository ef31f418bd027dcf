package digitlab.training.report;

import digitlab.core.metrics.MeanStd;

/**
 * A metric's mean and std over seeds at each epoch. Seeds that stopped early simply stop
 * contributing, so {@code n[e]} says how many seeds epoch {@code e} rests on.
 */
public record MeanCurve(Metric metric, double[] mean, double[] std, int[] n) {

    public int length() {
        return mean.length;
    }

    public MeanStd at(int epoch) {
        return new MeanStd(mean[epoch], std[epoch], n[epoch]);
    }
}
