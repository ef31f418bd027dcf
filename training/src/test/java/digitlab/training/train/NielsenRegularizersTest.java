package digitlab.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.cli.UsageException;
import digitlab.core.data.DigitDataset;
import digitlab.core.data.Digits;
import digitlab.core.data.PixelScaling;
import digitlab.core.data.Split;
import digitlab.core.model.ModelMetadata;
import digitlab.training.TestData;
import digitlab.training.export.CurvesAdder;
import digitlab.training.export.OnnxModelFile;
import digitlab.training.model.ActivationKind;
import digitlab.training.model.LossKind;
import digitlab.training.model.OptimizerKind;
import digitlab.training.model.Recipe;
import digitlab.training.model.StackedMlpGraph;
import digitlab.training.model.TrainConfig;
import digitlab.training.regularizer.EpochRule;
import digitlab.training.regularizer.PatienceRule;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.training.report.ExperimentReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nielsen's expanded training data and early stopping, as regularizers, trained on real MNIST. */
class NielsenRegularizersTest {
    private static final Split SPLIT = new Split("seed", 300, 300);

    private static TrainConfig config(Regularizer reg, double strength, int epochs) {
        return new TrainConfig(LossKind.CE, reg, strength, new int[] {784, 32, 10}, ActivationKind.RELU, 0.1, 50, epochs, 4,
                "mnist", SPLIT, PixelScaling.UNIT);
    }

    @Test
    void expanded_data_trains_exactly_as_the_full_data_recipes_augmentation_on_the_same_images() {
        TrainingData data = TestData.trainingData(300, 300);
        TrainConfig expanded = config(Regularizers.EXPANDED, 0, 2);
        TrainConfig augmented = config(Regularizers.NONE, 0, 2).withRecipe(new Recipe(OptimizerKind.SGD, 1.0, true));
        TrainConfig plain = config(Regularizers.NONE, 0, 2);
        Trainer a = new Trainer(List.of(expanded), data);
        Trainer b = new Trainer(List.of(augmented), data);
        Trainer c = new Trainer(List.of(plain), data);
        for (int e = 0; e < 2; e++) {
            a.trainEpoch();
            b.trainEpoch();
            c.trainEpoch();
        }
        assertEquals(b.trainedNetwork(0).parameters(), a.trainedNetwork(0).parameters(),
                "the same distortions, drawn from the seed's own stream, in the same batches");
        assertNotEquals(c.trainedNetwork(0).parameters(), a.trainedNetwork(0).parameters());
        assertFalse(StackedMlpGraph.stackable(expanded, plain), "distorted batches are not the plain ones");
        assertEquals("ce-expanded-h32-seed300x300-s4", expanded.id(), "no strength in its name");
    }

    @Test
    void the_patience_rule_keeps_the_first_best_epoch_and_stops_after_patience_epochs_without_a_better_one() {
        PatienceRule rule = new PatienceRule(2);
        double[] validation = {10, 12, 12, 11, 13, 13, 13};
        boolean[] keep = {true, true, false, false, true, false, false};
        boolean[] stop = {false, false, false, true, false, false, true};
        for (int e = 0; e < 4; e++) {
            EpochRule.Decision d = rule.after(new EpochMetrics(e, 1, 50, 50, validation[e]));
            assertEquals(keep[e], d.keep(), "keep at epoch " + e);
            assertEquals(stop[e], d.stop(), "stop at epoch " + e);
        }
        assertEquals(1, rule.bestEpoch());
        assertEquals(12, rule.bestAccuracy());
        // resumed from its two numbers, a fresh rule decides the rest as the first would have
        PatienceRule resumed = new PatienceRule(2, rule.bestAccuracy(), rule.bestEpoch());
        for (int e = 4; e < validation.length; e++) {
            EpochRule.Decision d = resumed.after(new EpochMetrics(e, 1, 50, 50, validation[e]));
            assertEquals(keep[e], d.keep(), "keep at epoch " + e);
            assertEquals(stop[e], d.stop(), "stop at epoch " + e);
        }
        assertThrows(IllegalStateException.class, () -> new PatienceRule(3).after(new EpochMetrics(0, 1, 50, 50)),
                "no validation accuracy, no early stopping");
        assertThrows(UsageException.class, () -> config(Regularizers.EARLY_STOP, 2.5, 10));
        assertThrows(UsageException.class, () -> config(Regularizers.EARLY_STOP, 0, 10));
    }

