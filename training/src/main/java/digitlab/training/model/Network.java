package digitlab.training.model;

import digitlab.core.cli.UsageException;
import digitlab.core.model.ModelContract;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network: one list of layer specs from the contract's {@code pixels [N, 784]} to the
 * {@code [N, 10]} logits that a softmax turns into {@code probabilities}. The inference graph, the
 * training graphs, the initial weights and the dropout masks all read it; the study's MLP is
 * {@link #mlp}{@code (784,128,128,128,10, relu)}.
 *
 * <p>Parameters: layer {@code l}'s weight and bias are named {@link GraphNames#weight}{@code (l)} and
 * {@link GraphNames#bias}{@code (l)}, {@code l} counting the layers that have parameters (so an MLP's
 * are w0, b0, w1, ...), and listed in that order, {@code [w0, b0, w1, b1, ...]}.
 */
public record Network(List<LayerSpec> layers) {
    /** One sample of the contract's input. */
    private static final long[] INPUT = {ModelContract.FEATURES};
    /** The same pixels as the image they are, for layers that take images. */
    private static final long[] IMAGE = {1, ModelContract.IMAGE_SIDE, ModelContract.IMAGE_SIDE};

    public Network {
        layers = List.copyOf(layers);
        long[] out = outputShape(layers);
        if (!Arrays.equals(out, new long[] {ModelContract.CLASSES})) {
            throw new UsageException("The network must end with " + ModelContract.CLASSES + " outputs, not "
                    + Arrays.toString(out) + ".");
        }
    }

    /** Dense layers of the given sizes (input first, 784, and output last, 10), {@code activation} after each hidden one. */
    public static Network mlp(int[] sizes, ActivationKind activation) {
        if (sizes.length < 2 || sizes[0] != ModelContract.FEATURES || sizes[sizes.length - 1] != ModelContract.CLASSES) {
            throw new UsageException("The layer sizes must start with " + ModelContract.FEATURES
                    + " and end with " + ModelContract.CLASSES + ", not " + Arrays.toString(sizes) + ".");
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (int l = 1; l < sizes.length; l++) {
            layers.add(new Dense(sizes[l]));
            if (l + 1 < sizes.length) {
                layers.add(new Activation(activation));
            }
        }
        return new Network(layers);
    }

    private static long[] outputShape(List<LayerSpec> layers) {
        long[] shape = INPUT;
        for (LayerSpec layer : layers) {
            shape = layer.outputShape(inputFor(layer, shape));
        }
        return shape;
    }

    /** The 784 pixels are a 1x28x28 image to a layer that takes images: the reshape inside the graph. */
    private static long[] inputFor(LayerSpec layer, long[] shape) {
        return layer.inputRank() == 3 && shape.length == 1 ? IMAGE : shape;
    }

    /** Whether every layer is dense or an activation: the networks the stacked graph trains together. */
    public boolean denseOnly() {
        return layers.stream().allMatch(l -> l instanceof Dense || l instanceof Activation);
    }

    /** A dense network's sizes, input to output: {@code [784, 128, ..., 10]}. */
    public int[] denseSizes() {
        if (!denseOnly()) {
            throw new IllegalStateException("The network " + id() + " is not made of dense layers only.");
        }
        List<Integer> sizes = new ArrayList<>(List.of(ModelContract.FEATURES));
        layers.stream().filter(l -> l instanceof Dense).forEach(l -> sizes.add(((Dense) l).units()));
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The activation of the hidden layers (relu when there are none): what run.json's {@code activation} records. */
    public ActivationKind activation() {
        return layers.stream().filter(l -> l instanceof Activation).map(l -> ((Activation) l).kind()).findFirst()
                .orElse(ActivationKind.RELU);
    }

    /** Each layer's input shape, in order (the first layer's is the contract's, or its image). */
    private List<long[]> inputShapes() {
        List<long[]> shapes = new ArrayList<>();
        long[] shape = INPUT;
        for (LayerSpec layer : layers) {
            shapes.add(inputFor(layer, shape));
            shape = layer.outputShape(inputFor(layer, shape));
        }
        return shapes;
    }

    /** The starting parameters, {@code [w0, b0, w1, b1, ...]}, drawn from {@code rng} layer by layer. */
    public List<INDArray> initialParameters(Random rng) {
        List<INDArray> parameters = new ArrayList<>();
        List<long[]> inputs = inputShapes();
        for (int i = 0; i < layers.size(); i++) {
            parameters.addAll(layers.get(i).initialParameters(inputs.get(i), rng));
        }
        return parameters;
    }

    /** Names of the parameter arrays, in {@link #initialParameters}' order. */
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).parameterCount() > 0) {
                int l = names.size() / 2;
                names.add(GraphNames.weight(l));
                names.add(GraphNames.bias(l));
            }
        }
        return names;
    }

    /** Supplies the dropout mask placeholder number {@code k} of one-sample shape {@code shape}. */
    @FunctionalInterface
    public interface Masks {
        Masks NONE = null;

        SDVariable mask(int k, long[] shape);
    }

    /**
     * The network in {@code sd}, from {@code pixels} {@code [B, 784]} to logits {@code [B, 10]}, its
     * parameters made variables from {@code values} ({@link #parameterNames} order) and, when
     * {@code masks} is not null, each hidden activation multiplied by its dropout mask.
     */
    public SDVariable logits(SameDiff sd, SDVariable pixels, List<INDArray> values, Masks masks) {
        SDVariable h = pixels;
        List<long[]> inputs = inputShapes();
        List<String> names = parameterNames();
        int p = 0;
        int k = 0;
        long[] shape = INPUT;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            if (inputs.get(i).length != shape.length) {
                h = h.reshape(batchShape(inputs.get(i)));
            }
            List<SDVariable> parameters = new ArrayList<>();
            for (int j = 0; j < layer.parameterCount(); j++, p++) {
                parameters.add(sd.var(names.get(p), values.get(p)));
            }
            h = layer.apply(sd, h, inputs.get(i), parameters);
            shape = layer.outputShape(inputs.get(i));
            if (masks != null && layer.droppable()) {
                h = h.mul(masks.mask(k++, shape));
            }
        }
        return h;
    }

    /** {@code [-1, shape...]}: a batch of samples of {@code shape}. */
    public static long[] batchShape(long[] shape) {
        long[] batch = new long[shape.length + 1];
        batch[0] = -1;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        return batch;
    }

    /** The small convolutional network {@code --network cnn} names: two 5x5 convolutions (16, 32 filters), each pooled 2x2, then 128 dense units. */
    public static final String CNN = "conv5x5x16,relu,pool2,conv5x5x32,relu,pool2,flatten,dense128,relu,dense10";

    /**
     * A network from its string ({@link #id}): comma-separated layers, {@code dense<units>},
     * {@code relu}/{@code sigmoid}/{@code tanh}, {@code conv<k>x<k>x<filters>}, {@code pool<size>},
     * {@code flatten}; or {@code cnn} for {@link #CNN} and {@code mlp} for the study's MLP.
     */
    public static Network parse(String text) {
        String spec = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (spec.equals("mlp")) {
            return mlp(TrainConfig.DEFAULT_LAYERS, ActivationKind.RELU);
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (String layer : (spec.equals("cnn") ? CNN : spec).split(",")) {
            layers.add(parseLayer(layer.strip()));
        }
        try {
            return new Network(layers);
        } catch (IllegalArgumentException e) {
            throw new UsageException("The network '" + text + "' does not fit together: " + e.getMessage());
        }
    }

    private static LayerSpec parseLayer(String layer) {
        java.util.regex.Matcher m;
        if ((m = java.util.regex.Pattern.compile("dense(\\d+)").matcher(layer)).matches()) {
            return new Dense(Integer.parseInt(m.group(1)));
        }
        if ((m = java.util.regex.Pattern.compile("conv(\\d+)x(\\d+)x(\\d+)").matcher(layer)).matches()
                && m.group(1).equals(m.group(2))) {
            return new Conv2d(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(1)));
        }
        if ((m = java.util.regex.Pattern.compile("pool(\\d+)").matcher(layer)).matches()) {
            return new MaxPool2d(Integer.parseInt(m.group(1)));
        }
        if (layer.equals("flatten")) {
            return new Flatten();
        }
        for (ActivationKind kind : ActivationKind.values()) {
            if (kind.id().equals(layer)) {
                return new Activation(kind);
            }
        }
        throw new UsageException("Unknown layer '" + layer + "' in --network: use dense<units>, relu, sigmoid, tanh, "
                + "conv<k>x<k>x<filters> (k odd), pool<size>, flatten; or the whole network 'cnn' or 'mlp'.");
    }

    /** The network string: its layers' ids joined by commas, e.g. {@code dense128,relu,dense10}. */
    public String id() {
        return layers.stream().map(LayerSpec::id).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return id();
    }
}
