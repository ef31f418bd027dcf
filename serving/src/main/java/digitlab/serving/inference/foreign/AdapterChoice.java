package digitlab.serving.inference.foreign;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import digitlab.core.model.ModelContract;
import digitlab.serving.inference.foreign.ModelAdapter.Layout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a session's inputs and outputs (and Triton's config, when there is one) to choose how a
 * {@link ModelAdapter} feeds and reads the model, or says in one sentence why it cannot be served.
 */
public final class AdapterChoice {
    private AdapterChoice() {}

    /**
     * @param config Triton's config of the model, or null for a flat file
     * @throws IllegalArgumentException with the sentence saying why the file cannot be served
     */
    public static ModelAdapter of(Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs, TritonConfig config,
            Declaration declaration) {
        NodeInfo in = chooseInput(inputs, config);
        if (!(in.getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.FLOAT) {
            throw new IllegalArgumentException("its input '" + in.getName() + "' is " + in.getInfo()
                    + "; a digit classifier here takes float32");
        }
        long[] shape = info.getShape();
        Layout layout = layoutOf(shape);
        if (layout == null) {
            throw new IllegalArgumentException("its input '" + in.getName() + "' is float32 " + Arrays.toString(shape)
                    + "; a digit classifier here takes [N, 784] (or [N, W], W < 784: the first W pixels), "
                    + "[N, 28, 28], [N, 1, 28, 28] or [N, 28, 28, 1]");
        }
        int maxBatch = 0;
        if (config != null) {
            checkDims(config.inputs(), in.getName(), shape, config.maxBatchSize());
            maxBatch = Math.max(0, config.maxBatchSize());
        }
        NodeInfo out = chooseOutput(outputs, config);
        boolean contract = in.getName().equals(ModelContract.INPUT) && out.getName().equals(ModelContract.OUTPUT)
                && layout == Layout.FLAT && shape[1] == ModelContract.FEATURES;
        return new ModelAdapter(in.getName(), layout, layout == Layout.FLAT ? (int) shape[1] : ModelContract.FEATURES,
                shape[0] > 0 ? (int) shape[0] : 0, maxBatch, out.getName(), out.getInfo() instanceof SequenceInfo,
                declaration, contract && declaration.output() == OutputKind.AUTO, false);
    }

    private static NodeInfo chooseInput(Map<String, NodeInfo> inputs, TritonConfig config) {
        if (inputs.size() == 1) {
            return inputs.values().iterator().next();
        }
        List<String> preferred = new ArrayList<>();
        if (config != null) {
            config.inputs().forEach(t -> preferred.add(t.name()));
        }
        preferred.add(ModelContract.INPUT);
        for (String name : preferred) {
            if (inputs.containsKey(name)) {
                return inputs.get(name);
            }
        }
        throw new IllegalArgumentException("it has " + inputs.size() + " inputs " + inputs.keySet()
                + "; a digit classifier here takes one (or names it first in config.pbtxt)");
    }

    /** The named output first (config.pbtxt's, then the contract's), else the first one that fits. */
    private static NodeInfo chooseOutput(Map<String, NodeInfo> outputs, TritonConfig config) {
        List<NodeInfo> order = new ArrayList<>();
        if (config != null) {
            config.outputs().forEach(t -> {
                if (outputs.containsKey(t.name())) {
                    order.add(outputs.get(t.name()));
                }
            });
        }
        if (outputs.containsKey(ModelContract.OUTPUT)) {
            order.add(outputs.get(ModelContract.OUTPUT));
        }
        order.addAll(outputs.values());
        for (NodeInfo node : order) {
            if (tenPerDigit(node) || mapOfClasses(node)) {
                return node;
            }
        }
        throw new IllegalArgumentException("none of its outputs " + describe(outputs)
                + " gives ten float scores per digit (float32 [N, 10]) or a sequence of maps from class to probability");
    }

    private static boolean tenPerDigit(NodeInfo node) {
        if (!(node.getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT || t.getShape().length < 2) {
            return false;
        }
        long perDigit = 1;
        for (int d = 1; d < t.getShape().length; d++) {
            perDigit *= t.getShape()[d];
        }
        return perDigit == ModelContract.CLASSES;
    }

    private static boolean mapOfClasses(NodeInfo node) {
        if (!(node.getInfo() instanceof SequenceInfo s) || !s.isSequenceOfMaps()) {
            return false;
        }
        MapInfo m = s.mapInfo;
        return (m.keyType == OnnxJavaType.INT64 || m.keyType == OnnxJavaType.STRING) && m.valueType == OnnxJavaType.FLOAT;
    }

    private static Layout layoutOf(long[] s) {
        if (s.length == 2 && s[1] > 0 && s[1] <= ModelContract.FEATURES) {
            return Layout.FLAT;
        }
        if (s.length == 3 && s[1] == 28 && s[2] == 28) {
            return Layout.HW;
        }
        if (s.length == 4 && s[1] == 1 && s[2] == 28 && s[3] == 28) {
            return Layout.NCHW;
        }
        if (s.length == 4 && s[1] == 28 && s[2] == 28 && s[3] == 1) {
            return Layout.NHWC;
        }
        return null;
    }

    /** Triton refuses a config whose dims disagree with the file's; so does this server, saying where. */
    private static void checkDims(List<TritonConfig.Tensor> declared, String name, long[] shape, int maxBatchSize) {
        for (TritonConfig.Tensor t : declared) {
            if (!t.name().equals(name) || t.dims().isEmpty()) {
                continue;
            }
            long[] fileDims = maxBatchSize > 0 ? Arrays.copyOfRange(shape, 1, shape.length) : shape;
            boolean fits = t.dims().size() == fileDims.length;
            for (int d = 0; fits && d < fileDims.length; d++) {
                long c = t.dims().get(d);
                fits = c < 0 || fileDims[d] < 0 || c == fileDims[d];
            }
            if (!fits) {
                throw new IllegalArgumentException("config.pbtxt gives input '" + name + "' dims " + t.dims()
                        + (maxBatchSize > 0 ? " (max_batch_size " + maxBatchSize + ", so without the batch)" : "")
                        + " but the file has " + Arrays.toString(shape));
            }
        }
    }

    private static String describe(Map<String, NodeInfo> nodes) {
        return nodes.values().stream().map(n -> n.getName() + " " + n.getInfo()).collect(Collectors.joining(", ", "[", "]"));
    }
}
