package digitlab.training.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * plain Java: each run's logits from its own slice of the weights, its data loss, its penalty, and
 * the objective as the sum over the runs.
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
    private static SameDiff stackWithKnownWeights(TrainConfig... runs) {
        int r = runs.length;
        SameDiff sd = TrainingGraph.of(List.of(runs), N).sameDiff();
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
        return sd;
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

    /** The sum of {@code f} over run {@code run}'s weights, biases left out. */
    private static double overWeights(int run, java.util.function.DoubleUnaryOperator f) {
        double s = 0;
        for (int j = 0; j < HIDDEN; j++) {
            for (int p = 0; p < 784; p++) {
                s += f.applyAsDouble(w0(run, p, j));
            }
            for (int c = 0; c < 10; c++) {
                s += f.applyAsDouble(w1(run, j, c));
            }
        }
        return s;
    }

    private static double l2Penalty(int run) {
        return LAMBDA / (2 * N) * overWeights(run, v -> v * v);
    }

    private static double l1Penalty(int run) {
        return LAMBDA / N * overWeights(run, Math::abs);
    }

    private static Map<String, INDArray> outputs(SameDiff sd) {
        return sd.output(inputs(), GraphNames.LOGITS, GraphNames.DATA_LOSS, GraphNames.LOSS);
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
    void l2_penalty_is_lambda_over_2n_times_the_sum_of_squared_weights_without_biases() {
        Map<String, INDArray> out = outputs(stackWithKnownWeights(run(LossKind.CE, Regularizers.NONE, 0),
                run(LossKind.CE, Regularizers.L2, LAMBDA)));
        double penalty = out.get(GraphNames.LOSS).getDouble(0) - out.get(GraphNames.DATA_LOSS).sumNumber().doubleValue();
        assertEquals(l2Penalty(1), penalty, 1e-5 * l2Penalty(1), "run 1's penalty on run 1's weights; run 0 has none");
    }

    @Test
    void l1_penalty_is_lambda_over_n_times_the_sum_of_absolute_weights_without_biases() {
        Map<String, INDArray> out = outputs(stackWithKnownWeights(run(LossKind.MSE, Regularizers.L1, LAMBDA),
                run(LossKind.CE, Regularizers.NONE, 0)));
        double penalty = out.get(GraphNames.LOSS).getDouble(0) - out.get(GraphNames.DATA_LOSS).sumNumber().doubleValue();
        assertEquals(l1Penalty(0), penalty, 1e-5 * l1Penalty(0), "run 0's penalty on run 0's weights; run 1 has none");
    }

    @Test
    void no_regularizer_means_no_penalty_term() {
        Map<String, INDArray> out = outputs(stackWithKnownWeights(run(LossKind.CE, Regularizers.NONE, 0),
                run(LossKind.MSE, Regularizers.NONE, 0)));
        assertEquals(out.get(GraphNames.DATA_LOSS).sumNumber().doubleValue(), out.get(GraphNames.LOSS).getDouble(0), 1e-6);
    }

    @Test
    void the_objective_is_the_sum_over_the_runs_of_data_loss_plus_penalty() {
        Map<String, INDArray> out = outputs(stackWithKnownWeights(run(LossKind.CE, Regularizers.NONE, 0),
                run(LossKind.CE, Regularizers.L2, LAMBDA), run(LossKind.MSE, Regularizers.L1, LAMBDA),
                run(LossKind.MSE, Regularizers.L2, LAMBDA)));
        double expected = crossEntropy(0) + crossEntropy(1) + l2Penalty(1) + squaredError(2) + l1Penalty(2)
                + squaredError(3) + l2Penalty(3);
        assertEquals(expected, out.get(GraphNames.LOSS).getDouble(0), 1e-5 * expected);
    }
}
