package digitlab.core.metrics;

import java.util.Locale;

/**
 * The mean of paired differences (setting a minus setting b, one difference per seed both ran) with
 * its 95% Student-t interval over the n pairs. Seed s of two settings starts from the same weights
 * and sees the same batches, so pairing removes the seed's own luck from the comparison; an
 * interval that holds 0 cannot tell the two settings apart. The training report and the server's
 * leaderboard both judge differences with this class, so they say the same thing of the same runs.
 *
 * @param mean mean over pairs of (a - b), in points
 * @param halfWidth half the width of the 95% interval of that mean; NaN for fewer than 2 pairs
 * @param n pairs (seeds both settings ran)
 */
public record PairedDifference(double mean, double halfWidth, int n) {

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

    /** From the differences themselves, one per paired seed. */
    public static PairedDifference of(double... differences) {
        MeanStd stats = MeanStd.of(differences);
        if (stats.n() < 2) {
            return new PairedDifference(stats.mean(), Double.NaN, stats.n());
        }
        return new PairedDifference(stats.mean(), t975(stats.n() - 1) * stats.std() / Math.sqrt(stats.n()), stats.n());
    }

    /** Beyond 30 degrees of freedom the quantile falls slowly towards the normal's 1.96. */
    public static double t975(int degreesOfFreedom) {
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException("Student's t needs at least 1 degree of freedom, not " + degreesOfFreedom + ".");
        }
        if (degreesOfFreedom <= T_975.length) {
            return T_975[degreesOfFreedom - 1];
        }
        return degreesOfFreedom <= 60 ? 2.000 : degreesOfFreedom <= 120 ? 1.980 : 1.960;
    }

    public Verdict verdict() {
        if (Double.isNaN(halfWidth)) {
            return Verdict.NO_SPREAD;
        }
        return Math.abs(mean) <= halfWidth ? Verdict.WITHIN_NOISE : Verdict.CLEAR;
    }

    /** The interval's ends; NaN without spread. */
    public double low() {
        return mean - halfWidth;
    }

    public double high() {
        return mean + halfWidth;
    }

    /** "+1.90 points (95% interval +1.20 to +2.60, paired over 3 seeds): a clear difference". */
    public String describe() {
        return describe("points");
    }

    /** As {@link #describe()}, for a quantity measured in {@code unit}, e.g. "nats". */
    public String describe(String unit) {
        String points = signed(mean) + " " + unit;
        return switch (verdict()) {
            case NO_SPREAD -> points + ", " + (n == 1 ? "a single paired seed" : "no paired seeds")
                    + ": cannot be told apart from seed noise";
            case WITHIN_NOISE, CLEAR -> points + " (95% interval " + signed(low()) + " to " + signed(high())
                    + ", paired over " + n + " seeds): "
                    + (verdict() == Verdict.CLEAR ? "a clear difference" : "not meaningful");
        };
    }

    private static String signed(double value) {
        return String.format(Locale.ROOT, "%+.2f", value);
    }
}
