package digitlab.serving.service;

import digitlab.core.model.ModelContract;
import digitlab.serving.http.Metrics;
import digitlab.serving.http.Quote;
import digitlab.serving.inference.InvalidInputException;
import digitlab.serving.inference.LoadFailure;
import digitlab.serving.inference.ModelAnswer;
import digitlab.serving.inference.ModelRegistry;
import digitlab.serving.inference.NoModelLoadedException;
import digitlab.serving.inference.OnnxModel;
import digitlab.serving.inference.OverBudgetException;
import digitlab.serving.inference.PixelBatch;
import digitlab.serving.inference.Prediction;
import digitlab.serving.inference.UnknownModelException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Open Inference Protocol v2 as digit-lab serves it, whatever carries it: which models and versions
 * exist, readiness, metadata, the one input tensor's rules and the answer. The REST endpoints and the
 * gRPC service are thin adapters over this class, so the two transports cannot drift apart; neither
 * knows the other, and this class knows neither.
 */
public final class OpenInferenceService {
    public static final String SERVER_NAME = "digit-lab";
    public static final String FP32 = "FP32";
    public static final String PLATFORM = "onnxruntime_onnx";
    /** The protocol echoes the id; a long one is refused rather than sent back. */
    public static final int MAX_ID_CHARS = 256;

    /** One tensor as metadata describes it; -1 for the batch dimension. */
    public record Tensor(String name, String datatype, List<Long> shape) {}

    /** What the model metadata call answers. */
    public record ModelDescription(String name, List<String> versions, String platform, List<Tensor> inputs,
            List<Tensor> outputs) {}

    /** A model's answer to one infer call: {@code rows x 10} probabilities, row-major. */
    public record Answer(String model, String version, int rows, float[] probabilities) {}

    private final ModelRegistry registry;
    private final Metrics metrics;
    private final String serverVersion;

    public OpenInferenceService(ModelRegistry registry, Metrics metrics, String serverVersion) {
        this.registry = registry;
        this.metrics = metrics;
        this.serverVersion = serverVersion;
    }

    public String serverVersion() {
        return serverVersion;
    }

    /** Empty when the server takes infer calls; otherwise why it does not. */
    public Optional<String> serverNotReady() {
        if (!registry.loaded() || registry.snapshot().models().isEmpty()) {
            return Optional.of("Not ready: no model is loaded yet.");
        }
        return Optional.empty();
    }

    /**
     * The served model {@code name}; {@code version} null or empty means the one served. In Triton's
     * repository layout that is the highest integer version (Triton's default policy, the latest one); a
     * flat file has one version, its current bytes, named by the start of their SHA-256. Any other version
     * is unknown. While nothing is served at all, every model is "not ready" rather than unknown.
     */
    public OnnxModel model(String name, String version) {
        serverNotReady().ifPresent(reason -> {
            throw new NoModelLoadedException(reason);
        });
        ModelRegistry.Snapshot snapshot = registry.snapshot();
        OnnxModel model = snapshot.models().get(name);
        if (model == null) {
            LoadFailure failure = snapshot.failures().get(name);
            throw new UnknownModelException(failure == null ? "There is no model '" + Quote.brief(name) + "'."
                    : "The model '" + name + "' is not served: " + failure.error());
        }
        if (version == null || version.isEmpty()) {
            return model;
        }
        String served = versionOf(model);
        if (model.source().repositoryLayout() && !served.equals(version)
                && model.source().versions().stream().map(String::valueOf).anyMatch(version::equals)) {
            throw new UnknownModelException("The model '" + name + "' has version " + version + " in the repository, but "
                    + "only its highest version, " + served + ", is served.");
        }
        if (!served.equals(version)) {
            throw new UnknownModelException("The model '" + name + "' has no version '" + Quote.brief(version)
                    + "'; it serves version '" + served + "'.");
        }
        return model;
    }

    /** Empty when {@code model} takes infer calls; otherwise why it does not. */
    public Optional<String> modelNotReady(OnnxModel model) {
        if (model.healthy()) {
            return Optional.empty();
        }
        return Optional.of("The model '" + model.id() + "' is not ready: its latest call failed ("
                + model.failure().orElse("") + ").");
    }

