package digitlab.training.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.training.model.LossKind;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.training.model.TrainConfig;
import digitlab.training.train.EpochMetrics;
import digitlab.training.train.MetricsCsv;
import digitlab.training.train.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's run.json and the report's reading of it go through one Jackson-bound RunFile. */
class RunFolderReaderTest {
    private static final TrainConfig CONFIG = TrainConfig.reference(LossKind.CE, Regularizers.L2, 0.01, 3)
            .withEpochs(2);

    @Test
    void what_the_trainer_writes_both_readers_read_back_field_for_field(@TempDir Path dir) throws IOException {
        EpochMetrics last = new EpochMetrics(1, 0.25, 91.5, 87.25);
        writeMetrics(dir, new EpochMetrics(0, 0.5, 80, 78), last);
        RunRecord written = new RunRecord(CONFIG, "abc123", 2, true, 900, last);
        written.write(dir);

        assertEquals(written, RunRecord.read(dir));
        RunOnDisk run = RunFolderReader.read(dir);
        assertEquals(CONFIG.id(), run.id());
        assertEquals(CONFIG.name(), run.name());
        assertEquals("l2", run.family());
        assertEquals(3, run.seed());
        assertEquals(0.01, run.config().strength());
        assertEquals(List.of(784, 128, 128, 128, 10), run.config().layers());
        assertEquals(2, run.config().epochs());
        assertEquals(CONFIG.split().name(), run.dataset().split());
        assertEquals("abc123", run.dataset().testImagesMd5());
        assertEquals(450.0, run.msPerEpoch());
        assertEquals(900L, run.trainingMillis());
        assertTrue(run.isComplete(), run.problems().toString());
        assertEquals(last, run.last());
    }

    @Test
    void an_old_run_json_with_unknown_fields_and_without_recipe_or_timing_is_read_leniently(@TempDir Path root)
            throws IOException {
        Path dir = Files.createDirectories(root.resolve("ce-l1-0.001-s2"));
        writeMetrics(dir, new EpochMetrics(0, 0.5, 80, 78));
        Files.writeString(dir.resolve("run.json"), """
                {"id":"ce-l1-0.001-s2","producer":"digit-lab 0.1","finished":true,
                 "config":{"loss":"ce","regularizer":"l1","strength":0.001,"layers":[784,64,10],
                   "batchSize":128,"epochs":1,"optimizer":"sgd","someFutureSetting":{"a":1}},
                 "dataset":{"name":"mnist","shuffle":"none"}}
                """);

        RunOnDisk run = RunFolderReader.read(dir);

        assertEquals("ce-l1-0.001", run.name());
        assertEquals(2, run.seed()); // from the folder name
        assertEquals("l1", run.family()); // from the study's grid
        assertEquals(List.of(784, 64, 10), run.config().layers());
        assertEquals("sgd", run.config().optimizer());
        assertEquals(1.0, run.config().learningRateDecay()); // before recipes: a constant rate
        assertEquals("none", run.config().augmentation());
        assertNull(run.config().learningRate());
        assertEquals("mnist", run.dataset().name());
        assertNull(run.dataset().testImagesMd5());
        assertNull(run.msPerEpoch());
        assertNull(run.trainingMillis());
        assertTrue(run.problems().isEmpty(), run.problems().toString());
        assertTrue(run.isComplete());
    }

    @Test
    void a_run_json_that_is_not_json_is_a_problem_not_a_failure(@TempDir Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("ce-s1"));
        writeMetrics(dir, new EpochMetrics(0, 0.5, 80, 78));
        Files.writeString(dir.resolve("run.json"), "{\"id\": \"ce-s1\", \"finished\": tru");

        RunOnDisk run = RunFolderReader.read(dir);

        assertEquals("ce", run.name());
        assertEquals(1, run.seed());
        assertFalse(run.finished());
        assertEquals(1, run.problems().size(), run.problems().toString());
        assertTrue(run.problems().get(0).startsWith("run.json is unreadable"), run.problems().toString());
    }

    @Test
    void a_killed_run_counts_the_epochs_its_metrics_hold_in_both_readers(@TempDir Path dir) throws IOException {
        new RunRecord(CONFIG.withEpochs(5), "abc123", 0, false, 0, null).write(dir); // as written at the start
        EpochMetrics second = new EpochMetrics(1, 0.25, 91.5, 87.25);
        writeMetrics(dir, new EpochMetrics(0, 0.5, 80, 78), second);

        assertEquals(2, RunRecord.read(dir).epochsDone());
        assertEquals(second, RunRecord.read(dir).last());
        RunOnDisk run = RunFolderReader.read(dir);
        assertEquals(2, run.epochsDone());
        assertEquals(5, run.epochsPlanned());
        assertFalse(run.isComplete());
    }

    private static void writeMetrics(Path dir, EpochMetrics... rows) throws IOException {
        try (MetricsCsv metrics = new MetricsCsv(dir, false)) {
            for (EpochMetrics row : rows) {
                metrics.append(row);
            }
        }
    }
}
