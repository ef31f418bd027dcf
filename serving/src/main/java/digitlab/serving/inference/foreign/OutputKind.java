package digitlab.serving.inference.foreign;

import java.util.Locale;

/**
 * What a model's ten numbers per digit are, and how they become the probabilities the server answers.
 *
 * <p>The rule when nothing is declared ({@link #AUTO}), row by row: a row that already is a probability
 * distribution (every value in [0, 1] and their sum 1, both within 1e-3) is kept as it is; any other row goes
 * through softmax. Softmax turns logits into probabilities, and log-probabilities back into exactly the
 * probabilities they came from ({@code softmax(log p) = p}), so the two need not be told apart to be
 * served right; {@link #seenIn} names which one a row looked like, for {@code /models}.
 */
public enum OutputKind {
    AUTO, PROBABILITIES, LOGITS, LOG_PROBABILITIES;

    private static final double TOLERANCE = 1e-3;

    public static OutputKind parse(String text) {
        for (OutputKind k : values()) {
            if (k.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("output '" + text + "' is none of auto, probabilities, logits, "
                + "log-probabilities");
    }

    /** As written in a declaration: {@code log-probabilities}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Turns {@code values[offset, offset + classes)} into probabilities in place. */
    public void toProbabilities(float[] values, int offset, int classes) {
        boolean softmax = switch (this) {
            case PROBABILITIES -> false;
            case LOGITS, LOG_PROBABILITIES -> true;
            case AUTO -> !isDistribution(values, offset, classes);
        };
        if (softmax) {
            softmax(values, offset, classes);
        }
    }

    /** Which kind the row looks like: probabilities, log-probabilities, or (anything else) logits. */
    public static OutputKind seenIn(float[] values, int offset, int classes) {
        if (isDistribution(values, offset, classes)) {
            return PROBABILITIES;
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            if (values[offset + c] > TOLERANCE) {
                return LOGITS;
            }
            sum += Math.exp(values[offset + c]);
        }
        return Math.abs(sum - 1) <= TOLERANCE ? LOG_PROBABILITIES : LOGITS;
    }

    private static boolean isDistribution(float[] values, int offset, int classes) {
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            float v = values[offset + c];
            // A probability a float sum left at 1.0000001 is still one.
            if (!(v >= -TOLERANCE && v <= 1 + TOLERANCE)) {
                return false;
            }
            sum += v;
        }
        return Math.abs(sum - 1) <= TOLERANCE;
    }

    private static void softmax(float[] values, int offset, int classes) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, values[offset + c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(values[offset + c] - max);
        }
        for (int c = 0; c < classes; c++) {
            values[offset + c] = (float) (Math.exp(values[offset + c] - max) / sum);
        }
    }
}
