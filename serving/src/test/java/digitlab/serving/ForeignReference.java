package digitlab.serving;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import digitlab.core.data.Digits;
import digitlab.core.data.PixelScaling;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * An independent ONNX Runtime pass over a model trained elsewhere, with none of the server's code: the
 * test feeds the pixels in the model's own convention and shape, and takes the argmax of its own output.
 */
public final class ForeignReference {
    private ForeignReference() {}

    /**
     * Percent of all MNIST test digits {@code model} gets right.
     *
     * @param shape the input shape, its first dimension the batch (-1: any; 1: one digit per call)
     */
    public static double accuracyPercent(byte[] model, String input, long[] shape, int firstPixels,
            ForeignModels.Pixels pixels) throws OrtException {
        Digits test = Mnist.test();
        float[] unit = test.pixels(PixelScaling.UNIT);
        int per = shape[0] == 1 ? 1 : 1000;
        int correct = 0;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions())) {
            for (int start = 0; start < test.size(); start += per) {
                int n = Math.min(per, test.size() - start);
                float[] in = new float[n * firstPixels];
                for (int r = 0; r < n; r++) {
                    for (int p = 0; p < firstPixels; p++) {
                        in[r * firstPixels + p] = pixels.apply(unit[(start + r) * 784 + p]);
                    }
                }
                long[] s = shape.clone();
                s[0] = n;
                try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(in), s);
                        OrtSession.Result result = session.run(Map.of(input, t))) {
                    float[][] scores = scores(result.get(0), n);
                    for (int r = 0; r < n; r++) {
                        if (argmax(scores[r]) == test.label(start + r)) {
                            correct++;
                        }
                    }
                }
            }
        }
        return 100.0 * correct / test.size();
    }

    /** The model's ten numbers for each of {@code n} digits, from a float tensor or a sequence of maps. */
    public static float[][] scores(OnnxValue value, int n) throws OrtException {
        float[][] out = new float[n][10];
        if (value instanceof OnnxTensor tensor) {
            FloatBuffer b = tensor.getFloatBuffer();
            for (int r = 0; r < n; r++) {
                b.get(out[r]);
            }
            return out;
        }
        List<? extends OnnxValue> maps = ((OnnxSequence) value).getValue();
        for (int r = 0; r < n; r++) {
            Map<?, ?> m = ((OnnxMap) maps.get(r)).getValue();
            for (int c = 0; c < 10; c++) {
                out[r][c] = (Float) m.get((long) c);
            }
        }
        return out;
    }

    public static int argmax(float[] scores) {
        int best = 0;
        for (int c = 1; c < scores.length; c++) {
            if (scores[c] > scores[best]) {
                best = c;
            }
        }
        return best;
    }

}
