package digitlab.serving.inference;

import ai.onnxruntime.OrtException;
import digitlab.core.metrics.Predictions;
import digitlab.core.model.ModelContract;
import digitlab.serving.inference.foreign.PixelConvention;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The models being served, as an immutable snapshot that is swapped whole. A reader takes the
 * snapshot once and never sees half an update; a model that leaves the snapshot is closed only
 * after the calls already running on it have finished.
 */
public final class ModelRegistry implements AutoCloseable {
    /** What is served at one moment, by model id, and the files that could not be. */
    public record Snapshot(Map<String, OnnxModel> models, Map<String, LoadFailure> failures) {
        public Snapshot {
            models = Collections.unmodifiableMap(new TreeMap<>(models));
            failures = Collections.unmodifiableMap(new TreeMap<>(failures));
        }
    }

    private volatile Snapshot current = new Snapshot(Map.of(), Map.of());
    private volatile boolean loaded;
    private final List<Consumer<OnnxModel>> newModelListeners = new CopyOnWriteArrayList<>();

    public Snapshot snapshot() {
        return current;
    }

    /** True once the models folder has been read for the first time. */
    public boolean loaded() {
        return loaded;
    }

    /** Called with every model that enters service, e.g. to measure its accuracy. */
    public void onNewModel(Consumer<OnnxModel> listener) {
        newModelListeners.add(listener);
    }

    /**
     * Serves {@code models} from now on. Models of the previous snapshot that are not in the new
     * one are closed after their in-flight calls finish; this call waits for that.
     */
    public void publish(Map<String, OnnxModel> models, Map<String, LoadFailure> failures) {
        List<OnnxModel> retired = new ArrayList<>();
        List<OnnxModel> added = new ArrayList<>();
        synchronized (this) {
            Snapshot previous = current;
            current = new Snapshot(models, failures);
            loaded = true;
            for (OnnxModel old : previous.models().values()) {
                if (models.get(old.id()) != old) {
                    retired.add(old);
                }
            }
            for (OnnxModel model : models.values()) {
                if (previous.models().get(model.id()) != model) {
                    added.add(model);
                }
            }
        }
        retired.forEach(OnnxModel::close);
        for (OnnxModel model : added) {
            newModelListeners.forEach(listener -> listener.accept(model));
        }
    }

    /** The model {@code id}'s answers; a model swapped out mid-call is retried on its successor. */
    public ModelAnswer answer(String id, PixelBatch batch) {
        while (true) {
            OnnxModel model = current.models().get(id);
            if (model == null) {
                throw new UnknownModelException(unknownModelMessage(id));
            }
            if (batch.rows() > model.maxRows()) {
                throw new OverBudgetException("The model '" + id + "' answers at most " + model.maxRows()
                        + " digits per request (a digit costs it " + RowCost.describe(model.cpuSecondsPerRow())
                        + "); " + batch.rows() + " is more. Send smaller batches.");
            }
            try {
                long start = System.nanoTime();
                float[] probabilities = model.probabilities(batch);
                double millis = (System.nanoTime() - start) / 1e6;
                return new ModelAnswer(id, predictions(probabilities), millis);
            } catch (ModelRetiredException e) {
                Thread.onSpinWait();
            } catch (OrtException e) {
                throw new InferenceFailedException(id, "The model '" + id + "' failed to run: " + e.getMessage());
            }
        }
    }

    /**
     * Raw probabilities for the accuracy pass, counted apart from served digits; null (not an empty
     * array) when the model left service meanwhile.
     */
    public float[] accuracyProbabilitiesOrNull(OnnxModel model, PixelBatch batch) throws OrtException {
        try {
            return model.accuracyProbabilities(batch);
        } catch (ModelRetiredException e) {
            return null;
        }
    }

    /** As {@link #accuracyProbabilitiesOrNull(OnnxModel, PixelBatch)}, with the pixels fed in {@code convention}. */
    public float[] accuracyProbabilitiesOrNull(OnnxModel model, PixelBatch batch, PixelConvention convention)
            throws OrtException {
        try {
            return model.accuracyProbabilities(batch, convention);
        } catch (ModelRetiredException e) {
            return null;
        }
    }

    private String unknownModelMessage(String id) {
        Snapshot s = current;
        LoadFailure failure = s.failures().get(id);
        if (failure != null) {
            return "The model '" + id + "' is not served because it failed to load: " + failure.error();
        }
        return "There is no model '" + id + "'; served models: " + String.join(", ", s.models().keySet()) + ".";
    }

    private static List<Prediction> predictions(float[] probabilities) {
        int rows = probabilities.length / ModelContract.CLASSES;
        List<Prediction> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            int offset = r * ModelContract.CLASSES;
            out.add(new Prediction(Predictions.argmax(probabilities, offset, ModelContract.CLASSES),
                    Arrays.copyOfRange(probabilities, offset, offset + ModelContract.CLASSES)));
        }
        return out;
    }

    /** Stops serving everything, waiting for calls in flight. */
    @Override
    public void close() {
        publish(Map.of(), Map.of());
    }
}
