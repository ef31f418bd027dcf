package digitlab.training.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TrainBenchmarkTest {
    @Test
    void an_epoch_costs_three_forward_passes_per_training_example_plus_the_update_and_evaluation() {
        // 784-10: 15680 FLOPs forward per example; 7850 parameters; 1000 examples make 8 steps of 128
        double forward = 2.0 * 784 * 10;
        double expected = 3 * forward * 1000 + 2.0 * 7850 * 8 + forward * (1000 + 2000);
        assertEquals(expected, TrainBenchmark.flopsPerEpoch(new int[] {784, 10}, 1000, 2000), 1e-6);
    }

    @Test
    void median_of_odd_and_even_counts() {
        assertEquals(3.0, TrainBenchmark.median(new double[] {9, 1, 3}));
        assertEquals(2.5, TrainBenchmark.median(new double[] {4, 1, 2, 3}));
    }
}
