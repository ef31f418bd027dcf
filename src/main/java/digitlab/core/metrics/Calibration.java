package digitlab.core.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * How far a classifier's probabilities can be trusted, from its softmax outputs on labelled examples.
 * The confidence of an answer is its largest probability. Confidences fall into {@value #BINS}
 * equal-width bins, ((m-1)/15, m/15] for m = 1..15 (Guo et al. 2017, "On Calibration of Modern Neural
 * Networks"); a well-calibrated model is right on 90% of the answers it gives with confidence 0.9.
 * The server and the training report compute calibration with this class, so they agree.
 *
 * @param images examples measured
 * @param ecePercent expected calibration error: over the bins, each bin's share of the examples times
 *     |its accuracy - its mean confidence|, in percentage points (0 is perfect)
 * @param nll mean negative log-likelihood of the true class, in nats; a probability below
 *     {@link #PROBABILITY_FLOOR} counts as that floor, so one saturated wrong answer stays finite
 * @param bins the reliability diagram: one entry per bin, empty bins included
 */
public record Calibration(int images, double ecePercent, double nll, List<Bin> bins) {
    public static final int BINS = 15;
    /** The smallest normal float32: a softmax output of exactly 0 underflowed below it. */
    public static final double PROBABILITY_FLOOR = Float.MIN_NORMAL;

    /**
     * One confidence bin of the reliability diagram.
     *
     * @param lower the bin's exclusive lower end; {@code upper} its inclusive upper end
     * @param count examples whose confidence falls in the bin
     * @param meanConfidence their mean confidence, in percent; null for an empty bin
     * @param accuracy percent of them answered correctly; null for an empty bin
     */
    public record Bin(double lower, double upper, int count, Double meanConfidence, Double accuracy) {}

    /**
     * @param probabilities row-major {@code [labels.length, classes]} probabilities, each row summing to 1
     * @param labels the true class of each row
     */
    public static Calibration of(float[] probabilities, int[] labels, int classes) {
        if (labels.length == 0 || probabilities.length != labels.length * classes) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for " + labels.length
                    + " labels of " + classes + " classes.");
        }
        int[] count = new int[BINS];
        int[] correct = new int[BINS];
        double[] confidenceSum = new double[BINS];
        double logLikelihood = 0;
        for (int r = 0; r < labels.length; r++) {
            int offset = r * classes;
            int predicted = Predictions.argmax(probabilities, offset, classes);
            double confidence = probabilities[offset + predicted];
            int bin = binOf(confidence);
            count[bin]++;
            confidenceSum[bin] += confidence;
            if (predicted == labels[r]) {
                correct[bin]++;
            }
            logLikelihood += Math.log(Math.max(probabilities[offset + labels[r]], PROBABILITY_FLOOR));
        }
        double ece = 0;
        List<Bin> bins = new ArrayList<>(BINS);
        for (int m = 0; m < BINS; m++) {
            Double meanConfidence = null;
            Double accuracy = null;
            if (count[m] > 0) {
                meanConfidence = 100.0 * confidenceSum[m] / count[m];
                accuracy = 100.0 * correct[m] / count[m];
                ece += (double) count[m] / labels.length * Math.abs(accuracy - meanConfidence);
            }
            bins.add(new Bin((double) m / BINS, (double) (m + 1) / BINS, count[m], meanConfidence, accuracy));
        }
        return new Calibration(labels.length, ece, -logLikelihood / labels.length, List.copyOf(bins));
    }

    /** The bin ((m-1)/15, m/15] holding {@code confidence}, as index m-1; 0 itself goes to the first. */
    static int binOf(double confidence) {
        int upper = (int) Math.ceil(confidence * BINS);
        return Math.min(BINS, Math.max(1, upper)) - 1;
    }
}
