package digitlab.serving.service;

import digitlab.core.model.ModelMetadata;
import digitlab.serving.accuracy.AccuracyEvaluator;
import digitlab.serving.accuracy.ServedAccuracy;
import digitlab.serving.inference.OnnxModel;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Orders models best first. The key is the served accuracy on the full test set: every model is
 * measured on the same 10000 images whatever split it trained on, so the figures compare. Models
 * still pending follow, by the accuracy their trainer reported, then by id, so the order (and the
 * default model) is deterministic even before any measurement finishes.
 */
public final class ModelRanking {
    private ModelRanking() {}

    public static List<OnnxModel> bestFirst(Collection<OnnxModel> models, AccuracyEvaluator accuracy) {
        Comparator<OnnxModel> byServed = Comparator.comparingDouble(m -> -servedPercent(accuracy.of(m)));
        Comparator<OnnxModel> byReported = Comparator.comparingDouble(
                m -> -m.metadata().map(ModelMetadata::testAccuracy).orElse(-1.0));
        return models.stream().sorted(byServed.thenComparing(byReported).thenComparing(OnnxModel::id)).toList();
    }

    private static double servedPercent(ServedAccuracy a) {
        return a.done() ? a.full().percent() : -1;
    }
}
