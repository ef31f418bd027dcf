package digitlab.training.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.data.PixelScaling;
import digitlab.core.data.Split;
import digitlab.core.data.DigitDataset;
import digitlab.training.train.TrainingData;
import java.nio.file.Path;
import digitlab.training.model.ActivationKind;
import digitlab.training.model.LossKind;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.training.model.TrainConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class TrainBenchmarkTest {
    @Test
    void the_flop_count_of_a_784_10_epoch_matches_the_count_done_by_hand() {
        // By hand: 784x10 weights, 10 biases = 7850 parameters; a forward pass is 2*784*10 = 15680 FLOPs.
        // 1000 examples x 3 passes (forward, backward ~ 2 forwards) = 47,040,000; evaluation of 1000 + 2000
        // examples = 47,040,000; the update, 2 FLOPs per parameter per step: batch 128 makes 8 steps = 125,600,
        // batch 1000 one step = 15,700.
        assertEquals(94_205_600.0, TrainBenchmark.flopsPerEpoch(new int[] {784, 10}, 1000, 2000, 128), 1e-6);
        assertEquals(94_095_700.0, TrainBenchmark.flopsPerEpoch(new int[] {784, 10}, 1000, 2000, 1000), 1e-6);
    }

    @Test
    void the_sides_take_turns_in_every_round_and_each_gets_its_own_median() throws IOException {
        List<String> calls = new ArrayList<>();
        double[][] timings = {{5, 1, 3}, {20, 40, 30}};
        int[] round = new int[2];
        EpochTimer a = epochs -> {
            calls.add("a" + epochs);
            return timings[0][round[0]++];
        };
        EpochTimer b = epochs -> {
            calls.add("b" + epochs);
            return timings[1][round[1]++];
        };
        assertArrayEquals(new double[] {3, 30}, TrainBenchmark.alternate(List.of(a, b), 3, 7), 1e-12);
        assertEquals(List.of("a7", "b7", "a7", "b7", "a7", "b7"), calls);
    }

    @Test
    void the_multilayer_network_peer_trains_the_same_protocol_and_times_it() throws IOException {
        TrainConfig config = new TrainConfig(LossKind.CE, Regularizers.DROPOUT, 0.5, new int[] {784, 32, 32, 10},
                ActivationKind.RELU, 0.1, 64, 1, 0, "mnist", new Split("seed", 500, 300), PixelScaling.UNIT);
        TrainingData data = new TrainingData(DigitDataset.named(Path.of("..", "..", "data"), "mnist").load(config.split()),
                PixelScaling.UNIT);
        MultiLayerNetworkBaseline peer = new MultiLayerNetworkBaseline(config, data, 1);
        MultiLayerNetwork network = peer.network();
        assertEquals(784 * 32 + 32 + 32 * 32 + 32 + 32 * 10 + 10, network.numParams(), "the config's layers");
        assertEquals(1 * 8, network.getIterationCount(), "the warm-up epoch: one step per batch of 64 of 500 images");
        double before = testAccuracy(network, data);

        double ms = peer.millisPerEpoch(2);

        assertTrue(ms > 0, ms + " ms/epoch");
        assertEquals(3 * 8, network.getIterationCount(), "two timed epochs of the same batches");
        double after = testAccuracy(network, data);
        assertTrue(after > 25 && after > before, "it learns (chance is 10%): " + before + "% after the warm-up, " + after + "% after three epochs");
    }

    private static double testAccuracy(MultiLayerNetwork network, TrainingData data) {
        int[] predicted = network.output(data.testX(), false).argMax(1).toIntVector();
        int[] labels = data.testLabels();
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            right += predicted[i] == labels[i] ? 1 : 0;
        }
        return 100.0 * right / labels.length;
    }

    @Test
    void nd4j_names_the_openblas_kernel_it_runs() {
        String core = TrainBenchmark.nd4jBlasCore();
        assertTrue(!core.isBlank() && !core.startsWith("unknown"), core);
    }

    @Test
    void median_of_odd_and_even_counts() {
        assertEquals(3.0, TrainBenchmark.median(new double[] {9, 1, 3}));
        assertEquals(2.5, TrainBenchmark.median(new double[] {4, 1, 2, 3}));
    }
}
