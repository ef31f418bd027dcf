package digitlab.training.export;

import digitlab.core.model.ModelContract;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseScalarOp;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ops.impl.shape.Reshape;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Identity;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Translates the inference part of a SameDiff graph, the ops between the {@code pixels} placeholder
 * and the {@code probabilities} output, into an ONNX graph. Only what the output depends on is
 * visited, so labels, losses and penalties are never exported. The graph is a trained network's
 * inference graph ({@code TrainedNetwork.inferenceGraph}), which has no dropout masks: any placeholder
 * other than the input, like any op without a mapping, stops the export.
 */
final class OnnxGraphBuilder {
    private final SameDiff sd;
    private final Map<String, SameDiffOp> producerOf = new HashMap<>();
    /** The SameDiff variables already carried by the ONNX tensor of the same name (computed, or an initializer). */
    private final Set<String> tensors = new HashSet<>();
    private final Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder();

    OnnxGraphBuilder(SameDiff sd) {
        this.sd = sd;
        for (SameDiffOp op : sd.getOps().values()) {
            for (String out : op.getOutputsOfOp()) {
                producerOf.put(out, op);
            }
        }
    }

    Onnx.GraphProto build(String graphName) {
        graph.setName(graphName);
        graph.addInput(valueInfo(ModelContract.INPUT, ModelContract.FEATURES));
        tensors.add(ModelContract.INPUT);
        for (SameDiffOp op : opsFeeding(ModelContract.OUTPUT)) {
            translate(op);
        }
        if (!tensors.contains(ModelContract.OUTPUT)) {
            throw new UnsupportedOpException("The graph has no '" + ModelContract.OUTPUT + "' output to export.");
        }
        graph.addOutput(valueInfo(ModelContract.OUTPUT, ModelContract.CLASSES));
        return graph.build();
    }

    /** The ops {@code output} depends on, inputs first. */
    private List<SameDiffOp> opsFeeding(String output) {
        List<SameDiffOp> ordered = new ArrayList<>();
        visit(output, new HashSet<>(), ordered);
        return ordered;
    }

    private void visit(String variable, Set<String> visited, List<SameDiffOp> ordered) {
        SameDiffOp op = producerOf.get(variable);
        if (op == null || !visited.add(op.getName())) {
            return;
        }
        for (String in : op.getInputsToOp()) {
            visit(in, visited, ordered);
        }
        ordered.add(op);
    }

    private void translate(SameDiffOp op) {
        DifferentialFunction f = op.getOp();
        List<String> in = op.getInputsToOp();
        if (f instanceof Mmul mmul) {
            Map<String, Object> p = mmul.propertiesForFunction();
            if (Boolean.TRUE.equals(p.get("transposeA")) || Boolean.TRUE.equals(p.get("transposeB"))
                    || Boolean.TRUE.equals(p.get("transposeResult"))) {
                throw unsupported(op, "a transposed matmul");
            }
            node("MatMul", op, operand(op, in.get(0)), operand(op, in.get(1)));
        } else if (f instanceof AddOp) {
            node("Add", op, operand(op, in.get(0)), operand(op, in.get(1)));
        } else if (f instanceof MulOp) {
            node("Mul", op, operand(op, in.get(0)), operand(op, in.get(1)));
        } else if (f instanceof RectifiedLinear relu) {
            if (((BaseScalarOp) relu).scalar().getDouble(0) != 0.0) {
                throw unsupported(op, "a relu with a non-zero cutoff");
            }
            node("Relu", op, operand(op, in.get(0)));
        } else if (f instanceof Sigmoid) {
            node("Sigmoid", op, operand(op, in.get(0)));
        } else if (f instanceof Tanh) {
            node("Tanh", op, operand(op, in.get(0)));
        } else if (f instanceof Identity) {
            node("Identity", op, operand(op, in.get(0)));
        } else if (f instanceof Conv2D conv) {
            translateConv(op, conv.getConfig(), in);
        } else if (f instanceof MaxPooling2D pool) {
            translateMaxPool(op, pool.getConfig(), in);
        } else if (f instanceof Reshape reshape) {
            translateReshape(op, reshape, in);
        } else if (f instanceof SoftMax softmax) {
            long axis = softmax.iArgs().length == 0 ? -1 : softmax.iArgs()[0];
            node("Softmax", op, operand(op, in.get(0))).addAttribute(Onnx.AttributeProto.newBuilder()
                    .setName("axis").setType(Onnx.AttributeProto.AttributeType.INT).setI(axis));
        } else {
            throw unsupported(op, null);
        }
    }

