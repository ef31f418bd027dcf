package digitlab.serving.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import digitlab.core.model.ModelContract;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Times {@link OrtSession#run} for one digit, with no HTTP around it: the floor of what a
 * /predict call can cost in the model itself. It builds its own session with the same thread
 * setting the server uses, so it neither waits on nor disturbs the server's.
 */
public final class InferenceTimer {
    /** Microseconds per call. */
    public record Result(int calls, double medianMicros, double p99Micros) {}

    private InferenceTimer() {}

    public static Result time(Path modelFile, int intraOpThreads, List<float[]> digits, int warmup, int calls)
            throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            // The same options ModelLoader gives the served sessions, so this times what /predict runs.
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(Files.readAllBytes(modelFile), options)) {
                List<OnnxTensor> inputs = tensors(env, digits);
                try {
                    // Warm-up lets the JIT compile the Java side of run() and ORT settle its buffers.
                    for (int i = 0; i < warmup; i++) {
                        runOnce(session, inputs.get(i % inputs.size()));
                    }
                    double[] micros = new double[calls];
                    for (int i = 0; i < calls; i++) {
                        micros[i] = runOnce(session, inputs.get(i % inputs.size()));
                    }
                    Arrays.sort(micros);
                    return new Result(calls, LoadRun.percentile(micros, 50), LoadRun.percentile(micros, 99));
                } finally {
                    inputs.forEach(OnnxTensor::close);
                }
            }
        }
    }

    /** Only run() is timed; the input tensors are made beforehand and the result freed afterwards. */
    private static double runOnce(OrtSession session, OnnxTensor input) throws OrtException {
        long t0 = System.nanoTime();
        OrtSession.Result result = session.run(Map.of(ModelContract.INPUT, input));
        long t1 = System.nanoTime();
        result.close();
        return (t1 - t0) / 1e3;
    }

    private static List<OnnxTensor> tensors(OrtEnvironment env, List<float[]> digits) throws OrtException {
        List<OnnxTensor> tensors = new ArrayList<>();
        for (float[] d : digits) {
            tensors.add(OnnxTensor.createTensor(env, FloatBuffer.wrap(d), new long[] {1, ModelContract.FEATURES}));
        }
        return tensors;
    }
}
