package digitlab.core.metrics;

/** Counts of (true class, predicted class) pairs. */
public final class ConfusionMatrix {
    private final int[][] counts;

    public ConfusionMatrix(int classes) {
        counts = new int[classes][classes];
    }

    public static ConfusionMatrix of(int[] labels, int[] predicted, int classes) {
        ConfusionMatrix m = new ConfusionMatrix(classes);
        for (int i = 0; i < labels.length; i++) {
            m.counts[labels[i]][predicted[i]]++;
        }
        return m;
    }

    public int count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** Of the examples of class {@code c}, the percent predicted as {@code c}. */
    public double recallPercent(int c) {
        int total = 0;
        for (int n : counts[c]) {
            total += n;
        }
        return total == 0 ? Double.NaN : 100.0 * counts[c][c] / total;
    }

    public int[][] toArray() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }
}
