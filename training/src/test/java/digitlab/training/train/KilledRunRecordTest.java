package digitlab.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import digitlab.training.model.LossKind;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.training.model.TrainConfig;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed after 139 epochs: its run.json still says what it said at the start, its metrics.csv has the truth. */
class KilledRunRecordTest {
    @Test
    void a_killed_run_reads_back_with_the_epochs_its_metrics_hold(@TempDir Path dir) throws IOException {
        TrainConfig config = TrainConfig.reference(LossKind.CE, Regularizers.NONE, 0, 0);
        new RunRecord(config, "md5", 0, false, 0, null).write(dir); // as the trainer writes it at the start
        try (MetricsCsv metrics = new MetricsCsv(dir, false)) {
            for (int epoch = 0; epoch < 139; epoch++) {
                metrics.append(new EpochMetrics(epoch, 1.0 / (epoch + 1), 50 + epoch * 0.1, 40 + epoch * 0.1));
            }
        }
        RunRecord back = RunRecord.read(dir);
        assertEquals(139, back.epochsDone());
        assertEquals(138, back.last().epoch());
        assertFalse(back.finished());
    }
}
