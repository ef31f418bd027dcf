package digitlab.serving.service;

import digitlab.serving.accuracy.AccuracyEvaluator;
import digitlab.serving.inference.ModelAnswer;
import digitlab.serving.inference.InferenceFailedException;
import digitlab.serving.inference.ModelRegistry;
import digitlab.serving.inference.NoModelLoadedException;
import digitlab.serving.inference.OnnxModel;
import digitlab.serving.inference.OverBudgetException;
import digitlab.serving.inference.PixelBatch;
import digitlab.serving.inference.RowCost;
import digitlab.serving.inference.UnknownModelException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers digits with one model, the best one, or every model. Knows nothing of HTTP. */
public final class PredictionService {
    /** The model choice that asks every served model. */
    public static final String ALL = "all";
    private static final Logger LOG = LoggerFactory.getLogger(PredictionService.class);
    /**
     * Digits times models one request may ask for, which bounds the answer's size; what the digits
     * cost to compute is bounded apart, by each model's measured cost ({@link RowCost}).
     */
    public static final int MAX_ANSWERS_PER_REQUEST = 20_000;

    private final ModelRegistry registry;
    private final AccuracyEvaluator accuracy;
    /** The latest order taken; null before the first. */
    private volatile Ranking ranking;
    /** {@code serve --default-model}: empty when the rule picks the default. */
    private final String pinnedDefault;

    public PredictionService(ModelRegistry registry, AccuracyEvaluator accuracy) {
        this(registry, accuracy, "");
    }

    public PredictionService(ModelRegistry registry, AccuracyEvaluator accuracy, String pinnedDefault) {
        this.registry = registry;
        this.accuracy = accuracy;
        this.pinnedDefault = pinnedDefault == null ? "" : pinnedDefault;
    }

    /**
     * @param choice a model id, {@value #ALL}, or null/blank for the best model by served accuracy
     * @return one answer per model asked, best model first when all were asked
     */
    public List<ModelAnswer> answer(String choice, PixelBatch batch) {
        if (choice == null || choice.isBlank()) {
            while (true) {
                try {
                    return List.of(registry.answer(bestModelId(), batch));
                } catch (UnknownModelException e) {
                    // The best model was removed between ranking and answering: rank the models still served.
                }
            }
        }
        if (ALL.equals(choice)) {
            List<OnnxModel> ranked = rankedModels();
            if ((long) batch.rows() * ranked.size() > MAX_ANSWERS_PER_REQUEST) {
                throw new OverBudgetException("?model=all answers at most " + MAX_ANSWERS_PER_REQUEST
                        + " digits x models per request; " + batch.rows() + " digits x " + ranked.size()
                        + " models is more. Ask one model, or send smaller batches.");
            }
            double perDigit = ranked.stream().mapToDouble(OnnxModel::cpuSecondsPerRow).sum();
            int fits = RowCost.maxRows(perDigit);
            if (batch.rows() > fits) {
                throw new OverBudgetException("?model=all answers at most " + fits + " digits per request here (a digit"
                        + " costs the " + ranked.size() + " models " + RowCost.describe(perDigit) + " together); "
                        + batch.rows() + " is more. Ask one model, or send smaller batches.");
            }
            List<ModelAnswer> answers = new ArrayList<>();
            for (OnnxModel model : ranked) {
                try {
                    answers.add(registry.answer(model.id(), batch));
                } catch (InferenceFailedException e) {
                    // One broken model must not fail the others: it answers its error in its own entry.
                    LOG.warn("{}", e.getMessage());
                    answers.add(ModelAnswer.failed(e));
                } catch (UnknownModelException e) {
                    // Removed since the ranking was taken: "every model" means every model still served.
                }
            }
            if (answers.isEmpty()) {
                throw noModels();
            }
            return answers;
        }
        return List.of(registry.answer(choice, batch));
    }

    /**
     * The default model: the one {@code --default-model} pins, while it is served; otherwise the best
     * ranked ({@link ModelRanking}) whose latest call succeeded, or the best of all when none did.
     */
    public String bestModelId() {
        if (!pinnedDefault.isEmpty() && registry.snapshot().models().containsKey(pinnedDefault)) {
            return pinnedDefault;
        }
        List<OnnxModel> ranked = rankedModels();
        if (ranked.isEmpty()) {
            throw noModels();
        }
        return ranked.stream().filter(OnnxModel::healthy).findFirst().orElse(ranked.get(0)).id();
    }

    public List<OnnxModel> rankedModels() {
        // The count first: a figure set while the order is taken moves it, and the next call takes it anew.
        long changes = accuracy.changes();
        ModelRegistry.Snapshot snapshot = registry.snapshot();
        Ranking last = ranking;
        if (last != null && last.snapshot() == snapshot && last.accuracyChanges() == changes) {
            return last.bestFirst();
        }
        List<OnnxModel> bestFirst = ModelRanking.bestFirst(snapshot.models().values(), accuracy);
        ranking = new Ranking(snapshot, changes, bestFirst);
        return bestFirst;
    }

    /**
     * The models in order as taken for one set of served models and one count of accuracy changes. Taken
     * anew for every request, the order of the 53 shipped models was 4.5% of /predict's CPU under load.
     */
    private record Ranking(ModelRegistry.Snapshot snapshot, long accuracyChanges, List<OnnxModel> bestFirst) {}

    private NoModelLoadedException noModels() {
        int failed = registry.snapshot().failures().size();
        return new NoModelLoadedException(failed == 0
                ? "No model is served: the models folder has no .onnx file yet (flat <id>.onnx, or Triton's "
                        + "<name>/<version>/model.onnx)."
                : "No model is served: all " + failed + " models in the folder failed to load (see GET /models).");
    }
}
