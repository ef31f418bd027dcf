package digitlab.serving;

import digitlab.core.data.DigitDataset;
import digitlab.core.data.Digits;
import digitlab.core.data.PixelScaling;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Digit classifiers shaped as other tools export them, built by the tests themselves: a nearest-centroid
 * classifier learnt from the first 5000 MNIST training images (score of class c: x·m_c - |m_c|²/2, about
 * 80% right), written as ONNX with the input layout, pixel convention and output kind of a model
 * trained elsewhere. Each is the same linear map, so only the shape around it differs.
 */
public final class ForeignModels {
    /** MNIST's mean and standard deviation on [0, 1], as PyTorch's MNIST example normalises. */
    public static final float MEAN = 0.1307f;
    public static final float STD = 0.3081f;

    private static float[] centroids;

    private ForeignModels() {}

    /** The kind of output the graph ends in. */
    public enum Output {
        LOGITS, SOFTMAX, LOG_SOFTMAX, ZIPMAP
    }

    /**
     * The pixels the model was "trained" on, as a change of MNIST's [0, 1]: {@code x * scale}, then
     * {@code (x - mean) / std}.
     */
    public record Pixels(float scale, float mean, float std) {
        public static final Pixels UNIT = new Pixels(1, 0, 1);
        public static final Pixels BYTES = new Pixels(255, 0, 1);
        public static final Pixels NORMALISED = new Pixels(1, MEAN, STD);

        public float apply(float unit) {
            return (unit * scale - mean) / std;
        }
    }

    /**
     * @param input the input's name
     * @param shape the input's shape; -1 is the dynamic batch
     * @param firstPixels how many pixels the model reads (784, or fewer for a flat [N, W] input)
     */
    public static byte[] model(String input, long[] shape, int firstPixels, Pixels pixels, Output output) {
        return model(input, shape, shape[0], firstPixels, pixels, output);
    }

    /**
     * @param innerBatch the batch the graph's Reshape fixes: -1 follows the input; 1 fixes it inside even
     *     when the input says the batch is dynamic, as the Model Zoo's mnist-8 does
     */
    public static byte[] model(String input, long[] shape, long innerBatch, int firstPixels, Pixels pixels,
            Output output) {
        float[] m = centroids();
        // Weights and biases on the model's own pixels x' = (s x - mean) / std, where x = (std x' + mean) / s.
        float[] w = new float[firstPixels * 10];
        float[] b = new float[10];
        for (int c = 0; c < 10; c++) {
            double norm = 0;
            double offset = 0;
            for (int p = 0; p < 784; p++) {
                norm += m[c * 784 + p] * m[c * 784 + p];
                if (p < firstPixels) {
                    w[p * 10 + c] = m[c * 784 + p] * pixels.std() / pixels.scale();
                    offset += m[c * 784 + p] * pixels.mean() / pixels.scale();
                }
            }
            b[c] = (float) (offset - norm / 2);
        }
        long batch = innerBatch;
        OnnxProto.Graph g = new OnnxProto.Graph("foreign").input(input, shape)
                .floats("w", new long[] {firstPixels, 10}, w).floats("b", new long[] {10}, b)
                .longs("flat", batch, firstPixels)
                .node("Reshape", List.of(input, "flat"), "rows")
                .node("MatMul", List.of("rows", "w"), "scores")
                .node("Add", List.of("scores", "b"), output == Output.LOGITS ? "out" : "logits");
        switch (output) {
            case LOGITS -> g.output("out", batch, 10);
            case SOFTMAX -> g.node("Softmax", List.of("logits"), "out").output("out", batch, 10);
            case LOG_SOFTMAX -> g.node("LogSoftmax", List.of("logits"), "out").output("out", batch, 10);
            case ZIPMAP -> g.node("Softmax", List.of("logits"), "probs")
                    .node("ai.onnx.ml", "ZipMap", List.of("probs"), "out",
                            OnnxProto.intsAttribute("classlabels_int64s", 0, 1, 2, 3, 4, 5, 6, 7, 8, 9))
                    .mapSequenceOutput("out");
        }
        return g.model();
    }

    private static synchronized float[] centroids() {
        if (centroids == null) {
            Digits train;
            try {
                train = DigitDataset.named(TestServer.DATA, DigitDataset.DEFAULT).train().first(5000);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            float[] pixels = train.pixels(PixelScaling.UNIT);
            float[] sums = new float[10 * 784];
            int[] counts = new int[10];
            for (int i = 0; i < train.size(); i++) {
                int c = train.label(i);
                counts[c]++;
                for (int p = 0; p < 784; p++) {
                    sums[c * 784 + p] += pixels[i * 784 + p];
                }
            }
            for (int c = 0; c < 10; c++) {
                for (int p = 0; p < 784; p++) {
                    sums[c * 784 + p] /= counts[c];
                }
            }
            centroids = sums;
        }
        return centroids;
    }
}