    @Test
    void the_validation_set_is_the_end_of_the_training_file_never_the_splits_images() throws IOException {
        DigitDataset mnist = DigitDataset.named(TestData.DATA_DIR, "mnist");
        Digits train = mnist.train();
        Digits validation = mnist.validation(Split.STUDY, 2000);
        assertEquals(2000, validation.size());
        assertTrue(Arrays.equals(Arrays.copyOfRange(train.labels(), 58000, 60000), validation.labels()));
        assertEquals(train.pixel(58000, 400), validation.pixel(0, 400));
        assertThrows(UsageException.class, () -> mnist.validation(Split.FULL, 2000), "the full split leaves no image out");
    }

    @Test
    void early_stopping_exports_its_kept_epoch_records_validation_and_calibration_and_reports_them(@TempDir Path dir)
            throws IOException {
        int patience = 3;
        TrainConfig stopping = config(Regularizers.EARLY_STOP, patience, 40);
        TrainConfig ce = config(Regularizers.NONE, 0, 8);
        Path runs = dir.resolve("runs");
        Path models = dir.resolve("models");
        List<TrainingJob.Outcome> outcomes = new TrainingJob(TestData.DATA_DIR, models, false, 1)
                .run(List.of(stopping, ce), runs, TrainingListener.NONE);
        Path runDir = runs.resolve(stopping.id());

        List<String> csv = Files.readAllLines(runDir.resolve(MetricsCsv.FILE_NAME));
        assertEquals(EpochMetrics.CSV_HEADER_WITH_VALIDATION, csv.get(0));
        assertEquals(EpochMetrics.CSV_HEADER, Files.readAllLines(runs.resolve(ce.id()).resolve(MetricsCsv.FILE_NAME)).get(0),
                "runs without a validation set keep the five columns");
        List<EpochMetrics> rows = MetricsCsv.read(runDir).rows();
        int best = 0;
        for (EpochMetrics row : rows) {
            assertTrue(row.hasValidation(), "every epoch measured on the validation set");
            best = row.validationAccuracy() > rows.get(best).validationAccuracy() ? row.epoch() : best;
        }
        assertTrue(rows.size() == 40 || rows.size() == best + patience + 1, rows.size() + " epochs, best " + best);

        RunRecord record = outcomes.get(0).record();
        assertEquals(best, record.last().epoch(), "the figures are the best validation epoch's");
        assertEquals(rows.get(best).testAccuracy(), record.last().testAccuracy());
        RunFile written = RunFile.read(runDir);
        assertEquals(rows.get(best).validationAccuracy(), written.last().validationAccuracy());
        assertEquals(15, written.calibration().bins());
        assertEquals(SPLIT.testSize(), written.calibration().images());
        assertTrue(written.calibration().ecePercent() >= 0 && written.calibration().ecePercent() <= 100);
        assertTrue(written.calibration().nll() > 0);
        assertTrue(written.config().get("validation").toString().contains("2000"));

        ModelMetadata exported = OnnxModelFile.readMetadata(outcomes.get(0).model());
        assertEquals(rows.size(), exported.epochs());
        assertEquals(best, exported.keptEpoch());
        assertEquals(rows.get(best).testAccuracy(), exported.testAccuracy());
        assertEquals(written.calibration().ecePercent(), exported.ecePercent());
        assertEquals(written.calibration().nll(), exported.nll());
        assertEquals("early-stop", exported.family());
        CurvesAdder.add(outcomes.get(0).model(), runDir); // the run folder is the file's run, at its kept epoch

        ExperimentReport.write(runs);
        String report = Files.readString(runs.resolve(ExperimentReport.MARKDOWN_FILE));
        assertTrue(report.contains("### Early stopping"), report);
        assertTrue(report.contains("`" + stopping.id() + "`: ") && report.contains("kept epoch " + best), report);
        assertTrue(report.contains("validation " + String.format(java.util.Locale.ROOT, "%.2f", rows.get(best).validationAccuracy())));
        assertTrue(report.contains("### Calibration"), report);
        assertTrue(report.contains(String.format(java.util.Locale.ROOT, "%.2f", written.calibration().ecePercent())), report);
    }
}
