package digitlab.training.report;

import java.util.function.ToDoubleFunction;

/** A per-epoch quantity the report plots and tabulates, with the words its axis needs. */
public enum Metric {
    TRAIN_ACCURACY("Train accuracy", "Train accuracy (%)", EpochRow::trainAcc),
    TEST_ACCURACY("Test accuracy", "Test accuracy (%)", EpochRow::testAcc),
    GAP("Generalization gap", "Train − test (percentage points)", EpochRow::gap);

    private final String title;
    private final String axisLabel;
    private final ToDoubleFunction<EpochRow> reader;

    Metric(String title, String axisLabel, ToDoubleFunction<EpochRow> reader) {
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

    public double of(EpochRow row) {
        return reader.applyAsDouble(row);
    }
}
