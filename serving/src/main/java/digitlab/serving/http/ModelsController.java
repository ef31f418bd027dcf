package digitlab.serving.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import digitlab.core.model.ModelMetadata;
import digitlab.core.model.TrainingCurves;
import digitlab.serving.accuracy.AccuracyEvaluator;
import digitlab.serving.inference.LoadFailure;
import digitlab.serving.inference.ModelRegistry;
import digitlab.serving.inference.OnnxModel;
import digitlab.serving.service.Leaderboard;
import digitlab.serving.service.PredictionService;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
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

    /** {@code GET /models}: the default model's id (null while none is served), the served models best first, the files that failed. */
    @JsonPropertyOrder({"default", "models", "failed"}) // a renamed component would go last
    record ModelList(@JsonProperty("default") String defaultModel, List<Map<String, Object>> models, List<FailureView> failed) {}

    /** A file that does not load, and whether an earlier version of it is still served. */
    record FailureView(String id, String file, String error, String at, boolean lastGoodVersionServed) {}

    /** A model's training metadata as the trainer wrote it, with its config as JSON where it is JSON. */
    record MetadataView(String id, String loss, String regularizer, double strength, String family, long seed,
            int epochs, String dataset, String split, int trainSize, int testSize, String datasetChecksum,
            double trainAccuracy, double testAccuracy, long trainingMillis, String pixelScaling, Object config,
            TrainingCurves curves) {}

    void list(Context ctx) {
        List<OnnxModel> ranked = predictions.rankedModels();
        ctx.json(new ModelList(ranked.isEmpty() ? null : predictions.bestModelId(),
                ranked.stream().map(this::view).toList(),
                registry.snapshot().failures().values().stream().map(this::failureView).toList()));
    }

    void one(Context ctx) {
        String id = ctx.pathParam("id");
        OnnxModel model = registry.snapshot().models().get(id);
        if (model == null) {
            LoadFailure failure = registry.snapshot().failures().get(id);
            if (failure != null) {
                throw new NotFoundResponse("The model '" + id + "' is not served: " + failure.error());
            }
            throw new NotFoundResponse("There is no model '" + Quote.brief(id) + "'; GET /models lists the served ones.");
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

    private static MetadataView metadata(ModelMetadata m) {
        // Train and test accuracy per epoch (at most 200 points), for the page's overlaid curves; null in older files.
        return new MetadataView(m.id(), m.loss(), m.regularizer(), m.strength(), m.family(), m.seed(), m.epochs(),
                m.dataset(), m.split(), m.trainSize(), m.testSize(), m.datasetChecksum(), m.trainAccuracy(),
                m.testAccuracy(), m.trainingMillis(), m.pixelScaling(), configOf(m.configJson()),
                m.curves().isEmpty() ? null : m.curves());
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

    private FailureView failureView(LoadFailure f) {
        return new FailureView(f.id(), f.file().toString(), f.error(), f.at().toString(),
                registry.snapshot().models().containsKey(f.id()));
    }
}
