package digitlab.training.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.data.PixelScaling;
import digitlab.core.data.Split;
import digitlab.training.TestData;
import digitlab.training.model.ActivationKind;
import digitlab.training.model.LossKind;
import digitlab.training.model.TrainedNetwork;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.training.model.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

class TrainerTest {
    private static final TrainingData DATA = TestData.trainingData(1000, 1000);

    /** Trains one run alone (a stack of one) into {@code dir}. */
    private static RunRecord runAlone(TrainConfig config, Path dir, TrainingListener listener) throws IOException {
        return new Trainer(List.of(config), DATA).run(c -> dir, "md5", listener).get(0).record();
    }

    private static TrainConfig config(Regularizer reg, double strength, int epochs, long seed) {
        return new TrainConfig(LossKind.CE, reg, strength, new int[] {784, 64, 64, 10}, ActivationKind.RELU, 0.1, 32,
                epochs, seed, "mnist", new Split("seed", 1000, 1000), PixelScaling.UNIT);
    }

    @Test
    void a_few_epochs_on_real_mnist_lift_test_accuracy_far_above_chance(@TempDir Path dir) throws IOException {
        RunRecord run = runAlone(config(Regularizers.NONE, 0, 10, 0), dir, TrainingListener.NONE);
        assertTrue(run.last().testAccuracy() > 75, "test accuracy " + run.last().testAccuracy());
        List<EpochMetrics> rows = MetricsCsv.read(dir).rows();
        assertTrue(rows.get(9).trainLoss() < rows.get(0).trainLoss() / 2, "the training loss fell");
    }

    @Test
    void metrics_csv_has_the_header_and_one_row_per_epoch_with_gap_train_minus_test(@TempDir Path dir) throws IOException {
        runAlone(config(Regularizers.L2, 0.1, 3, 0), dir, TrainingListener.NONE);
        List<String> lines = Files.readAllLines(dir.resolve(MetricsCsv.FILE_NAME));
        assertEquals("epoch,train_loss,train_acc,test_acc,gap", lines.get(0));
        assertEquals(4, lines.size());
        for (int e = 0; e < 3; e++) {
            String[] f = lines.get(e + 1).split(",");
            assertEquals(Integer.toString(e), f[0]);
            assertEquals(Double.parseDouble(f[2]) - Double.parseDouble(f[3]), Double.parseDouble(f[4]), 0.011);
        }
        RunRecord back = RunRecord.read(dir);
        assertTrue(back.finished());
        assertEquals(3, back.epochsDone());
        assertEquals(config(Regularizers.L2, 0.1, 3, 0), back.config());
        assertTrue(Files.isRegularFile(dir.resolve(Trainer.MODEL_FILE)));
    }

    @Test
    void the_same_seed_gives_the_same_numbers_bit_for_bit(@TempDir Path dir) throws IOException {
        TrainConfig c = config(Regularizers.DROPOUT, 0.3, 2, 42);
        runAlone(c, dir.resolve("a"), TrainingListener.NONE);
        runAlone(c, dir.resolve("b"), TrainingListener.NONE);
        runAlone(c.withSeed(43), dir.resolve("c"), TrainingListener.NONE);
        byte[] a = Files.readAllBytes(dir.resolve("a").resolve(MetricsCsv.FILE_NAME));
        assertArrayEquals(a, Files.readAllBytes(dir.resolve("b").resolve(MetricsCsv.FILE_NAME)));
        assertFalse(java.util.Arrays.equals(a, Files.readAllBytes(dir.resolve("c").resolve(MetricsCsv.FILE_NAME))));
    }

    @Test
    void the_same_seed_gives_every_regularizer_the_same_initial_weights() {
        INDArray plain = new Trainer(List.of(config(Regularizers.NONE, 0, 1, 9)), DATA).trainedNetwork(0).parameters().get(2); // w1
        INDArray dropout = new Trainer(List.of(config(Regularizers.DROPOUT, 0.5, 1, 9)), DATA).trainedNetwork(0).parameters().get(2);
        assertEquals(plain, dropout);
    }

    @Test
    void a_run_stopped_mid_way_leaves_every_finished_epoch_readable(@TempDir Path dir) {
        TrainingListener stopAfterThird = (c, m) -> {
            if (m.epoch() == 2) {
                throw new IllegalStateException("killed");
            }
        };
        assertThrows(IllegalStateException.class,
                () -> runAlone(config(Regularizers.NONE, 0, 10, 0), dir, stopAfterThird));
        assertDoesNotThrowReading(dir, 3);
    }

    private static void assertDoesNotThrowReading(Path dir, int rows) {
        try {
            assertEquals(rows, MetricsCsv.read(dir).rows().size());
            RunRecord record = RunRecord.read(dir);
            assertFalse(record.finished());
            assertFalse(Files.exists(dir.resolve(Trainer.MODEL_FILE)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void dropout_masks_change_every_draw_and_hold_zero_or_one_over_keep() {
        DropoutMasks masks = new DropoutMasks(new Random(1), 0.25);
        float[] first = masks.drawValues(10000);
        float[] second = masks.drawValues(10000);
        assertFalse(java.util.Arrays.equals(first, second));
        int kept = 0;
        for (float v : first) {
            assertTrue(v == 0f || v == 1f / 0.75f, "mask value " + v);
            kept += v == 0f ? 0 : 1;
        }
        assertEquals(0.75, kept / 10000.0, 0.02);
    }

    @Test
    void evaluation_runs_without_dropout_exactly_the_plain_forward_pass() {
        Trainer trainer = new Trainer(List.of(config(Regularizers.DROPOUT, 0.5, 1, 0)), DATA);
        trainer.trainEpoch();
        TrainedNetwork trained = trainer.trainedNetwork(0);
        INDArray x = DATA.testX().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 20),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c');
        List<INDArray> p = trained.parameters();
        INDArray h = x;
        for (int l = 0; l < 2; l++) {
            h = Transforms.relu(h.mmul(p.get(2 * l)).addRowVector(p.get(2 * l + 1)), true);
        }
        INDArray logits = h.mmul(p.get(4)).addRowVector(p.get(5));
        INDArray expected = Transforms.softmax(logits, true);
        INDArray actual = trained.probabilities(x);
        assertTrue(expected.equalsWithEps(actual, 1e-6), "no mask at evaluation");
        assertEquals(actual, trained.probabilities(x), "evaluation is deterministic");
        INDArray rowSums = actual.sum(1);
        for (int row = 0; row < actual.rows(); row++) {
            assertEquals(1.0, rowSums.getDouble(row), 1e-5, "probabilities of digit " + row + " sum to 1");
        }
    }
}
