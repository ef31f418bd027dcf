package digitlab.serving.http;

import digitlab.serving.accuracy.AccuracyEvaluator;
import digitlab.serving.accuracy.AccuracyStatus;
import digitlab.serving.inference.ModelRegistry;
import digitlab.serving.inference.OnnxModel;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/** {@code /health} and {@code /metrics}: what an operator or a probe asks. */
final class OperationsController {
    private static final Tags SERVED = Tags.of("purpose", "served");
    private static final Tags ACCURACY = Tags.of("purpose", "accuracy");
    private final ModelRegistry registry;
    private final AccuracyEvaluator accuracy;
    private final Metrics metrics;
    private final Instant started = Instant.now();
    /** The latest pending count taken; null before the first. */
    private volatile Pending pending;

    OperationsController(ModelRegistry registry, AccuracyEvaluator accuracy, Metrics metrics) {
        this.registry = registry;
        this.accuracy = accuracy;
        this.metrics = metrics;
        metrics.gauge("digitlab_models_served", "Models being served.", () -> registry.snapshot().models().size());
        metrics.gauge("digitlab_models_failed", "Model files that failed to load.", () -> registry.snapshot().failures().size());
        // Runs below rows means batches or dynamic batching answered several digits per call. The server's
        // own accuracy pass runs the test set through every model: it has its own label, so it never
        // counts as digits served.
        String runsHelp = "ONNX Runtime calls, by model since it was loaded, and by purpose: clients' requests (served) "
                + "or the server's own accuracy pass (accuracy).";
        String rowsHelp = "Digits those ONNX Runtime calls answered, by model and purpose.";
        metrics.counterByModel("digitlab_onnx_runs", runsHelp, SERVED, () -> perModel(OnnxModel::runs));
        metrics.counterByModel("digitlab_onnx_runs", runsHelp, ACCURACY, () -> perModel(OnnxModel::accuracyRuns));
        metrics.counterByModel("digitlab_onnx_rows", rowsHelp, SERVED, () -> perModel(OnnxModel::rowsRun));
        metrics.counterByModel("digitlab_onnx_rows", rowsHelp, ACCURACY, () -> perModel(OnnxModel::accuracyRows));
        metrics.gauge("digitlab_models_accuracy_pending", "Served models whose test accuracy is still being measured.",
                this::pendingAccuracy);
    }

    /** Always 200 while the process answers; the body says whether anything is served yet. */
    void health(Context ctx) {
        ModelRegistry.Snapshot s = registry.snapshot();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", s.models().isEmpty() ? "no models" : "ok");
        body.put("models", s.models().size());
        body.put("failed", s.failures().size());
        body.put("accuracyPending", pendingAccuracy());
        body.put("uptimeSeconds", Duration.between(started, Instant.now()).toSeconds());
        ctx.json(body);
    }

    void metrics(Context ctx) {
        ctx.contentType(Metrics.CONTENT_TYPE).result(metrics.scrape());
    }

    private Map<String, Long> perModel(ToLongFunction<OnnxModel> count) {
        Map<String, Long> out = new TreeMap<>();
        registry.snapshot().models().forEach((id, model) -> out.put(id, count.applyAsLong(model)));
        return out;
    }

    private long pendingAccuracy() {
        // The count of changes first: a figure set while counting moves it, and the next call counts anew.
        long changes = accuracy.changes();
        ModelRegistry.Snapshot snapshot = registry.snapshot();
        Pending last = pending;
        if (last != null && last.snapshot() == snapshot && last.accuracyChanges() == changes) {
            return last.count();
        }
        long count = snapshot.models().values().stream()
                .filter(m -> accuracy.of(m).status() == AccuracyStatus.PENDING).count();
        pending = new Pending(snapshot, changes, count);
        return count;
    }

    /**
     * The pending count for one set of served models and one count of accuracy changes. Counted anew
     * for every /health, the 53 shipped models' lookups were a third of what /health itself does.
     */
    private record Pending(ModelRegistry.Snapshot snapshot, long accuracyChanges, long count) {}
}
