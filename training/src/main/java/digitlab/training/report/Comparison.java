package digitlab.training.report;

/**
 * The difference between two run names' mean figures, judged against the seed-to-seed spread.
 * The yardstick is the larger of the two stds: a difference within it could come from the seed
 * alone. This is a plain rule of thumb, not a significance test, and the report says so.
 */
public record Comparison(double difference, double noise) {

    public enum Verdict {
        /** At least one side has a single seed: no spread to compare with. */
        NO_SPREAD,
        WITHIN_NOISE,
        SUGGESTIVE,
        CLEAR
    }

    public static Comparison of(MeanStd a, MeanStd b) {
        double noise = a.hasStd() && b.hasStd() ? Math.max(a.std(), b.std()) : Double.NaN;
        return new Comparison(a.mean() - b.mean(), noise);
    }

    public Verdict verdict() {
        if (Double.isNaN(noise)) {
            return Verdict.NO_SPREAD;
        }
        double size = Math.abs(difference);
        if (size <= noise) {
            return Verdict.WITHIN_NOISE;
        }
        return size <= 2 * noise ? Verdict.SUGGESTIVE : Verdict.CLEAR;
    }

    /** "+1.90 points, 2.4× the seed std of 0.80: a clear difference". */
    public String describe() {
        String points = Numbers.signed(difference) + " points";
        return switch (verdict()) {
            case NO_SPREAD -> points + ", single seed: cannot be told apart from seed noise";
            case WITHIN_NOISE -> points + ", within the seed-to-seed std of " + Numbers.two(noise) + ": not meaningful";
            case SUGGESTIVE -> points + ", " + Numbers.one(Math.abs(difference) / noise) + "× the seed std of "
                    + Numbers.two(noise) + ": suggestive, not conclusive";
            case CLEAR -> points + ", " + Numbers.one(Math.abs(difference) / noise) + "× the seed std of "
                    + Numbers.two(noise) + ": a clear difference";
        };
    }
}
