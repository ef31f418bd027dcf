package digitlab.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.core.model.ModelContract;
import digitlab.serving.inference.ModelAnswer;
import digitlab.serving.inference.ModelRegistry;
import digitlab.serving.inference.OnnxModel;
import digitlab.serving.inference.PixelBatch;
import digitlab.serving.inference.Prediction;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Open Inference Protocol v2 REST endpoints (KServe, Triton), so standard clients and probes
 * work unchanged: tensors in, tensors out, JSON {@code {"error": "..."}} on failure.
 */
final class OpenInferenceController {
    private static final String FP32 = "FP32";

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
        ctx.json(Map.of("name", "digit-lab", "version", version, "extensions", List.of()));
    }

    void live(Context ctx) {
        ctx.json(Map.of("live", true));
    }

    void ready(Context ctx) {
        if (!registry.loaded() || registry.snapshot().models().isEmpty()) {
            throw new ServiceUnavailableException("Not ready: no model is loaded yet.");
        }
        ctx.json(Map.of("ready", true));
    }

    void model(Context ctx) {
        OnnxModel model = served(ctx.pathParam("name"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", model.id());
        body.put("versions", List.of(versionOf(model)));
        body.put("platform", "onnxruntime_onnx");
        body.put("inputs", List.of(tensor(ModelContract.INPUT, ModelContract.FEATURES)));
        body.put("outputs", List.of(tensor(ModelContract.OUTPUT, ModelContract.CLASSES)));
        ctx.json(body);
    }

    void modelReady(Context ctx) {
        OnnxModel model = served(ctx.pathParam("name"));
        if (!model.healthy()) {
            throw new ServiceUnavailableException("The model '" + model.id() + "' is not ready: its latest call failed ("
                    + model.failure().orElse("") + ").");
        }
        ctx.json(Map.of("name", model.id(), "ready", true));
    }

    void infer(Context ctx) {
        String name = ctx.pathParam("name");
        served(name);
        String type = RequestBodies.mediaType(ctx);
        if (!type.isEmpty() && !RequestBodies.isJson(type)) {
            throw new UnsupportedMediaTypeException("The inference endpoint takes application/json, not " + Quote.brief(type) + ".");
        }
        bodies.read(ctx, body -> answer(ctx, name, bodies.json(body)));
    }

    private void answer(Context ctx, String name, JsonNode request) {
        PixelBatch batch = batchOf(request);
        checkRequestedOutputs(request);
        ModelAnswer answer = registry.answer(name, batch);
        metrics.recordInference(name, batch.rows(), answer.milliseconds() / 1000);
        float[] data = new float[batch.rows() * ModelContract.CLASSES];
        List<Prediction> predictions = answer.predictions();
        for (int r = 0; r < predictions.size(); r++) {
            System.arraycopy(predictions.get(r).probabilities(), 0, data, r * ModelContract.CLASSES, ModelContract.CLASSES);
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("name", ModelContract.OUTPUT);
        output.put("datatype", FP32);
        output.put("shape", List.of(batch.rows(), ModelContract.CLASSES));
        output.put("data", data);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_name", name);
        if (request.hasNonNull("id")) {
            body.put("id", request.get("id").asText());
        }
        body.put("outputs", List.of(output));
        ctx.json(body);
    }

    private OnnxModel served(String name) {
        OnnxModel model = registry.snapshot().models().get(name);
        if (model == null) {
            throw new NotFoundException("There is no model '" + Quote.brief(name) + "'.");
        }
        return model;
    }

    /**
     * The protocol's versioned routes answer like the plain ones when the version is the one served
     * (a file has one version: its current bytes, named by the start of their SHA-256).
     */
    Handler versioned(Handler plain) {
        return ctx -> {
            String name = ctx.pathParam("name");
            String version = versionOf(served(name));
            if (!version.equals(ctx.pathParam("version"))) {
                throw new NotFoundException("The model '" + name + "' has no version '" + Quote.brief(ctx.pathParam("version"))
                        + "'; it serves version '" + version + "'.");
            }
            plain.handle(ctx);
        };
    }

    private static String versionOf(OnnxModel model) {
        return model.sha256().substring(0, 12);
    }

    private static PixelBatch batchOf(JsonNode request) {
        JsonNode inputs = request.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.size() != 1) {
            throw new BadRequestException("'inputs' must hold exactly one tensor, '" + ModelContract.INPUT + "'.");
        }
        JsonNode input = inputs.get(0);
        String name = input.path("name").asText("");
        if (!ModelContract.INPUT.equals(name)) {
            throw new BadRequestException("The input tensor is '" + Quote.brief(name) + "'; the model takes '" + ModelContract.INPUT + "'.");
        }
        String datatype = input.path("datatype").asText("");
        if (!FP32.equals(datatype)) {
            throw new BadRequestException("The input datatype is '" + Quote.brief(datatype) + "'; the model takes " + FP32 + ".");
        }
        JsonNode shape = input.get("shape");
        if (shape == null || !shape.isArray() || shape.size() != 2 || !shape.get(0).canConvertToInt()
                || shape.get(0).asInt() < 1 || shape.get(1).asInt() != ModelContract.FEATURES) {
            throw new BadRequestException("The input shape is " + Quote.brief(shape) + "; the model takes [N, " + ModelContract.FEATURES + "].");
        }
        if (shape.get(0).asInt() > PixelBatch.MAX_ROWS) {
            throw new BadRequestException("The input shape asks for " + shape.get(0).asInt() + " digits; at most "
                    + PixelBatch.MAX_ROWS + " are answered at once.");
        }
        int rows = shape.get(0).asInt();
        List<Float> flat = new ArrayList<>();
        flatten(input.get("data"), flat);
        if (flat.size() != rows * ModelContract.FEATURES) {
            throw new BadRequestException("The input data has " + flat.size() + " numbers; shape " + Quote.brief(shape) + " needs "
                    + rows * ModelContract.FEATURES + ".");
        }
        List<float[]> batch = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            float[] row = new float[ModelContract.FEATURES];
            for (int p = 0; p < row.length; p++) {
                row[p] = flat.get(r * ModelContract.FEATURES + p);
            }
            batch.add(row);
        }
        return PixelBatch.of(batch, false);
    }

    /** The protocol allows data flat or nested to the tensor's shape; both are read row-major. */
    private static void flatten(JsonNode node, List<Float> out) {
        if (node == null || node.isNull()) {
            throw new BadRequestException("The input tensor has no 'data'.");
        }
        if (node.isArray()) {
            for (JsonNode child : node) {
                flatten(child, out);
            }
        } else if (node.isNumber()) {
            out.add(node.floatValue());
        } else {
            throw new BadRequestException("The input data holds " + Quote.brief(node) + ", not a number.");
        }
    }

    private static void checkRequestedOutputs(JsonNode request) {
        JsonNode outputs = request.get("outputs");
        if (outputs == null) {
            return;
        }
        for (JsonNode output : outputs) {
            String name = output.path("name").asText("");
            if (!ModelContract.OUTPUT.equals(name)) {
                throw new BadRequestException("There is no output '" + Quote.brief(name) + "'; the model gives '" + ModelContract.OUTPUT + "'.");
            }
        }
    }

    private static Map<String, Object> tensor(String name, int width) {
        return Map.of("name", name, "datatype", FP32, "shape", List.of(-1, width));
    }
}
