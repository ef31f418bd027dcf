package digitlab.core.metrics;

/** Turning class scores into predictions and accuracy; the same maths for trainer and server. */
public final class Predictions {
    private Predictions() {}

    /** Index of the largest of {@code classes} scores starting at {@code offset}; first wins ties. */
    public static int argmax(float[] scores, int offset, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (scores[offset + c] > scores[offset + best]) {
                best = c;
            }
        }
        return best;
    }

    /** Row-wise argmax of a row-major {@code [rows, classes]} array. */
    public static int[] argmaxRows(float[] scores, int classes) {
        int[] out = new int[scores.length / classes];
        for (int r = 0; r < out.length; r++) {
            out[r] = argmax(scores, r * classes, classes);
        }
        return out;
    }

    /** Percent of {@code predicted} equal to {@code labels}. */
    public static double accuracyPercent(int[] predicted, int[] labels) {
        if (predicted.length != labels.length || labels.length == 0) {
            throw new IllegalArgumentException(
                    predicted.length + " predictions for " + labels.length + " labels.");
        }
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return 100.0 * correct / labels.length;
    }
}
