package digitlab.training.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitlab.core.model.ModelMetadata;
import digitlab.core.model.TrainingCurves;
import digitlab.training.model.TrainConfig;
import digitlab.training.train.EpochMetrics;
import digitlab.training.train.MetricsCsv;
import digitlab.training.train.RunRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What a finished run writes into its ONNX file's metadata. */
public final class RunMetadata {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunMetadata() {}

    /** The run's metadata with its curves from {@code <runDir>/metrics.csv} (none when that holds no epoch). */
    public static ModelMetadata of(RunRecord run, Path runDir) throws IOException {
        return of(run).withCurves(curves(runDir));
    }

    /** Without curves: for a run whose metrics.csv is not at hand. */
    public static ModelMetadata of(RunRecord run) {
        if (run.last() == null) {
            throw new IllegalStateException("The run " + run.config().id() + " has no finished epoch to export.");
        }
        TrainConfig c = run.config();
        try {
            return new ModelMetadata(c.id(), JSON.writeValueAsString(c.toMap()), c.loss().id(), c.regularizer().id(),
                    c.strength(), c.seed(), run.epochsDone(), c.dataset(), c.split().name(), c.split().trainSize(),
                    c.split().testSize(), run.testImagesMd5(), run.last().trainAccuracy(), run.last().testAccuracy(),
                    run.trainingMillis(), c.scaling().name()).withKeptEpoch(run.last().epoch())
                    .withCalibration(run.calibration() == null ? Double.NaN : run.calibration().ecePercent(),
                            run.calibration() == null ? Double.NaN : run.calibration().nll());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The run config could not be written as JSON.", e);
        }
    }

    /** Every epoch's train and test accuracy from the run folder's metrics.csv, compacted for the metadata. */
    public static TrainingCurves curves(Path runDir) throws IOException {
        List<EpochMetrics> rows = MetricsCsv.read(runDir).rows();
        return TrainingCurves.ofEveryEpoch(rows.stream().mapToDouble(EpochMetrics::trainAccuracy).toArray(),
                rows.stream().mapToDouble(EpochMetrics::testAccuracy).toArray());
    }
}
