package digitlab.training.model;

import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import static org.junit.jupiter.api.Assertions.assertEquals;

import digitlab.core.data.PixelScaling;
import digitlab.core.data.Split;
import digitlab.core.model.ModelContract;
import digitlab.training.TestData;
import digitlab.training.train.DropoutMasks;
import digitlab.training.train.TrainingData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gradients training steps by, SameDiff's of each loss plus {@link WeightPenalties}' of each
 * penalty, in the stacked graph that training uses (the objective stacked beside a plain CE run),
 * against central finite differences of the objective (the graph's loss plus the penalty, computed
 * here from its formula),
 * along a random direction per parameter (a float32 graph: single-weight differences would drown
 * in rounding, a directional one sums many weights' contributions).
 */
class GradientCheckTest {
    private static final int EXAMPLES = 16;
    /** The n of the penalties' lambda/n: 20, not the batch, so that they are visibly part of the gradient. */
    private static final int N = 20;

    static Stream<Arguments> objectives() {
        return Stream.of(
                Arguments.of(LossKind.CE, Regularizers.NONE, 0.0),
                Arguments.of(LossKind.MSE, Regularizers.NONE, 0.0),
                Arguments.of(LossKind.CE, Regularizers.L1, 5.0),
                Arguments.of(LossKind.CE, Regularizers.L2, 5.0),
                Arguments.of(LossKind.MSE, Regularizers.L2, 5.0),
                Arguments.of(LossKind.CE, Regularizers.DROPOUT, 0.5));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("objectives")
    void gradients_match_finite_differences(LossKind loss, Regularizer reg, double strength) {
        TrainConfig config = new TrainConfig(loss, reg, strength, new int[] {784, 12, 8, 10}, ActivationKind.TANH, 0.01,
                EXAMPLES, 1, 3, "mnist", new Split("seed", EXAMPLES, 10), PixelScaling.UNIT);
        check(new StackedMlpGraph(List.of(config, config.withObjective(LossKind.CE, Regularizers.NONE, 0))));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("objectives")
    void a_convolutional_networks_gradients_match_finite_differences_too(LossKind loss, Regularizer reg, double strength) {
        TrainConfig config = new TrainConfig(loss, reg, strength, Network.parse("conv3x3x3,tanh,pool2,conv3x3x4,tanh,flatten,dense10"),
                0.01, EXAMPLES, 1, 3, "mnist", new Split("seed", EXAMPLES, 10), PixelScaling.UNIT, Recipe.STUDY);
        check(TrainingGraph.of(List.of(config)));
    }

    private static void check(TrainingGraph graph) {
        SameDiff sd = graph.sameDiff();
        Map<String, INDArray> inputs = inputs(graph);

        List<String> params = sd.variables().stream()
                .filter(v -> v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE)
                .map(SDVariable::name).toList();
        Map<String, INDArray> grads = sd.calculateGradients(inputs, params);
        WeightPenalties penalties = WeightPenalties.of(graph, N);
        for (String p : params) {
            if (penalties != null) {
                penalties.apply(sd.getArrForVarName(p), grads.get(p), 0.01, 0, 0);
            }
        }
        Random rng = new Random(11);
        for (String p : params) {
            INDArray w = sd.getArrForVarName(p);
            float[] values = w.dup('c').data().asFloat();
            double eps = 1e-2;
            float[] d = new float[(int) w.length()];
            for (int i = 0; i < d.length; i++) {
                // Weights the step could carry across zero stay put: |w| has a kink there, which
                // the finite difference would smear while the gradient takes sign(w).
                d[i] = Math.abs(values[i]) < eps ? 0f : rng.nextFloat() - 0.5f;
            }
            INDArray direction = Nd4j.create(d, w.shape(), 'c');
            double analytic = grads.get(p).mul(direction).sumNumber().doubleValue();
            w.addi(direction.mul(eps));
            double plus = objective(graph, inputs);
            w.subi(direction.mul(2 * eps));
            double minus = objective(graph, inputs);
            w.addi(direction.mul(eps));
            double numeric = (plus - minus) / (2 * eps);
            assertEquals(analytic, numeric, 1e-3 + 2e-2 * Math.abs(analytic), p);
        }
    }

    /** The graph's loss plus each run's penalty: L1 lambda/n * sum |w|, L2 lambda/(2n) * sum w^2, over its weights. */
    private static double objective(TrainingGraph graph, Map<String, INDArray> inputs) {
        double total = graph.sameDiff().outputSingle(inputs, GraphNames.LOSS).getDouble(0);
        for (int r = 0; r < graph.runs().size(); r++) {
            TrainConfig c = graph.runs().get(r);
            for (Map.Entry<String, WeightPenalties.RunBlock> weight : graph.weightBlocks().entrySet()) {
                INDArray w = weight.getValue().of(graph.sameDiff().getArrForVarName(weight.getKey()), r);
                if (c.regularizer() == Regularizers.L1) {
                    total += c.strength() / N * w.norm1Number().doubleValue();
                } else if (c.regularizer() == Regularizers.L2) {
                    total += c.strength() / (2.0 * N) * w.mul(w).sumNumber().doubleValue();
                }
            }
        }
        return total;
    }

    private static Map<String, INDArray> inputs(TrainingGraph graph) {
        TrainingData data = TestData.trainingData(EXAMPLES, 10);
        Map<String, INDArray> in = new HashMap<>();
        in.put(ModelContract.INPUT, data.trainX());
        in.put(GraphNames.LABELS, data.trainY());
        DropoutMasks masks = new DropoutMasks(new Random(5), 0.5);
        int runs = graph.runs().size();
        for (int l = 0; l < graph.maskNames().size(); l++) {
            int width = graph.maskWidth(l);
            long[] shape = graph.maskShape(l, EXAMPLES);
            in.put(graph.maskNames().get(l), Nd4j.create(masks.drawValues(runs * EXAMPLES * width), shape, 'c'));
        }
        return in;
    }
}
