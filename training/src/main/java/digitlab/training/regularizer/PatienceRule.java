package digitlab.training.regularizer;

import digitlab.training.train.EpochMetrics;

/**
 * Keeps the epoch with the highest validation accuracy so far (the earliest of equals: a tie is no
 * improvement) and stops once {@code patience} epochs have passed without a better one. Its whole
 * state is two numbers, {@link #bestAccuracy()} and {@link #bestEpoch()}, which a checkpoint can
 * save and {@link #PatienceRule(int, double, int)} restore.
 */
public final class PatienceRule implements EpochRule {
    private final int patience;
    private double bestAccuracy;
    private int bestEpoch;

    public PatienceRule(int patience) {
        this(patience, Double.NEGATIVE_INFINITY, -1);
    }

    /** A rule resumed with the state {@link #bestAccuracy()} and {@link #bestEpoch()} had. */
    public PatienceRule(int patience, double bestAccuracy, int bestEpoch) {
        if (patience < 1) {
            throw new IllegalArgumentException("The patience must be at least 1 epoch, not " + patience + ".");
        }
        this.patience = patience;
        this.bestAccuracy = bestAccuracy;
        this.bestEpoch = bestEpoch;
    }

    @Override
    public Decision after(EpochMetrics metrics) {
        double accuracy = metrics.validationAccuracy();
        if (Double.isNaN(accuracy)) {
            throw new IllegalStateException("Early stopping needs the validation accuracy, but epoch "
                    + metrics.epoch() + " was not measured on a validation set.");
        }
        boolean better = accuracy > bestAccuracy;
        if (better) {
            bestAccuracy = accuracy;
            bestEpoch = metrics.epoch();
        }
        return new Decision(better, metrics.epoch() - bestEpoch >= patience);
    }

    public double bestAccuracy() {
        return bestAccuracy;
    }

    public int bestEpoch() {
        return bestEpoch;
    }
}