    /**
     * SameDiff's NCHW conv2d is ONNX's Conv, its YXIO weights {@code [kH, kW, in, out]} transposed
     * to ONNX's OIHW {@code [out, in, kH, kW]}.
     */
    private void translateConv(SameDiffOp op, Conv2DConfig c, List<String> in) {
        if (c.isNHWC() || c.getWeightsFormat() != WeightsFormat.YXIO || c.getPaddingMode() != PaddingMode.VALID) {
            throw unsupported(op, "a convolution other than NCHW, YXIO weights and explicit padding");
        }
        String weight = in.get(1);
        SDVariable w = sd.getVariable(weight);
        if (w.getVariableType() != VariableType.VARIABLE && w.getVariableType() != VariableType.CONSTANT) {
            throw unsupported(op, "weights that are not a variable");
        }
        graph.addInitializer(initializer(weight, w.getArr().permute(3, 2, 0, 1)));
        tensors.add(weight);
        Onnx.NodeProto.Builder node = in.size() == 3
                ? node("Conv", op, operand(op, in.get(0)), weight, operand(op, in.get(2)))
                : node("Conv", op, operand(op, in.get(0)), weight);
        ints(node, "kernel_shape", c.getKH(), c.getKW());
        ints(node, "strides", c.getSH(), c.getSW());
        ints(node, "pads", c.getPH(), c.getPW(), c.getPH(), c.getPW());
        ints(node, "dilations", c.getDH(), c.getDW());
    }

    private void translateMaxPool(SameDiffOp op, Pooling2DConfig c, List<String> in) {
        if (c.isNHWC() || c.getPaddingMode() != PaddingMode.VALID || c.getDH() != 1 || c.getDW() != 1) {
            throw unsupported(op, "a max pooling other than NCHW, explicit padding and no dilation");
        }
        Onnx.NodeProto.Builder node = node("MaxPool", op, operand(op, in.get(0)));
        ints(node, "kernel_shape", c.getKH(), c.getKW());
        ints(node, "strides", c.getSH(), c.getSW());
        ints(node, "pads", c.getPH(), c.getPW(), c.getPH(), c.getPW());
    }

    /** A reshape to a fixed shape (SameDiff keeps it in the op's integer arguments after the order, -99 for 'c'). */
    private void translateReshape(SameDiffOp op, Reshape reshape, List<String> in) {
        long[] args = reshape.iArgs();
        if (in.size() != 1 || args.length < 2 || args[0] != -99) {
            throw unsupported(op, "a reshape to a computed shape or in Fortran order");
        }
        long[] shape = java.util.Arrays.copyOfRange(args, 1, args.length);
        String shapeName = op.getName() + "_shape";
        graph.addInitializer(Onnx.TensorProto.newBuilder().setName(shapeName)
                .setDataType(Onnx.TensorProto.DataType.INT64.getNumber()).addDims(shape.length)
                .addAllInt64Data(java.util.Arrays.stream(shape).boxed().toList()).build());
        node("Reshape", op, operand(op, in.get(0)), shapeName);
    }

    private static void ints(Onnx.NodeProto.Builder node, String name, long... values) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        node.addAttribute(a);
    }

    private Onnx.NodeProto.Builder node(String onnxOp, SameDiffOp op, String... inputs) {
        String out = op.getOutputsOfOp().get(0);
        Onnx.NodeProto.Builder node = graph.addNodeBuilder().setOpType(onnxOp).setName(op.getName());
        for (String in : inputs) {
            node.addInput(in);
        }
        node.addOutput(out);
        tensors.add(out);
        return node;
    }

    /** The ONNX tensor for a variable an op reads: a computed tensor, or a weight made an initializer. */
    private String operand(SameDiffOp op, String variable) {
        if (tensors.contains(variable)) {
            return variable;
        }
        SDVariable v = sd.getVariable(variable);
        if (v.getVariableType() == VariableType.VARIABLE || v.getVariableType() == VariableType.CONSTANT) {
            graph.addInitializer(initializer(variable, v.getArr()));
            tensors.add(variable);
            return variable;
        }
        throw unsupported(op, "an input '" + variable + "' that is neither the model input nor a weight");
    }

    private UnsupportedOpException unsupported(SameDiffOp op, String detail) {
        return new UnsupportedOpException("The ONNX exporter cannot map the SameDiff op '" + op.getOp().opName()
                + "' (node '" + op.getName() + "'" + (detail == null ? "" : ", " + detail) + ").");
    }

    private static Onnx.TensorProto initializer(String name, INDArray array) {
        if (array.dataType() != DataType.FLOAT) {
            throw new UnsupportedOpException("The weight '" + name + "' is " + array.dataType() + "; only FLOAT is exported.");
        }
        // dup('c'): a view's data() is its whole backing buffer, not just the view.
        float[] values = array.dup('c').data().asFloat();
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder()
                .setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : array.shape()) {
            t.addDims(d);
        }
        return t.build();
    }

    private static Onnx.ValueInfoProto valueInfo(String name, int width) {
        Onnx.TensorShapeProto shape = Onnx.TensorShapeProto.newBuilder()
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam(ModelContract.BATCH_DIM))
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                .build();
        Onnx.TypeProto type = Onnx.TypeProto.newBuilder()
                .setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(Onnx.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape))
                .build();
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }
}
