package digitlab.training.model;

import java.util.List;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One layer of a {@link Network}: what it computes on one batch, the shape it gives one sample and
 * the parameters it starts from. Every graph (inference, single-run training, the stacked graph for
 * dense networks) and the initial weights read a network through these methods; the ONNX exporter
 * maps the SameDiff ops {@link #apply} builds. A new layer type is a new implementation here plus
 * the export of its ops in {@code OnnxGraphBuilder}.
 *
 * <p>Shapes are one sample's, without the batch dimension: {@code [784]} for a vector,
 * {@code [channels, height, width]} for an image (NCHW, as ONNX's Conv and MaxPool take it).
 */
public sealed interface LayerSpec permits Dense, Activation, Conv2d, MaxPool2d, Flatten {
    /** One sample's output shape for an input of shape {@code input}; throws when the layer cannot take it. */
    long[] outputShape(long[] input);

    /**
     * The layer's parameters for an input of shape {@code input}, drawn from {@code rng} in order:
     * none (the default), or a weight then a bias.
     */
    default List<INDArray> initialParameters(long[] input, Random rng) {
        return List.of();
    }

    /** How many parameter arrays the layer has: 0, or 2 (a weight and a bias). */
    default int parameterCount() {
        return 0;
    }

    /** This layer on a batch {@code h} of samples of shape {@code input} in {@code sd}, with its parameters (as {@link #initialParameters} lays them out). */
    SDVariable apply(SameDiff sd, SDVariable h, long[] input, List<SDVariable> parameters);

    /** The rank of one sample's input this layer takes: 1 (a vector), 3 (an image) or 0 (any). */
    int inputRank();

    /** Whether dropout, when a run uses it, masks this layer's output: true for hidden activations. */
    default boolean droppable() {
        return false;
    }

    /** The layer as a network string spells it (see {@link Network#parse}). */
    String id();
}
