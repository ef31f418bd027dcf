package digitlab.serving.http;

import digitlab.core.model.ModelContract;
import digitlab.serving.inference.LoadFailure;
import digitlab.serving.inference.ModelAnswer;
import digitlab.serving.inference.ModelRegistry;
import digitlab.serving.inference.OnnxModel;
import digitlab.serving.inference.PixelBatch;
import digitlab.serving.inference.Prediction;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Open Inference Protocol v2 REST endpoints (KServe, Triton), so standard clients and probes
 * work unchanged: tensors in, tensors out, JSON {@code {"error": "..."}} on failure.
 */
final class OpenInferenceController {
    private static final String FP32 = InferenceRequestReader.FP32;

    private final ModelRegistry registry;
    private final RequestBodies bodies;
    private final Metrics metrics;
    private final String version;

    OpenInferenceController(ModelRegistry registry, RequestBodies bodies, Metrics metrics, String version) {
        this.registry = registry;
        this.bodies = bodies;
        this.metrics = metrics;
        this.version = version;
    }

    void server(Context ctx) {
        ctx.json(Map.of("name", "digit-lab", "version", version, "extensions", List.of("binary_tensor_data")));
    }

    void live(Context ctx) {
        ctx.json(Map.of("live", true));
    }

    void ready(Context ctx) {
        if (!registry.loaded() || registry.snapshot().models().isEmpty()) {
            throw new NotReadyException("Not ready: no model is loaded yet.");
        }
        ctx.json(Map.of("ready", true));
    }

    void model(Context ctx) {
        OnnxModel model = served(ctx.pathParam("name"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", model.id());
        body.put("versions", model.source().repositoryLayout()
                ? model.source().versions().stream().map(String::valueOf).toList() : List.of(versionOf(model)));
        body.put("platform", "onnxruntime_onnx");
        body.put("inputs", List.of(tensor(ModelContract.INPUT, ModelContract.FEATURES)));
        body.put("outputs", List.of(tensor(ModelContract.OUTPUT, ModelContract.CLASSES)));
        ctx.json(body);
    }

    void modelReady(Context ctx) {
        OnnxModel model = served(ctx.pathParam("name"));
        if (!model.healthy()) {
            throw new NotReadyException("The model '" + model.id() + "' is not ready: its latest call failed ("
                    + model.failure().orElse("") + ").");
        }
        ctx.json(Map.of("name", model.id(), "ready", true));
    }

    void infer(Context ctx) {
        String name = ctx.pathParam("name");
        String version = versionOf(served(name));
        String headerLength = ctx.header(InferenceRequestReader.HEADER_LENGTH);
        String type = RequestBodies.mediaType(ctx);
        // With the binary extension's header the body is JSON then bytes; clients label it variously
        // (Triton's sends no Content-Type, others application/octet-stream), so only its header decides.
        if (headerLength == null && !type.isEmpty() && !RequestBodies.isJson(type)) {
            throw new UnsupportedMediaTypeException("The inference endpoint takes application/json, or JSON followed by "
                    + "binary tensors with an " + InferenceRequestReader.HEADER_LENGTH + " header; not " + Quote.brief(type) + ".");
        }
        bodies.read(ctx, body -> answer(ctx, name, version, InferenceRequestReader.read(body, headerLength)));
    }

    private void answer(Context ctx, String name, String version, InferenceRequest request) {
        PixelBatch batch = request.batch();
        ModelAnswer answer = registry.answer(name, batch);
        metrics.recordInference(name, batch.rows(), answer.milliseconds() / 1000);
        float[] data = new float[batch.rows() * ModelContract.CLASSES];
        List<Prediction> predictions = answer.predictions();
        for (int r = 0; r < predictions.size(); r++) {
            System.arraycopy(predictions.get(r).probabilities(), 0, data, r * ModelContract.CLASSES, ModelContract.CLASSES);
        }
        InferenceReply.write(ctx, name, version, request, data);
    }

    private OnnxModel served(String name) {
        ModelRegistry.Snapshot snapshot = registry.snapshot();
        OnnxModel model = snapshot.models().get(name);
        if (model == null) {
            LoadFailure failure = snapshot.failures().get(name);
            throw new NotFoundException(failure == null ? "There is no model '" + Quote.brief(name) + "'."
                    : "The model '" + name + "' is not served: " + failure.error());
        }
        return model;
    }

    /**
     * The protocol's versioned routes answer like the plain ones when the version is the one served: in
     * Triton's layout the highest integer version (Triton's default policy, the latest one); for a flat
     * file its one version, its current bytes, named by the start of their SHA-256.
     */
    Handler versioned(Handler plain) {
        return ctx -> {
            String name = ctx.pathParam("name");
            OnnxModel model = served(name);
            String version = versionOf(model);
            String asked = ctx.pathParam("version");
            if (model.source().repositoryLayout() && !version.equals(asked)
                    && model.source().versions().stream().map(String::valueOf).anyMatch(asked::equals)) {
                throw new NotFoundException("The model '" + name + "' has version " + asked + " in the repository, but "
                        + "only its highest version, " + version + ", is served.");
            }
            if (!version.equals(asked)) {
                throw new NotFoundException("The model '" + name + "' has no version '" + Quote.brief(ctx.pathParam("version"))
                        + "'; it serves version '" + version + "'.");
            }
            plain.handle(ctx);
        };
    }

    private static String versionOf(OnnxModel model) {
        return model.source().repositoryLayout() ? String.valueOf(model.source().version())
                : model.sha256().substring(0, 12);
    }

    private static Map<String, Object> tensor(String name, int width) {
        return Map.of("name", name, "datatype", FP32, "shape", List.of(-1, width));
    }
}
