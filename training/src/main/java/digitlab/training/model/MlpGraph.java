package digitlab.training.model;

import digitlab.core.model.ModelContract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.autodiff.loss.LossReduce;

/**
 * One run's MLP and training objective as one SameDiff graph: the definition of a run. Training
 * happens in a {@link StackedMlpGraph} (which must compute the same, see its tests); a trained run
 * comes back as this graph, to save and to export.
 *
 * <p>Inference path: {@code pixels -> [matmul, add, activation, (dropout mask)] x hidden -> matmul, add
 * -> logits -> softmax -> probabilities}. Training adds {@code labels}, the data loss and the penalty.
 * Dropout is a multiplication by a mask placeholder the trainer fills (0 or 1/keep while training,
 * all ones for evaluation): SameDiff M2.1's own dropout ops have no gradient.
 */
public final class MlpGraph {
    public static final String LABELS = "labels";
    public static final String LOGITS = "logits";
    public static final String DATA_LOSS = "data_loss";
    public static final String PENALTY = "penalty";
    public static final String LOSS = "loss";

    private final SameDiff sd;
    private final TrainConfig config;
    private final List<SDVariable> weights = new ArrayList<>();
    private final List<String> maskNames = new ArrayList<>();

    private MlpGraph(SameDiff sd, TrainConfig config) {
        this.sd = sd;
        this.config = config;
    }

    /** Builds the graph with weights drawn from {@code initRng}; {@code trainSize} is the n of the penalties. */
    public static MlpGraph build(TrainConfig config, Random initRng, int trainSize) {
        return withParameters(config, initialParameters(config.layers(), initRng), trainSize);
    }

    /**
     * Builds the graph around given weights and biases, {@code [w0, b0, w1, b1, ...]} as
     * {@link #initialParameters} lays them out: e.g. a run trained in a stack.
     */
    public static MlpGraph withParameters(TrainConfig config, List<INDArray> parameters, int trainSize) {
        MlpGraph g = new MlpGraph(SameDiff.create(), config);
        g.define(parameters, trainSize);
        return g;
    }

    private void define(List<INDArray> parameters, int n) {
        int[] layers = config.layers();
        SDVariable h = sd.placeHolder(ModelContract.INPUT, DataType.FLOAT, -1, layers[0]);
        SDVariable labels = sd.placeHolder(LABELS, DataType.FLOAT, -1, layers[layers.length - 1]);
        for (int l = 0; l + 1 < layers.length; l++) {
            SDVariable w = sd.var("w" + l, parameters.get(2 * l));
            SDVariable b = sd.var("b" + l, parameters.get(2 * l + 1));
            weights.add(w);
            SDVariable z = h.mmul(w).add(b);
            if (l + 2 == layers.length) {
                h = z;
                break;
            }
            h = activation(z);
            if (config.regularizer() == RegularizerKind.DROPOUT) {
                String mask = "mask" + l;
                maskNames.add(mask);
                h = h.mul(sd.placeHolder(mask, DataType.FLOAT, -1, layers[l + 1]));
            }
        }
        SDVariable logits = sd.identity(LOGITS, h);
        sd.nn.softmax(ModelContract.OUTPUT, logits, 1);

        SDVariable dataLoss = switch (config.loss()) {
            case CE -> sd.loss.softmaxCrossEntropy(DATA_LOSS, labels, logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
            case MSE -> sd.math.square(logits.sub(labels)).mean(DATA_LOSS);
        };
        double lambda = config.strength();
        SDVariable penalty = switch (config.regularizer()) {
            case L1 -> sumOver(weights, sd.math::abs).mul(PENALTY, lambda / n);          // lambda/n * sum|w|
            case L2 -> sumOver(weights, sd.math::square).mul(PENALTY, lambda / (2.0 * n)); // lambda/(2n) * sum w^2
            case NONE, DROPOUT -> null;
        };
        SDVariable loss = penalty == null ? sd.identity(LOSS, dataLoss) : dataLoss.add(LOSS, penalty);
        sd.setLossVariables(loss);
    }

    private SDVariable activation(SDVariable z) {
        return switch (config.activation()) {
            case RELU -> sd.nn.relu(z, 0);
            case SIGMOID -> sd.nn.sigmoid(z);
            case TANH -> sd.nn.tanh(z);
        };
    }

    private static SDVariable sumOver(List<SDVariable> ws, java.util.function.UnaryOperator<SDVariable> f) {
        SDVariable total = null;
        for (SDVariable w : ws) {
            SDVariable term = f.apply(w).sum();
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    /**
     * The initial weights and biases, {@code [w0, b0, w1, b1, ...]}, drawn from {@code rng} in that
     * order: a seed always gives the same starting network, whatever the run's objective.
     */
    public static List<INDArray> initialParameters(int[] layers, Random rng) {
        List<INDArray> params = new ArrayList<>();
        for (int l = 0; l + 1 < layers.length; l++) {
            params.add(uniform(rng, layers[l], layers[l], layers[l + 1]));
            params.add(uniform(rng, layers[l], layers[l + 1]));
        }
        return params;
    }

    /** PyTorch nn.Linear's default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), drawn in row-major order. */
    private static INDArray uniform(Random rng, int fanIn, long... shape) {
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = (rng.nextFloat() * 2f - 1f) * bound;
        }
        return Nd4j.create(values, shape, 'c');
    }

    /** The network's class probabilities for {@code pixels}, in inference mode (dropout masks of ones). */
    public INDArray probabilities(INDArray pixels) {
        Map<String, INDArray> in = new HashMap<>();
        in.put(ModelContract.INPUT, pixels);
        for (int l = 0; l < maskNames.size(); l++) {
            in.put(maskNames.get(l), Nd4j.ones(DataType.FLOAT, pixels.rows(), hiddenWidth(l)));
        }
        return sd.outputSingle(in, ModelContract.OUTPUT);
    }

    public SameDiff sameDiff() {
        return sd;
    }

    public TrainConfig config() {
        return config;
    }

    /** Weight matrices only (the penalties' domain), layer by layer. */
    public List<SDVariable> weights() {
        return List.copyOf(weights);
    }

    /** Dropout mask placeholders, one per hidden layer, empty without dropout. */
    public List<String> maskNames() {
        return List.copyOf(maskNames);
    }

    /** Width of hidden layer {@code l}, the mask's second dimension. */
    public int hiddenWidth(int l) {
        return config.layers()[l + 1];
    }
}
