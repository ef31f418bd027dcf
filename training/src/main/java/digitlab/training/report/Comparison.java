package digitlab.training.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Two settings compared seed by seed: seed s of both starts from the same weights and sees the same
 * batches, so their difference on seed s is the regularizer's effect plus that seed's own noise.
 * The mean of those paired differences comes with its 95% Student-t interval over the n seeds both
 * settings ran; an interval that holds 0 cannot tell the two apart.
 *
 * @param difference mean over seeds of (a - b), in points
 * @param halfWidth half the width of the 95% interval of that mean; NaN for fewer than 2 seeds
 * @param n seeds both settings ran
 */
public record Comparison(double difference, double halfWidth, int n) {

    public enum Verdict {
        /** Fewer than two paired seeds: no spread to judge by. */
        NO_SPREAD,
        /** The 95% interval holds 0. */
        WITHIN_NOISE,
        /** The 95% interval excludes 0. */
        CLEAR
    }

    /** 97.5% quantiles of Student's t for 1..30 degrees of freedom: the two-sided 95% interval. */
    private static final double[] T_975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    /** {@code metric} of a against b at zero-based {@code epoch}, over the seeds both reached it with. */
    public static Comparison of(SeedGroup a, SeedGroup b, Metric metric, int epoch) {
        List<Double> differences = new ArrayList<>();
        for (RunOnDisk ra : a.runsWithData()) {
            for (RunOnDisk rb : b.runsWithData()) {
                if (ra.seed() == rb.seed() && ra.rows().size() > epoch && rb.rows().size() > epoch) {
                    differences.add(metric.of(ra.rows().get(epoch)) - metric.of(rb.rows().get(epoch)));
                }
            }
        }
        return ofDifferences(differences.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The two summaries' final figures, at the last epoch both reached. */
    public static Comparison ofLast(RunSummary a, RunSummary b, Metric metric) {
        return of(a.group(), b.group(), metric, Math.min(a.lastEpoch(), b.lastEpoch()));
    }

    static Comparison ofDifferences(double... d) {
        MeanStd stats = MeanStd.of(d);
        if (stats.n() < 2) {
            return new Comparison(stats.n() == 0 ? Double.NaN : stats.mean(), Double.NaN, stats.n());
        }
        return new Comparison(stats.mean(), t975(stats.n() - 1) * stats.std() / Math.sqrt(stats.n()), stats.n());
    }

    /** Beyond 30 degrees of freedom the quantile falls slowly towards the normal's 1.96. */
    static double t975(int degreesOfFreedom) {
        if (degreesOfFreedom <= T_975.length) {
            return T_975[degreesOfFreedom - 1];
        }
        return degreesOfFreedom <= 60 ? 2.000 : degreesOfFreedom <= 120 ? 1.980 : 1.960;
    }

    public Verdict verdict() {
        if (Double.isNaN(halfWidth)) {
            return Verdict.NO_SPREAD;
        }
        return Math.abs(difference) <= halfWidth ? Verdict.WITHIN_NOISE : Verdict.CLEAR;
    }

    /** "+1.90 points (95% interval +1.20 to +2.60, paired over 3 seeds): a clear difference". */
    public String describe() {
        String points = Numbers.signed(difference) + " points";
        return switch (verdict()) {
            case NO_SPREAD -> points + ", " + (n == 1 ? "a single paired seed" : "no paired seeds")
                    + ": cannot be told apart from seed noise";
            case WITHIN_NOISE, CLEAR -> points + " (95% interval " + Numbers.signed(difference - halfWidth) + " to "
                    + Numbers.signed(difference + halfWidth) + ", paired over " + n + " seeds): "
                    + (verdict() == Verdict.CLEAR ? "a clear difference" : "not meaningful");
        };
    }
}
