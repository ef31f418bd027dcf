package digitlab.training.report;

import digitlab.training.train.EpochMetrics;

import java.util.function.ToDoubleFunction;

/** A per-epoch quantity the report plots and tabulates, with the words its axis needs. */
public enum Metric {
    TRAIN_ACCURACY("Train accuracy", "Train accuracy (%)", EpochMetrics::trainAccuracy),
    TEST_ACCURACY("Test accuracy", "Test accuracy (%)", EpochMetrics::testAccuracy),
    GAP("Generalization gap", "Train − test (percentage points)", EpochMetrics::gap);

    private final String title;
    private final String axisLabel;
    private final ToDoubleFunction<EpochMetrics> reader;

    Metric(String title, String axisLabel, ToDoubleFunction<EpochMetrics> reader) {
        this.title = title;
        this.axisLabel = axisLabel;
        this.reader = reader;
    }

    public String title() {
        return title;
    }

    public String axisLabel() {
        return axisLabel;
    }

    public double of(EpochMetrics row) {
        return reader.applyAsDouble(row);
    }
}
