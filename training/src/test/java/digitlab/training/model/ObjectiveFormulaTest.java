package digitlab.training.model;

import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import static org.junit.jupiter.api.Assertions.assertEquals;

import digitlab.core.data.PixelScaling;
import digitlab.core.data.Split;
import digitlab.core.model.ModelContract;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The loss and penalty values on hand-made weights, against the formulas computed here in plain Java. */
class ObjectiveFormulaTest {
    private static final int N = 50; // training-set size in the penalties
    private static final int[] LAYERS = {784, 3, 10};

    private static SingleRunOracle graphWithKnownWeights(LossKind loss, Regularizer reg, double lambda) {
        TrainConfig config = new TrainConfig(loss, reg, lambda, LAYERS, ActivationKind.RELU, 0.01, 2, 1, 0, "mnist",
                new Split("seed", N, 10), PixelScaling.UNIT);
        SingleRunOracle g = SingleRunOracle.build(config, new Random(0), N);
        SameDiff sd = g.sameDiff();
        sd.getArrForVarName("w0").assign(Nd4j.arange(784 * 3).reshape(784, 3).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).divi(784 * 3).subi(0.5));
        sd.getArrForVarName("b0").assign(Nd4j.createFromArray(0.1f, -0.2f, 0.3f));
        sd.getArrForVarName("w1").assign(Nd4j.arange(30).reshape(3, 10).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).divi(-10).addi(1));
        sd.getArrForVarName("b1").assign(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 10).addi(0.05));
        return g;
    }

    private static double sum(INDArray a, java.util.function.DoubleUnaryOperator f) {
        double s = 0;
        for (float v : a.dup('c').data().asFloat()) {
            s += f.applyAsDouble(v);
        }
        return s;
    }

    private static Map<String, INDArray> inputs() {
        float[] pixels = new float[2 * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i % 7) / 7f;
        }
        float[] labels = new float[20];
        labels[3] = 1;
        labels[10 + 8] = 1;
        Map<String, INDArray> in = new HashMap<>();
        in.put(ModelContract.INPUT, Nd4j.create(pixels, new long[] {2, 784}, 'c'));
        in.put(GraphNames.LABELS, Nd4j.create(labels, new long[] {2, 10}, 'c'));
        return in;
    }

    @Test
    void l2_penalty_is_lambda_over_2n_times_the_sum_of_squared_weights_without_biases() {
        SingleRunOracle g = graphWithKnownWeights(LossKind.CE, Regularizers.L2, 0.3);
        SameDiff sd = g.sameDiff();
        double expected = 0.3 / (2 * N) * (sum(sd.getArrForVarName("w0"), v -> v * v) + sum(sd.getArrForVarName("w1"), v -> v * v));
        assertEquals(expected, sd.outputSingle(inputs(), SingleRunOracle.PENALTY).getDouble(0), 1e-6 * expected);
    }

    @Test
    void l1_penalty_is_lambda_over_n_times_the_sum_of_absolute_weights_without_biases() {
        SingleRunOracle g = graphWithKnownWeights(LossKind.CE, Regularizers.L1, 0.3);
        SameDiff sd = g.sameDiff();
        double expected = 0.3 / N * (sum(sd.getArrForVarName("w0"), Math::abs) + sum(sd.getArrForVarName("w1"), Math::abs));
        assertEquals(expected, sd.outputSingle(inputs(), SingleRunOracle.PENALTY).getDouble(0), 1e-6 * expected);
    }

    @Test
    void total_loss_is_data_loss_plus_penalty() {
        SameDiff sd = graphWithKnownWeights(LossKind.MSE, Regularizers.L2, 0.3).sameDiff();
        Map<String, INDArray> out = sd.output(inputs(), GraphNames.LOSS, GraphNames.DATA_LOSS, SingleRunOracle.PENALTY);
        assertEquals(out.get(GraphNames.DATA_LOSS).getDouble(0) + out.get(SingleRunOracle.PENALTY).getDouble(0),
                out.get(GraphNames.LOSS).getDouble(0), 1e-6);
    }

    @Test
    void cross_entropy_is_the_mean_negative_log_softmax_of_the_true_class() {
        SameDiff sd = graphWithKnownWeights(LossKind.CE, Regularizers.NONE, 0).sameDiff();
        Map<String, INDArray> out = sd.output(inputs(), GraphNames.LOGITS, GraphNames.DATA_LOSS);
        float[] z = out.get(GraphNames.LOGITS).dup('c').data().asFloat();
        int[] truth = {3, 8};
        double expected = 0;
        for (int r = 0; r < 2; r++) {
            double logSum = 0;
            for (int c = 0; c < 10; c++) {
                logSum += Math.exp(z[r * 10 + c]);
            }
            expected += (Math.log(logSum) - z[r * 10 + truth[r]]) / 2;
        }
        assertEquals(expected, out.get(GraphNames.DATA_LOSS).getDouble(0), 1e-5);
    }

    @Test
    void mse_is_the_mean_over_batch_and_classes_of_squared_error_on_raw_outputs() {
        SameDiff sd = graphWithKnownWeights(LossKind.MSE, Regularizers.NONE, 0).sameDiff();
        Map<String, INDArray> in = inputs();
        Map<String, INDArray> out = sd.output(in, GraphNames.LOGITS, GraphNames.DATA_LOSS);
        float[] z = out.get(GraphNames.LOGITS).dup('c').data().asFloat();
        float[] y = in.get(GraphNames.LABELS).dup('c').data().asFloat();
        double expected = 0;
        for (int i = 0; i < 20; i++) {
            expected += (z[i] - y[i]) * (z[i] - y[i]) / 20.0;
        }
        assertEquals(expected, out.get(GraphNames.DATA_LOSS).getDouble(0), 1e-5);
    }

    @Test
    void no_regularizer_means_no_penalty_term() {
        SameDiff sd = graphWithKnownWeights(LossKind.CE, Regularizers.NONE, 0).sameDiff();
        Map<String, INDArray> out = sd.output(inputs(), GraphNames.LOSS, GraphNames.DATA_LOSS);
        assertEquals(out.get(GraphNames.DATA_LOSS).getDouble(0), out.get(GraphNames.LOSS).getDouble(0), 0.0);
        assertEquals(false, sd.hasVariable(SingleRunOracle.PENALTY));
    }
}
