package digitlab.training.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.adapter.SingletonDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** A SameDiff graph trained with Adam and a decaying rate, saved after one epoch and set into a fresh graph. */
class GraphStateTest {
    @TempDir
    Path dir;

    private static final INDArray X = Nd4j.rand(DataType.FLOAT, 16, 4);
    private static final INDArray Y = Nd4j.eye(4).repeat(0, 4).castTo(DataType.FLOAT);

    /** A small softmax regression, from fixed weights, under Adam with a rate decaying every step. */
    private static SameDiff graph() {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, 4);
        SDVariable labels = sd.placeHolder("labels", DataType.FLOAT, -1, 4);
        Random init = new Random(7);
        float[] w = new float[16];
        for (int i = 0; i < w.length; i++) {
            w[i] = init.nextFloat() - 0.5f;
        }
        SDVariable weights = sd.var("w", Nd4j.create(w, new long[] {4, 4}, 'c'));
        SDVariable bias = sd.var("b", Nd4j.zeros(DataType.FLOAT, 4));
        SDVariable out = sd.nn.softmax("out", in.mmul(weights).add(bias), 1);
        sd.loss.logLoss("loss", labels, out);
        sd.setTrainingConfig(TrainingConfig.builder()
                .updater(new Adam(new ExponentialSchedule(ScheduleType.ITERATION, 0.05, 0.9)))
                .dataSetFeatureMapping("in").dataSetLabelMapping("labels").build());
        return sd;
    }

    private static void epoch(SameDiff sd) {
        for (int step = 0; step < 3; step++) {
            sd.fit(new SingletonDataSetIterator(new DataSet(X, Y)), 1);
        }
    }

    @Test
    void a_graph_set_to_a_saved_state_trains_on_bit_for_bit_as_if_never_stopped() throws Exception {
        SameDiff uninterrupted = graph();
        epoch(uninterrupted);
        epoch(uninterrupted);

        SameDiff first = graph();
        epoch(first);
        Path file = dir.resolve("c.bin");
        CheckpointFile.write(file, new CheckpointFile.Content("{}", GraphState.capture(first)));
        int[] counts = GraphState.counts(first);
        assertEquals(3, counts[0], "three steps done");

        SameDiff resumed = graph();
        Map<String, CheckpointFile.Array> saved = CheckpointFile.read(file).arrays();
        assertTrue(saved.containsKey("updater/w/M") && saved.containsKey("updater/w/V"), saved.keySet().toString());
        assertNull(GraphState.mismatch(resumed, saved));
        GraphState.apply(resumed, saved, counts[0], counts[1]);
        epoch(resumed);

        for (String name : new String[] {"w", "b"}) {
            assertArrayEquals(uninterrupted.getVariable(name).getArr().data().asFloat(),
                    resumed.getVariable(name).getArr().data().asFloat(), name);
        }
        assertEquals(GraphState.capture(uninterrupted).keySet(), GraphState.capture(resumed).keySet());
        assertFalse(java.util.Arrays.equals(GraphState.capture(first).get("variable/w").values(),
                GraphState.capture(resumed).get("variable/w").values()), "the second epoch changed the weights");
    }

    @Test
    void a_truncated_or_altered_checkpoint_is_named_and_not_read() throws Exception {
        Path file = dir.resolve("c.bin");
        SameDiff sd = graph();
        epoch(sd);
        CheckpointFile.write(file, new CheckpointFile.Content("{\"epochsDone\":1}", GraphState.capture(sd)));
        byte[] good = Files.readAllBytes(file);
        assertEquals("{\"epochsDone\":1}", CheckpointFile.read(file).headerJson());

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 100));
        DamagedCheckpointException cut = assertThrows(DamagedCheckpointException.class, () -> CheckpointFile.read(file));
        assertTrue(cut.getMessage().startsWith("The checkpoint " + file + " is damaged"), cut.getMessage());

        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 0x10;
        Files.write(file, flipped);
        assertThrows(DamagedCheckpointException.class, () -> CheckpointFile.read(file));

        Files.write(file, new byte[0]);
        assertThrows(DamagedCheckpointException.class, () -> CheckpointFile.read(file));
    }

    @Test
    void a_savable_random_draws_what_java_util_random_draws_and_continues_from_a_saved_state() {
        Random plain = new Random(42);
        SavableRandom savable = new SavableRandom(42);
        for (int i = 0; i < 1000; i++) {
            assertEquals(plain.nextInt(i + 1), savable.nextInt(i + 1));
            assertEquals(plain.nextFloat(), savable.nextFloat());
            assertEquals(plain.nextDouble(), savable.nextDouble());
        }
        long state = savable.state();
        double[] next = {savable.nextDouble(), savable.nextFloat(), savable.nextInt(97)};
        SavableRandom restored = new SavableRandom(0);
        restored.restore(state);
        assertArrayEquals(next, new double[] {restored.nextDouble(), restored.nextFloat(), restored.nextInt(97)});
        assertEquals(plain.nextDouble(), next[0]);
    }
}
