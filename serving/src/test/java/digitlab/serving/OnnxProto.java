package digitlab.serving;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * ONNX files written field by field in the protobuf wire format, so a test's model is wholly in the
 * test: field numbers are those of onnx.proto (ModelProto, GraphProto, NodeProto, TensorProto,
 * ValueInfoProto, TypeProto).
 */
public final class OnnxProto {
    public static final int FLOAT = 1;
    public static final int INT64 = 7;

    private OnnxProto() {}

    /** A graph being written: nodes, initializers, inputs and outputs in the order added. */
    public static final class Graph {
        private final Message graph = new Message();
        private final List<String[]> opsets = new ArrayList<>();

        public Graph(String name) {
            graph.string(2, name);
            opsets.add(new String[] {"", "13"});
        }

        public Graph node(String op, List<String> inputs, String output, byte[]... attributes) {
            return node("", op, inputs, output, attributes);
        }

        public Graph node(String domain, String op, List<String> inputs, String output, byte[]... attributes) {
            Message n = new Message();
            inputs.forEach(i -> n.string(1, i));
            n.string(2, output).string(3, output + "_node").string(4, op);
            for (byte[] a : attributes) {
                n.bytes(5, a);
            }
            if (!domain.isEmpty()) {
                n.string(7, domain);
                if (opsets.stream().noneMatch(o -> o[0].equals(domain))) {
                    opsets.add(new String[] {domain, "1"});
                }
            }
            graph.bytes(1, n.bytes());
            return this;
        }

        public Graph floats(String name, long[] dims, float[] values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                b.putFloat(v);
            }
            return initializer(name, FLOAT, dims, b.array());
        }

        public Graph longs(String name, long... values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (long v : values) {
                b.putLong(v);
            }
            return initializer(name, INT64, new long[] {values.length}, b.array());
        }

        private Graph initializer(String name, int type, long[] dims, byte[] raw) {
            Message t = new Message();
            for (long d : dims) {
                t.varint(1, d);
            }
            graph.bytes(5, t.varint(2, type).string(8, name).bytes(9, raw).bytes());
            return this;
        }

        /** A float tensor input; a negative dimension is the dynamic batch {@code N}. */
        public Graph input(String name, long... dims) {
            graph.bytes(11, valueInfo(name, tensorType(dims)));
            return this;
        }

        public Graph output(String name, long... dims) {
            graph.bytes(12, valueInfo(name, tensorType(dims)));
            return this;
        }

        /** An output of scikit-learn's kind: a sequence of maps from int64 class to float probability. */
        public Graph mapSequenceOutput(String name) {
            byte[] floatTensor = new Message().bytes(1, new Message().varint(1, FLOAT).bytes()).bytes();
            byte[] map = new Message().varint(1, INT64).bytes(2, floatTensor).bytes();
            byte[] element = new Message().bytes(5, map).bytes();
            byte[] sequence = new Message().bytes(4, new Message().bytes(1, element).bytes()).bytes();
            graph.bytes(12, valueInfo(name, sequence));
            return this;
        }

        /** The model file: IR 7, opset 13 (plus ai.onnx.ml 1 when a node uses it), metadata as given. */
        public byte[] model(String... metadata) {
            Message m = new Message().varint(1, 7).string(2, "digit-lab tests").bytes(7, graph.bytes());
            for (String[] o : opsets) {
                m.bytes(8, new Message().string(1, o[0]).varint(2, Long.parseLong(o[1])).bytes());
            }
            for (int i = 0; i + 1 < metadata.length; i += 2) {
                m.bytes(14, new Message().string(1, metadata[i]).string(2, metadata[i + 1]).bytes());
            }
            return m.bytes();
        }
    }

    public static byte[] intAttribute(String name, long value) {
        return new Message().string(1, name).varint(3, value).varint(20, 2).bytes();
    }

    public static byte[] intsAttribute(String name, long... values) {
        Message a = new Message().string(1, name);
        for (long v : values) {
            a.varint(8, v);
        }
        return a.varint(20, 7).bytes();
    }

    private static byte[] tensorType(long[] dims) {
        Message shape = new Message();
        for (long d : dims) {
            shape.bytes(1, d < 0 ? new Message().string(2, "N").bytes() : new Message().varint(1, d).bytes());
        }
        return new Message().bytes(1, new Message().varint(1, FLOAT).bytes(2, shape.bytes()).bytes()).bytes();
    }

    private static byte[] valueInfo(String name, byte[] type) {
        return new Message().string(1, name).bytes(2, type).bytes();
    }

    /** Protobuf fields in wire format: varints (type 0) and length-delimited bytes (type 2). */
    public static final class Message {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Message varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
            return this;
        }

        public Message bytes(int field, byte[] value) {
            raw((long) field << 3 | 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        public Message string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        public byte[] bytes() {
            return out.toByteArray();
        }

        private void raw(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