    /** The versions a model lists: every one its repository folder holds, or a flat file's one. */
    public ModelDescription describe(OnnxModel model) {
        List<String> versions = model.source().repositoryLayout()
                ? model.source().versions().stream().map(String::valueOf).toList() : List.of(versionOf(model));
        return new ModelDescription(model.id(), versions, PLATFORM,
                List.of(new Tensor(ModelContract.INPUT, FP32, List.of(-1L, (long) ModelContract.FEATURES))),
                List.of(new Tensor(ModelContract.OUTPUT, FP32, List.of(-1L, (long) ModelContract.CLASSES))));
    }

    /** The version served: Triton's integer version in its layout, else the file's SHA-256 prefix. */
    public static String versionOf(OnnxModel model) {
        return model.source().repositoryLayout() ? String.valueOf(model.source().version())
                : model.sha256().substring(0, 12);
    }

    /** The request id to echo: null or empty stays absent; a long one is refused. */
    public static String checkId(String id) {
        if (id != null && id.length() > MAX_ID_CHARS) {
            throw new InvalidInputException("'id' has " + id.length() + " characters; at most " + MAX_ID_CHARS
                    + " are echoed back.");
        }
        return id == null || id.isEmpty() ? null : id;
    }

    /** Refuses an input tensor other than the model's one FP32 input. */
    public static void checkInput(String name, String datatype) {
        if (!ModelContract.INPUT.equals(name)) {
            throw new InvalidInputException("The input tensor is '" + Quote.brief(name) + "'; the model takes '"
                    + ModelContract.INPUT + "'.");
        }
        if (!FP32.equals(datatype)) {
            throw new InvalidInputException("The input datatype is '" + Quote.brief(datatype) + "'; the model takes "
                    + FP32 + ".");
        }
    }

    /**
     * The digits an input of this shape holds.
     *
     * @param shape the shape sent, or null when it is not a list of whole numbers
     * @param shapeText the shape as the client wrote it, for the message
     */
    public static int rowsOf(long[] shape, String shapeText) {
        if (shape == null || shape.length != 2 || shape[0] < 1 || shape[1] != ModelContract.FEATURES) {
            throw new InvalidInputException("The input shape is " + Quote.brief(shapeText) + "; the model takes [N, "
                    + ModelContract.FEATURES + "].");
        }
        if (shape[0] > PixelBatch.MAX_ROWS) {
            throw new OverBudgetException("The input shape asks for " + shape[0] + " digits; at most "
                    + PixelBatch.MAX_ROWS + " are answered at once.");
        }
        return (int) shape[0];
    }

    /** Refuses a requested output other than the model's one. */
    public static void checkOutput(String name) {
        if (!ModelContract.OUTPUT.equals(name)) {
            throw new InvalidInputException("There is no output '" + Quote.brief(name) + "'; the model gives '"
                    + ModelContract.OUTPUT + "'.");
        }
    }

    /**
     * Every parameter a request carries is either honoured or refused by name: silently ignoring one
     * (a priority, a classification count, a shared-memory region) would answer a different question.
     */
    public static void refuseUnsupported(Collection<String> names, String where, Set<String> supported) {
        for (String name : names) {
            if (!supported.contains(name)) {
                throw new InvalidInputException("The parameter '" + Quote.brief(name) + "' of " + where
                        + " is not supported here; supported: "
                        + (supported.isEmpty() ? "none" : String.join(", ", supported.stream().sorted().toList()))
                        + " (see docs/open-inference.md).");
            }
        }
    }

    /** The input's values, {@code rows x 784} row-major, as checked digits. */
    public static PixelBatch batch(float[] values, int rows) {
        return PixelBatch.ofRowMajor(values, rows);
    }

    /** Runs {@code batch} on {@code model}, counted in the metrics like every answer. */
    public Answer infer(OnnxModel model, PixelBatch batch) {
        ModelAnswer answer = registry.answer(model.id(), batch);
        metrics.recordInference(model.id(), batch.rows(), answer.milliseconds() / 1000);
        float[] data = new float[batch.rows() * ModelContract.CLASSES];
        List<Prediction> predictions = answer.predictions();
        for (int r = 0; r < predictions.size(); r++) {
            System.arraycopy(predictions.get(r).probabilities(), 0, data, r * ModelContract.CLASSES, ModelContract.CLASSES);
        }
        return new Answer(model.id(), versionOf(model), batch.rows(), data);
    }
}
