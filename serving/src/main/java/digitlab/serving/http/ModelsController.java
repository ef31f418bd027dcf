package digitlab.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.core.model.ModelMetadata;
import digitlab.serving.accuracy.AccuracyEvaluator;
import digitlab.serving.inference.LoadFailure;
import digitlab.serving.inference.ModelRegistry;
import digitlab.serving.inference.OnnxModel;
import digitlab.serving.service.Leaderboard;
import digitlab.serving.service.PredictionService;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /models}, {@code GET /models/{id}} and {@code GET /leaderboard}: client IO only. */
final class ModelsController {
    private final ModelRegistry registry;
    private final AccuracyEvaluator accuracy;
    private final PredictionService predictions;

    ModelsController(ModelRegistry registry, AccuracyEvaluator accuracy, PredictionService predictions) {
        this.registry = registry;
        this.accuracy = accuracy;
        this.predictions = predictions;
    }

    void list(Context ctx) {
        List<OnnxModel> ranked = predictions.rankedModels();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("default", ranked.isEmpty() ? null : predictions.bestModelId());
        body.put("models", ranked.stream().map(this::view).toList());
        body.put("failed", registry.snapshot().failures().values().stream().map(this::failureView).toList());
        ctx.json(body);
    }

    void one(Context ctx) {
        String id = ctx.pathParam("id");
        OnnxModel model = registry.snapshot().models().get(id);
        if (model == null) {
            LoadFailure failure = registry.snapshot().failures().get(id);
            if (failure != null) {
                throw new NotFoundException("The model '" + id + "' is not served: " + failure.error());
            }
            throw new NotFoundException("There is no model '" + Quote.brief(id) + "'; GET /models lists the served ones.");
        }
        ctx.json(view(model));
    }

    void leaderboard(Context ctx) {
        ctx.json(Leaderboard.of(predictions.rankedModels(), accuracy, registry.snapshot().failures().values()));
    }

    private Map<String, Object> view(OnnxModel model) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", model.id());
        out.put("file", model.source().repositoryLayout()
                ? model.id() + "/" + model.source().version() + "/" + model.file().getFileName()
                : model.file().getFileName().toString());
        out.put("sha256", model.sha256());
        out.put("loadedAt", model.loadedAt().toString());
        out.put("healthy", model.healthy());
        // Measured at load: a request asking it for more digits is refused (see docs/hardening.md).
        out.put("cpuMillisPerDigit", model.cpuSecondsPerRow() * 1e3);
        out.put("maxDigitsPerRequest", model.maxRows());
        LoadFailure newer = registry.snapshot().failures().get(model.id());
        if (newer != null) {
            // The file changed into something that does not load; this is the version loaded before.
            out.put("servingLastGoodVersion", true);
            out.put("newVersionError", newer.error());
        }
        model.failure().ifPresent(f -> out.put("lastError", f));
        out.put("metadata", model.metadata().map(ModelsController::metadata).orElse(null));
        model.metadataProblem().ifPresent(p -> out.put("metadataProblem", p));
        out.put("servedAccuracy", accuracy.of(model));
        out.put("origin", model.trainedElsewhere() ? Leaderboard.TRAINED_ELSEWHERE : Leaderboard.DIGIT_LAB);
        if (model.source().repositoryLayout()) {
            out.put("version", model.source().version());
            out.put("versions", model.source().versions());
        }
        if (!model.adapter().contract()) {
            out.put("adapter", model.adapter().describe());
        }
        accuracy.declarationCheck(model).ifPresent(check -> out.put("declarationCheck", check));
        return out;
    }

    private static Map<String, Object> metadata(ModelMetadata m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("loss", m.loss());
        out.put("regularizer", m.regularizer());
        out.put("strength", m.strength());
        out.put("family", m.family());
        out.put("seed", m.seed());
        out.put("epochs", m.epochs());
        out.put("dataset", m.dataset());
        out.put("split", m.split());
        out.put("trainSize", m.trainSize());
        out.put("testSize", m.testSize());
        out.put("datasetChecksum", m.datasetChecksum());
        out.put("trainAccuracy", m.trainAccuracy());
        out.put("testAccuracy", m.testAccuracy());
        out.put("trainingMillis", m.trainingMillis());
        out.put("pixelScaling", m.pixelScaling());
        out.put("config", configOf(m.configJson()));
        // Train and test accuracy per epoch (at most 200 points), for the page's overlaid curves; null in older files.
        out.put("curves", m.curves().isEmpty() ? null : m.curves());
        return out;
    }

    /** The training config as JSON when it is JSON, else as the text the trainer wrote. */
    private static Object configOf(String text) {
        try {
            JsonNode node = RequestBodies.JSON.readTree(text);
            return node == null ? text : node;
        } catch (java.io.IOException e) {
            return text;
        }
    }

    private Map<String, Object> failureView(LoadFailure f) {
        return Map.of("id", f.id(), "file", f.file().toString(), "error", f.error(),
                "at", f.at().toString(), "lastGoodVersionServed", registry.snapshot().models().containsKey(f.id()));
    }
}
