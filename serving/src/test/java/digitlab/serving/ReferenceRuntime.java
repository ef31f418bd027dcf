package digitlab.serving;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * ONNX Runtime used directly, with none of the server's code: the reference the server's answers
 * are compared against. It relies only on the model contract's tensor names, spelled out here.
 */
public final class ReferenceRuntime implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    public ReferenceRuntime(Path model) throws OrtException {
        session = env.createSession(model.toString(), new OrtSession.SessionOptions());
    }

    /** Probabilities {@code [rows, 10]} for row-major {@code [rows, 784]} pixels. */
    public float[] probabilities(float[] pixels, int rows) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {rows, 784});
                OrtSession.Result result = session.run(Map.of("pixels", input))) {
            FloatBuffer out = ((OnnxTensor) result.get("probabilities").orElseThrow()).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }

    public Map<String, String> metadata() throws OrtException {
        return session.getMetadata().getCustomMetadata();
    }

    /** The class with the highest score in row {@code r}; ties go to the lower class, as the contract's argmax. */
    public static int argmax(float[] probabilities, int r) {
        int best = 0;
        for (int c = 1; c < 10; c++) {
            if (probabilities[r * 10 + c] > probabilities[r * 10 + best]) {
                best = c;
            }
        }
        return best;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
