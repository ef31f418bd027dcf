package digitlab.serving;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * ONNX files that keep the model contract on paper (input {@code pixels} float [N,784], output
 * {@code probabilities} float [N,10]) and so load, but fail when run: written field by field in the
 * protobuf wire format, so the fixture's whole content is in this file.
 */
public final class BrokenModels {
    private static final int FLOAT = 1;
    private static final int INT64 = 7;

    private BrokenModels() {}

    /** Reshapes 784 pixels to rows of 10: ONNX Runtime refuses it at run time (784 is not a multiple of 10). */
    public static byte[] failingAtRunTime() {
        byte[] shape = tensor("shape", INT64, new long[] {2}, longs(-1, 10));
        return model(node("Reshape", "pixels", "shape"), shape);
    }

    /** Multiplies the pixels by a matrix of NaN: every probability it answers is NaN. */
    public static byte[] answeringNaN() {
        float[] nan = new float[784 * 10];
        java.util.Arrays.fill(nan, Float.NaN);
        byte[] weights = tensor("weights", FLOAT, new long[] {784, 10}, floats(nan));
        return model(node("MatMul", "pixels", "weights"), weights);
    }

    private static byte[] model(byte[] node, byte[] initializer) {
        Message graph = new Message()
                .bytes(1, node)
                .string(2, "broken")
                .bytes(5, initializer)
                .bytes(11, valueInfo("pixels", 784))
                .bytes(12, valueInfo("probabilities", 10));
        return new Message()
                .varint(1, 7) // IR version
                .string(2, "digit-lab tests")
                .bytes(7, graph.bytes())
                .bytes(8, new Message().string(1, "").varint(2, 13).bytes()) // opset 13
                .bytes();
    }

    private static byte[] node(String op, String input, String parameter) {
        return new Message().string(1, input).string(1, parameter).string(2, "probabilities").string(3, "n")
                .string(4, op).bytes();
    }

    private static byte[] valueInfo(String name, int width) {
        byte[] batch = new Message().string(2, "N").bytes();
        byte[] columns = new Message().varint(1, width).bytes();
        byte[] shape = new Message().bytes(1, batch).bytes(1, columns).bytes();
        byte[] tensorType = new Message().varint(1, FLOAT).bytes(2, shape).bytes();
        return new Message().string(1, name).bytes(2, new Message().bytes(1, tensorType).bytes()).bytes();
    }

    private static byte[] tensor(String name, int type, long[] dims, byte[] raw) {
        Message t = new Message();
        for (long d : dims) {
            t.varint(1, d);
        }
        return t.varint(2, type).string(8, name).bytes(9, raw).bytes();
    }

    private static byte[] longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    private static byte[] floats(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** Protobuf fields in wire format: varints (type 0) and length-delimited bytes (type 2). */
    private static final class Message {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Message varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
            return this;
        }

        Message bytes(int field, byte[] value) {
            raw((long) field << 3 | 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Message string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        byte[] bytes() {
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
