package digitlab.training.model;

import digitlab.core.model.ModelContract;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained network as a plain value: its layer specs and parameters. What training hands on to be
 * saved and exported; dropout and the objective belong to training and are not here.
 *
 * @param parameters {@code [w0, b0, w1, b1, ...]} as {@link Network#initialParameters} lays them out
 */
public record TrainedNetwork(Network network, List<INDArray> parameters) {

    public TrainedNetwork {
        parameters = List.copyOf(parameters);
        int expected = network.parameterNames().size();
        if (parameters.size() != expected) {
            throw new IllegalArgumentException("The network " + network.id() + " has " + expected
                    + " parameter arrays, not " + parameters.size() + ".");
        }
    }

    /**
     * The inference graph, {@code pixels -> the network's layers -> logits -> softmax -> probabilities}:
     * what is saved as model.fb and exported to ONNX.
     */
    public SameDiff inferenceGraph() {
        SameDiff sd = SameDiff.create();
        var pixels = sd.placeHolder(ModelContract.INPUT, DataType.FLOAT, -1, ModelContract.FEATURES);
        var logits = network.logits(sd, pixels, parameters, Network.Masks.NONE);
        sd.nn.softmax(ModelContract.OUTPUT, sd.identity(GraphNames.LOGITS, logits), 1);
        return sd;
    }

    /** The class probabilities for {@code pixels}, {@code [N, 784]}. */
    public INDArray probabilities(INDArray pixels) {
        return inferenceGraph().outputSingle(Map.of(ModelContract.INPUT, pixels), ModelContract.OUTPUT);
    }
}
