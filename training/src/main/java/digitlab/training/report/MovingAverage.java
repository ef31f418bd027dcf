package digitlab.training.report;

/** Trailing moving average: element i is the mean of values[i .. i+window-1]. */
final class MovingAverage {
    private MovingAverage() {}

    /** Uses the first {@code length} values; the result has {@code length - window + 1} points. */
    static double[] of(double[] values, int length, int window) {
        double[] out = new double[Math.max(0, length - window + 1)];
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += values[i];
            if (i >= window) {
                sum -= values[i - window];
            }
            if (i >= window - 1) {
                out[i - window + 1] = sum / window;
            }
        }
        return out;
    }
}
