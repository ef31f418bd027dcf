package digitlab.training.model;

import digitlab.core.model.ModelContract;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained network as a plain value: its layer sizes, activation and parameters. What training
 * hands on to be saved and exported; dropout and the objective belong to training and are not here.
 *
 * @param parameters {@code [w0, b0, w1, b1, ...]}: weights {@code [in, out]}, biases {@code [out]}
 */
public record TrainedNetwork(int[] layers, ActivationKind activation, List<INDArray> parameters) {

    public TrainedNetwork {
        layers = layers.clone();
        parameters = List.copyOf(parameters);
        if (parameters.size() != 2 * (layers.length - 1)) {
            throw new IllegalArgumentException("A network of " + layers.length + " layers has "
                    + 2 * (layers.length - 1) + " parameter arrays, not " + parameters.size() + ".");
        }
    }

    @Override
    public int[] layers() {
        return layers.clone();
    }

    /**
     * The inference graph, {@code pixels -> [matmul, add, activation] x hidden -> matmul, add -> logits
     * -> softmax -> probabilities}: what is saved as model.fb and exported to ONNX.
     */
    public SameDiff inferenceGraph() {
        SameDiff sd = SameDiff.create();
        SDVariable h = sd.placeHolder(ModelContract.INPUT, DataType.FLOAT, -1, layers[0]);
        for (int l = 0; l + 1 < layers.length; l++) {
            SDVariable z = h.mmul(sd.var(GraphNames.weight(l), parameters.get(2 * l)))
                    .add(sd.var(GraphNames.bias(l), parameters.get(2 * l + 1)));
            h = l + 2 == layers.length ? z : activation.apply(sd, z);
        }
        sd.nn.softmax(ModelContract.OUTPUT, sd.identity(GraphNames.LOGITS, h), 1);
        return sd;
    }

    /** The class probabilities for {@code pixels}, {@code [N, 784]}. */
    public INDArray probabilities(INDArray pixels) {
        return inferenceGraph().outputSingle(java.util.Map.of(ModelContract.INPUT, pixels), ModelContract.OUTPUT);
    }
}
