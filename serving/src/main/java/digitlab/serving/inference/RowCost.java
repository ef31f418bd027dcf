package digitlab.serving.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import digitlab.core.model.ModelContract;
import digitlab.serving.inference.foreign.ModelAdapter;

/**
 * What one digit costs a model, measured when the model is loaded, so a request's digits can be
 * bounded by what they cost rather than by their count: a convolutional network spends tens of times
 * an MLP's CPU on a digit, and a count that is safe for one is not for the other.
 */
public final class RowCost {
    /**
     * CPU time one request may spend in ONNX Runtime: a quarter of the 2 CPU-seconds the hostile-client
     * tests allow a request, as reading a 10 MB body of pixels and writing the answers took up to
     * 1.4 CPU-s more (WorstRequestCpuTest, first request of a cold server).
     */
    public static final double INFERENCE_CPU_SECONDS_PER_REQUEST = 0.5;
    /** A full call's worth, so the per-call cost is spread as it is in a large batch. */
    private static final int PROBE_ROWS = ModelAdapter.MAX_ROWS_PER_CALL;
    private static final int TIMED_RUNS = 3;

    private RowCost() {}

    /**
     * CPU-seconds per digit: the quickest of a few runs of a probe call (the quickest, because other
     * work on the machine only ever makes a run slower), times the threads one call may use. A model
     * whose probe fails is still served (its calls then fail one by one, as they would have) and is
     * given one call's worth of digits per request.
     */
    static double measure(ModelAdapter adapter, OrtEnvironment env, OrtSession session, int intraOpThreads) {
        float[] probe = new float[PROBE_ROWS * ModelContract.FEATURES];
        try {
            adapter.probabilities(env, session, probe, PROBE_ROWS, adapter.declaration().pixels()); // warm-up
            long quickest = Long.MAX_VALUE;
            for (int run = 0; run < TIMED_RUNS; run++) {
                long start = System.nanoTime();
                adapter.probabilities(env, session, probe, PROBE_ROWS, adapter.declaration().pixels());
                quickest = Math.min(quickest, System.nanoTime() - start);
            }
            return quickest / 1e9 * intraOpThreads / PROBE_ROWS;
        } catch (OrtException | RuntimeException e) {
            return INFERENCE_CPU_SECONDS_PER_REQUEST / PROBE_ROWS;
        }
    }

    /** A digit's cost in words, e.g. "0.35 ms of CPU". */
    public static String describe(double cpuSecondsPerRow) {
        return String.format(java.util.Locale.ROOT, "%.3g ms of CPU", cpuSecondsPerRow * 1e3);
    }

    /** The most digits one request may ask of a model that costs {@code cpuSecondsPerRow} each. */
    public static int maxRows(double cpuSecondsPerRow) {
        double fits = INFERENCE_CPU_SECONDS_PER_REQUEST / cpuSecondsPerRow;
        return (int) Math.max(1, Math.min(PixelBatch.MAX_ROWS, fits));
    }
}
