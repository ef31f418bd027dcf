package digitlab.training.train;

/**
 * One epoch's figures, measured in inference mode on the whole train and test sets; percent.
 * {@code validationAccuracy} is measured only for runs whose regularizer watches a validation set
 * (early stopping), NaN otherwise; metrics.csv then has a sixth column, {@code val_acc}.
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double testAccuracy,
        double validationAccuracy) {
    public static final String CSV_HEADER = "epoch,train_loss,train_acc,test_acc,gap";
    /** The header of a run measured on a validation set. */
    public static final String CSV_HEADER_WITH_VALIDATION = CSV_HEADER + ",val_acc";

    /** An epoch measured without a validation set. */
    public EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double testAccuracy) {
        this(epoch, trainLoss, trainAccuracy, testAccuracy, Double.NaN);
    }

    /** Generalization gap: train minus test accuracy, in points. */
    public double gap() {
        return trainAccuracy - testAccuracy;
    }

    public boolean hasValidation() {
        return !Double.isNaN(validationAccuracy);
    }

    public String toCsvRow() {
        String row = String.format(java.util.Locale.ROOT, "%d,%.6f,%.2f,%.2f,%.2f",
                epoch, trainLoss, trainAccuracy, testAccuracy, gap());
        return hasValidation() ? row + String.format(java.util.Locale.ROOT, ",%.2f", validationAccuracy) : row;
    }

    /** Parses a row written by {@link #toCsvRow()}. */
    public static EpochMetrics parse(String row) {
        String[] f = row.split(",");
        if (f.length != 5 && f.length != 6) {
            throw new IllegalArgumentException("A metrics row needs 5 or 6 fields, not " + f.length + ": '" + row + "'.");
        }
        return new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]), f.length == 6 ? Double.parseDouble(f[5]) : Double.NaN);
    }
}
