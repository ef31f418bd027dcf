package digitlab.serving;

import java.util.List;

/**
 * ONNX files that keep the model contract on paper (input {@code pixels} float [N,784], output
 * {@code probabilities} float [N,10]) and so load, but fail when run, written by {@link OnnxProto}.
 */
public final class BrokenModels {
    private BrokenModels() {}

    /** Reshapes 784 pixels to rows of 10: ONNX Runtime refuses it at run time (784 is not a multiple of 10). */
    public static byte[] failingAtRunTime() {
        return contract().longs("shape", -1, 10).node("Reshape", List.of("pixels", "shape"), "probabilities").model();
    }

    /** Multiplies the pixels by a matrix of NaN: every probability it answers is NaN. */
    public static byte[] answeringNaN() {
        float[] nan = new float[784 * 10];
        java.util.Arrays.fill(nan, Float.NaN);
        return contract().floats("weights", new long[] {784, 10}, nan)
                .node("MatMul", List.of("pixels", "weights"), "probabilities").model();
    }

    private static OnnxProto.Graph contract() {
        return new OnnxProto.Graph("broken").input("pixels", -1, 784).output("probabilities", -1, 10);
    }
}
