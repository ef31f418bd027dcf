package digitlab.training.train;

/** One epoch's figures, measured in inference mode on the whole train and test sets; percent. */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double testAccuracy) {
    public static final String CSV_HEADER = "epoch,train_loss,train_acc,test_acc,gap";

    /** Generalization gap: train minus test accuracy, in points. */
    public double gap() {
        return trainAccuracy - testAccuracy;
    }

    public String toCsvRow() {
        return String.format(java.util.Locale.ROOT, "%d,%.6f,%.2f,%.2f,%.2f",
                epoch, trainLoss, trainAccuracy, testAccuracy, gap());
    }

    /** Parses a row written by {@link #toCsvRow()}. */
    public static EpochMetrics parse(String row) {
        String[] f = row.split(",");
        if (f.length != 5) {
            throw new IllegalArgumentException("A metrics row needs 5 fields, not " + f.length + ": '" + row + "'.");
        }
        return new EpochMetrics(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                Double.parseDouble(f[3]));
    }
}
