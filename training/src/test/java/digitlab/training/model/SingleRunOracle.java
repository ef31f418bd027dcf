package digitlab.training.model;

import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
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
 * One run's MLP and training objective as one plain SameDiff graph, written the straightforward
 * way (SameDiff's fused softmax cross-entropy, {@code square}, a sum per weight matrix): the oracle
 * that {@link StackedMlpGraph}, which trains runs for real, is checked against.
 *
 * <p>Inference path: {@code pixels -> [matmul, add, activation, (dropout mask)] x hidden -> matmul, add
 * -> logits -> softmax -> probabilities}. Training adds {@code labels}, the data loss and the penalty.
 * Dropout is a multiplication by a mask placeholder the trainer fills (0 or 1/keep while training,
 * all ones for evaluation): SameDiff M2.1's own dropout ops have no gradient.
 */
public final class SingleRunOracle {
    private final SameDiff sd;
    private final TrainConfig config;
    private final List<SDVariable> weights = new ArrayList<>();
    private final List<String> maskNames = new ArrayList<>();
    private final List<Integer> maskWidths = new ArrayList<>();

    private SingleRunOracle(SameDiff sd, TrainConfig config) {
        this.sd = sd;
        this.config = config;
    }

    /** Builds the graph with weights drawn from {@code initRng}; {@code trainSize} is the n of the penalties. */
    public static SingleRunOracle build(TrainConfig config, Random initRng, int trainSize) {
        return withParameters(config, config.network().initialParameters(initRng), trainSize);
    }

    /**
     * Builds the graph around given weights and biases, {@code [w0, b0, w1, b1, ...]} as
     * {@link Network#initialParameters} lays them out.
     */
    public static SingleRunOracle withParameters(TrainConfig config, List<INDArray> parameters, int trainSize) {
        SingleRunOracle g = new SingleRunOracle(SameDiff.create(), config);
        g.define(parameters, trainSize);
        return g;
    }

    private void define(List<INDArray> parameters, int n) {
        Network network = config.network();
        SDVariable pixels = sd.placeHolder(ModelContract.INPUT, DataType.FLOAT, -1, ModelContract.FEATURES);
        SDVariable labels = sd.placeHolder(GraphNames.LABELS, DataType.FLOAT, -1, ModelContract.CLASSES);
        Network.Masks masks = config.regularizer() != Regularizers.DROPOUT ? Network.Masks.NONE : (k, shape) -> {
            String mask = GraphNames.mask(k);
            maskNames.add(mask);
            maskWidths.add((int) shape[0]);
            return sd.placeHolder(mask, DataType.FLOAT, -1, shape[0]);
        };
        SDVariable h = network.logits(sd, pixels, parameters, masks);
        List<String> names = network.parameterNames();
        for (int p = 0; p < names.size(); p += 2) { // [w0, b0, w1, b1, ...]: the weights
            weights.add(sd.getVariable(names.get(p)));
        }
        SDVariable logits = sd.identity(GraphNames.LOGITS, h);
        sd.nn.softmax(ModelContract.OUTPUT, logits, 1);

        SDVariable dataLoss = switch (config.loss()) {
            case CE -> sd.loss.softmaxCrossEntropy(GraphNames.DATA_LOSS, labels, logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
            case MSE -> sd.math.square(logits.sub(labels)).mean(GraphNames.DATA_LOSS);
        };
        double lambda = config.strength();
        SDVariable penalty = null;
        if (config.regularizer() == Regularizers.L1) {
            penalty = sumOver(weights, sd.math::abs).mul(lambda / n);          // lambda/n * sum|w|
        } else if (config.regularizer() == Regularizers.L2) {
            penalty = sumOver(weights, sd.math::square).mul(lambda / (2.0 * n)); // lambda/(2n) * sum w^2
        }
        SDVariable loss = penalty == null ? sd.identity(GraphNames.LOSS, dataLoss) : dataLoss.add(GraphNames.LOSS, penalty);
        sd.setLossVariables(loss);
    }

    private static SDVariable sumOver(List<SDVariable> ws, java.util.function.UnaryOperator<SDVariable> f) {
        SDVariable total = null;
        for (SDVariable w : ws) {
            SDVariable term = f.apply(w).sum();
            total = total == null ? term : total.add(term);
        }
        return total;
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
        return maskWidths.get(l);
    }
}
