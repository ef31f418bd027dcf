package digitlab.training.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import digitlab.core.data.PixelScaling;
import digitlab.core.data.Split;
import digitlab.core.model.ModelContract;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The graph the trainer fits ({@link StackedMlpGraph}, through {@link TrainingGraph#of}) on
 * hand-made weights, each run of a stack its own, against the study's formulas computed here in
 * plain Java: each run's logits from its own slice of the weights, its data loss, the graph's
 * objective as the sum over the runs, and each penalty's gradient added to its own run's weights
 * ({@link WeightPenalties}).
 */
class ObjectiveFormulaTest {
    private static final int N = 50; // training-set size in the penalties
    private static final int[] LAYERS = {784, 3, 10};
    private static final int HIDDEN = 3;
    private static final int ROWS = 2;
    private static final int[] TRUTH = {3, 8};
    private static final double LAMBDA = 0.3;

    private static TrainConfig run(LossKind loss, Regularizer regularizer, double strength) {
        return new TrainConfig(loss, regularizer, strength, LAYERS, ActivationKind.RELU, 0.01, 2, 1, 0, "mnist",
                new Split("seed", N, 10), PixelScaling.UNIT);
    }

    /** A stack of {@code runs} whose run r has the weights {@link #w0}, {@link #b0}, {@link #w1}, {@link #b1} of r. */
    private static TrainingGraph stackWithKnownWeights(TrainConfig... runs) {
        int r = runs.length;
        TrainingGraph graph = TrainingGraph.of(List.of(runs));
        SameDiff sd = graph.sameDiff();
        float[] w0 = new float[784 * r * HIDDEN];
        float[] b0 = new float[r * HIDDEN];
        float[] w1 = new float[r * HIDDEN * 10];
        float[] b1 = new float[r * 10];
        for (int run = 0; run < r; run++) {
            for (int j = 0; j < HIDDEN; j++) {
                for (int p = 0; p < 784; p++) {
                    w0[p * r * HIDDEN + run * HIDDEN + j] = w0(run, p, j);
                }
                b0[run * HIDDEN + j] = b0(run, j);
                for (int c = 0; c < 10; c++) {
                    w1[(run * HIDDEN + j) * 10 + c] = w1(run, j, c);
                }
            }
            for (int c = 0; c < 10; c++) {
                b1[run * 10 + c] = b1(run, c);
            }
        }
        sd.getArrForVarName("w0").assign(Nd4j.create(w0, new long[] {784, (long) r * HIDDEN}, 'c'));
        sd.getArrForVarName("b0").assign(Nd4j.create(b0, new long[] {(long) r * HIDDEN}, 'c'));
        sd.getArrForVarName("w1").assign(Nd4j.create(w1, new long[] {r, HIDDEN, 10}, 'c'));
        sd.getArrForVarName("b1").assign(Nd4j.create(b1, new long[] {r, 1, 10}, 'c'));
        return graph;
    }

    // Each run's weights differ (scale and sign), so a run reading another's slice shows.
    private static float w0(int run, int p, int j) {
        return (float) (((p * HIDDEN + j) / (784.0 * HIDDEN) - 0.5) * (1 + 0.5 * run) * (run % 2 == 0 ? 1 : -1));
    }

    private static float b0(int run, int j) {
        return (float) (new double[] {0.1, -0.2, 0.3}[j] * (run + 1));
    }

    private static float w1(int run, int j, int c) {
        return (float) ((1 - (j * 10 + c) / 10.0) * (1 + 0.25 * run));
    }

    private static float b1(int run, int c) {
        return (float) (0.05 * (run + 1) - 0.01 * c);
    }

    private static float pixel(int row, int p) {
        return ((row * 784 + p) % 7) / 7f;
    }

    private static Map<String, INDArray> inputs() {
        float[] pixels = new float[ROWS * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = pixel(i / 784, i % 784);
        }
        float[] labels = new float[ROWS * 10];
        for (int row = 0; row < ROWS; row++) {
            labels[row * 10 + TRUTH[row]] = 1;
        }
        Map<String, INDArray> in = new HashMap<>();
        in.put(ModelContract.INPUT, Nd4j.create(pixels, new long[] {ROWS, 784}, 'c'));
        in.put(GraphNames.LABELS, Nd4j.create(labels, new long[] {ROWS, 10}, 'c'));
        return in;
    }

    /** Run {@code run}'s logits, {@code [ROWS][10]}: relu(x W0 + b0) W1 + b1, in doubles. */
    private static double[][] logits(int run) {
        double[][] z = new double[ROWS][10];
        for (int row = 0; row < ROWS; row++) {
            double[] h = new double[HIDDEN];
            for (int j = 0; j < HIDDEN; j++) {
                double s = b0(run, j);
                for (int p = 0; p < 784; p++) {
                    s += pixel(row, p) * w0(run, p, j);
                }
                h[j] = Math.max(0, s);
            }
            for (int c = 0; c < 10; c++) {
                double s = b1(run, c);
                for (int j = 0; j < HIDDEN; j++) {
                    s += h[j] * w1(run, j, c);
                }
                z[row][c] = s;
            }
        }
        return z;
    }

    private static double crossEntropy(int run) {
        double[][] z = logits(run);
        double mean = 0;
        for (int row = 0; row < ROWS; row++) {
            double sumExp = 0;
            for (double v : z[row]) {
                sumExp += Math.exp(v);
            }
            mean += (Math.log(sumExp) - z[row][TRUTH[row]]) / ROWS;
        }
        return mean;
    }

    private static double squaredError(int run) {
        double[][] z = logits(run);
        double mean = 0;
        for (int row = 0; row < ROWS; row++) {
            for (int c = 0; c < 10; c++) {
                double y = c == TRUTH[row] ? 1 : 0;
                mean += (z[row][c] - y) * (z[row][c] - y) / (ROWS * 10);
            }
        }
        return mean;
    }

    private static Map<String, INDArray> outputs(TrainingGraph graph) {
        return graph.sameDiff().output(inputs(), GraphNames.LOGITS, GraphNames.DATA_LOSS, GraphNames.LOSS);
    }

    /** What {@link WeightPenalties} adds to a zero gradient of each parameter of {@code graph}, by name. */
    private static Map<String, INDArray> penaltyGradients(TrainingGraph graph) {
        WeightPenalties penalties = WeightPenalties.of(graph, N);
        Map<String, INDArray> added = new HashMap<>();
        for (String name : List.of("w0", "b0", "w1", "b1")) {
            INDArray gradient = Nd4j.zeros(graph.sameDiff().getArrForVarName(name).shape());
            penalties.apply(graph.sameDiff().getArrForVarName(name), gradient, 0.01, 0, 0);
            added.put(name, gradient);
        }
        return added;
    }

    /** What was added to run {@code run}'s weights of layers 0 and 1, in the stack's layout: {@code expected(w)} for each weight w. */
    private static void assertWeightGradients(Map<String, INDArray> added, int run,
            java.util.function.DoubleUnaryOperator expected, String what) {
        for (int p = 0; p < 784; p++) {
            for (int j = 0; j < HIDDEN; j++) {
                assertEquals(expected.applyAsDouble(w0(run, p, j)), added.get("w0").getDouble(p, (long) run * HIDDEN + j), 1e-9,
                        what + ": w0 of run " + run);
            }
        }
        for (int j = 0; j < HIDDEN; j++) {
            for (int c = 0; c < 10; c++) {
                assertEquals(expected.applyAsDouble(w1(run, j, c)), added.get("w1").getDouble(run, j, c), 1e-9,
                        what + ": w1 of run " + run);
            }
        }
    }

    @Test
    void each_run_of_a_stack_computes_its_logits_from_its_own_slice_of_the_weights() {
        INDArray z = outputs(stackWithKnownWeights(run(LossKind.CE, Regularizers.NONE, 0),
                run(LossKind.CE, Regularizers.L2, LAMBDA), run(LossKind.MSE, Regularizers.L1, LAMBDA))).get(GraphNames.LOGITS);
        assertEquals(List.of(3L, (long) ROWS, 10L), java.util.Arrays.stream(z.shape()).boxed().toList());
        for (int run = 0; run < 3; run++) {
            double[][] expected = logits(run);
            for (int row = 0; row < ROWS; row++) {
                for (int c = 0; c < 10; c++) {
                    assertEquals(expected[row][c], z.getDouble(run, row, c), 1e-4 * Math.max(1, Math.abs(expected[row][c])),
                            "run " + run + ", row " + row + ", class " + c);
                }
            }
        }
    }

    @Test
    void cross_entropy_is_the_mean_negative_log_softmax_of_the_true_class_alone_and_in_a_stack() {
        INDArray alone = outputs(stackWithKnownWeights(run(LossKind.CE, Regularizers.NONE, 0))).get(GraphNames.DATA_LOSS);
        assertEquals(crossEntropy(0), alone.getDouble(0), 1e-5);
        INDArray stacked = outputs(stackWithKnownWeights(run(LossKind.CE, Regularizers.NONE, 0),
                run(LossKind.CE, Regularizers.L2, LAMBDA))).get(GraphNames.DATA_LOSS);
        assertEquals(crossEntropy(0), stacked.getDouble(0), 1e-5);
        assertEquals(crossEntropy(1), stacked.getDouble(1), 1e-5);
    }

    @Test
    void mse_is_the_mean_over_batch_and_classes_of_squared_error_on_raw_outputs() {
        INDArray loss = outputs(stackWithKnownWeights(run(LossKind.CE, Regularizers.NONE, 0),
                run(LossKind.MSE, Regularizers.NONE, 0))).get(GraphNames.DATA_LOSS);
        assertEquals(crossEntropy(0), loss.getDouble(0), 1e-5, "a CE run beside an MSE run keeps its own loss");
        assertEquals(squaredError(1), loss.getDouble(1), 1e-5 * squaredError(1));
    }

    @Test
    void l2_adds_lambda_over_n_times_each_weight_of_its_own_run_to_the_gradient_and_nothing_to_biases() {
        Map<String, INDArray> added = penaltyGradients(stackWithKnownWeights(run(LossKind.CE, Regularizers.NONE, 0),
                run(LossKind.CE, Regularizers.L2, LAMBDA)));
        // d/dw of lambda/(2n) * w^2
        assertWeightGradients(added, 1, w -> (float) (2 * (float) (LAMBDA / (2 * N))) * (float) w, "L2's gradient");
        assertWeightGradients(added, 0, w -> 0, "run 0 has no penalty");
        assertEquals(0, added.get("b0").sumNumber().doubleValue());
        assertEquals(0, added.get("b1").sumNumber().doubleValue());
    }

    @Test
    void l1_adds_lambda_over_n_times_the_sign_of_each_weight_of_its_own_run_to_the_gradient() {
        Map<String, INDArray> added = penaltyGradients(stackWithKnownWeights(run(LossKind.MSE, Regularizers.L1, LAMBDA),
                run(LossKind.CE, Regularizers.NONE, 0), run(LossKind.CE, Regularizers.L1, 2 * LAMBDA)));
        assertWeightGradients(added, 0, w -> (float) (LAMBDA / N) * Math.signum(w), "L1's gradient");
        assertWeightGradients(added, 1, w -> 0, "run 1 has no penalty");
        assertWeightGradients(added, 2, w -> (float) (2 * LAMBDA / N) * Math.signum(w), "L1's gradient at twice the strength");
        assertEquals(0, added.get("b0").sumNumber().doubleValue());
    }

    @Test
    void a_stack_without_penalties_has_none_to_add() {
        assertNull(WeightPenalties.of(stackWithKnownWeights(run(LossKind.CE, Regularizers.NONE, 0),
                run(LossKind.MSE, Regularizers.DROPOUT, 0.5)), N));
    }

    @Test
    void the_graphs_objective_is_the_sum_over_the_runs_of_their_data_loss() {
        Map<String, INDArray> out = outputs(stackWithKnownWeights(run(LossKind.CE, Regularizers.NONE, 0),
                run(LossKind.CE, Regularizers.L2, LAMBDA), run(LossKind.MSE, Regularizers.L1, LAMBDA),
                run(LossKind.MSE, Regularizers.L2, LAMBDA)));
        double expected = crossEntropy(0) + crossEntropy(1) + squaredError(2) + squaredError(3);
        assertEquals(expected, out.get(GraphNames.LOSS).getDouble(0), 1e-5 * expected);
    }
}
