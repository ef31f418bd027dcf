package digitlab.serving.image;

/**
 * A picture's order statistics from counts in equal bins instead of a sort: sorting a photo's
 * pixels cost more than all the rest of its preprocessing. Every median, tail and threshold the
 * preprocessor takes of many pixels is read here.
 */
final class Histogram {
    /** The median's resolution: paper levels to 1/1024. */
    private static final int MEDIAN_BINS = 1024;
    /** Otsu's resolution: a threshold to 1/256, a byte's levels. */
    private static final int OTSU_BINS = 256;

    private Histogram() {}

    /** The counts of {@code values} in {@code bins} equal bins over [lo, hi]; a value outside counts in the nearer end bin. */
    static int[] of(float[] values, float lo, float hi, int bins) {
        int[] hist = new int[bins];
        float span = hi - lo;
        for (float v : values) {
            hist[Math.min(bins - 1, Math.max(0, (int) ((v - lo) / span * bins)))]++;
        }
        return hist;
    }

    /** The first bin at which the running count reaches {@code rank}. */
    static int quantileBin(int[] hist, double rank) {
        long seen = 0;
        for (int b = 0; b < hist.length; b++) {
            seen += hist[b];
            if (seen >= rank) {
                return b;
            }
        }
        return hist.length - 1;
    }

    /** The median of values in [0, 1], to 1/1024: the centre of the bin it falls in. */
    static float median(float[] values) {
        int[] hist = of(values, 0, 1, MEDIAN_BINS);
        return (quantileBin(hist, values.length / 2.0) + 0.5f) / MEDIAN_BINS;
    }

    /** Otsu's threshold of values in [0, 1]: the level that best splits them into two classes (most between-class variance). */
    static float otsu(float[] values) {
        int[] hist = of(values, 0, 1, OTSU_BINS);
        double total = values.length;
        double sumAll = 0;
        for (int b = 0; b < OTSU_BINS; b++) {
            sumAll += b * (double) hist[b];
        }
        double weightBelow = 0;
        double sumBelow = 0;
        double best = -1;
        int bestBin = 0;
        for (int b = 0; b < OTSU_BINS; b++) {
            weightBelow += hist[b];
            if (weightBelow == 0) {
                continue;
            }
            double weightAbove = total - weightBelow;
            if (weightAbove == 0) {
                break;
            }
            sumBelow += b * (double) hist[b];
            double meanBelow = sumBelow / weightBelow;
            double meanAbove = (sumAll - sumBelow) / weightAbove;
            double between = weightBelow * weightAbove * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (between > best) {
                best = between;
                bestBin = b;
            }
        }
        return (bestBin + 1f) / OTSU_BINS;
    }
}
