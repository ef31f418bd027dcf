package digitlab.serving.inference.foreign;

import ai.onnxruntime.OnnxMap;
import ai.onnxruntime.OnnxSequence;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import digitlab.core.model.ModelContract;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fits one ONNX digit classifier to the server's contract (pixels {@code [N, 784]} in [0, 1] in,
 * probabilities {@code [N, 10]} out): feeds the pixels in the layout its input has ({@code [N, 784]},
 * {@code [N, W]} with the first W pixels for W below 784, {@code [N, 28, 28]}, {@code [N, 1, 28, 28]} or
 * {@code [N, 28, 28, 1]}, all the same row-major 28x28 values) in the convention declared for it, in
 * calls of the batch size it takes (a batch fixed to 1 means one call per digit), and reads its output
 * (a float tensor of ten numbers per digit, or scikit-learn's sequence of maps from class to
 * probability) as {@link OutputKind} says. A file that keeps the contract already, with nothing
 * declared, is run as it is, its output untouched.
 */
public final class ModelAdapter {
    /** The input layouts taken; each holds a digit's 784 pixels row by row, so only the shape differs. */
    enum Layout {
        FLAT, HW, NCHW, NHWC
    }

    /**
     * The most digits one ONNX Runtime call is given; more are run in calls of this size. A whole
     * batch in one call costs a convolutional network's activations per digit at once (6678 digits
     * through the shipped CNN: hundreds of MB, and 4 CPU-s where calls of 256 take well under 1), so
     * the batch is cut, which keeps a digit's cost what {@code RowCost} measured.
     */
    public static final int MAX_ROWS_PER_CALL = 256;

    private final String input;
    private final Layout layout;
    /** Pixels fed per digit: 784, or fewer for a flat input that takes only the first ones. */
    private final int width;
    /** A batch size the file fixes (padded up to when fewer digits are asked), or 0 when it is dynamic. */
    private final int fixedBatch;
    /** Triton's {@code max_batch_size} for a dynamic batch: the most digits one call takes; 0 for no limit. */
    private final int maxBatch;
    private final String output;
    private final boolean mapSequence;
    private final Declaration declaration;
    private final boolean keepOutput;
    /** True when the input says the batch is dynamic but the graph fails on two digits ({@link #probed}). */
    private final boolean batchFixedInside;
    /** The output kinds rows looked like so far, one bit per {@link OutputKind}, for {@code /models}. */
    private final AtomicInteger seen = new AtomicInteger();

    ModelAdapter(String input, Layout layout, int width, int fixedBatch, int maxBatch, String output,
            boolean mapSequence, Declaration declaration, boolean keepOutput, boolean batchFixedInside) {
        this.batchFixedInside = batchFixedInside;
        this.input = input;
        this.layout = layout;
        this.width = width;
        this.fixedBatch = fixedBatch;
        this.maxBatch = maxBatch;
        this.output = output;
        this.mapSequence = mapSequence;
        this.declaration = declaration;
        this.keepOutput = keepOutput;
    }

    /**
     * A graph may declare a dynamic batch and still fix it to 1 inside (a Reshape to {@code [1, ...]},
     * as the Model Zoo's mnist-8 once edited to a dynamic input does): then every batch would fail. So a
     * model trained elsewhere is tried once at load on two blank digits; when that fails and one digit
     * works, it is called once per digit from then on.
     */
    public ModelAdapter probed(OrtEnvironment env, OrtSession session) {
        if (fixedBatch > 0 || keepOutput) {
            return this;
        }
        try {
            probabilities(env, session, new float[2 * ModelContract.FEATURES], 2, declaration.pixels());
            return this;
        } catch (OrtException | RuntimeException two) {
            ModelAdapter one = new ModelAdapter(input, layout, width, 1, 0, output, mapSequence, declaration,
                    keepOutput, true);
            try {
                one.probabilities(env, session, new float[ModelContract.FEATURES], 1, declaration.pixels());
                return one;
            } catch (OrtException | RuntimeException neither) {
                return this; // fails either way: the first served call reports why
            }
        }
    }

    /** Keeps the contract as it is: served exactly as the file computes, as digit-lab's own files are. */
    public boolean contract() {
        return keepOutput && width == ModelContract.FEATURES && input.equals(ModelContract.INPUT)
                && declaration.pixels().identity();
    }

    public Declaration declaration() {
        return declaration;
    }

    /** ONNX Runtime calls needed for {@code rows} digits. */
    public int calls(int rows) {
        int per = perCall(rows);
        return (rows + per - 1) / per;
    }

    private int perCall(int rows) {
        if (fixedBatch > 0) {
            return fixedBatch;
        }
        return Math.min(maxBatch > 0 ? maxBatch : MAX_ROWS_PER_CALL, rows);
    }

    /**
     * Probabilities {@code [rows, 10]} for contract pixels {@code [rows, 784]}, fed as {@code convention} says.
     */
    public float[] probabilities(OrtEnvironment env, OrtSession session, float[] pixels, int rows,
            PixelConvention convention) throws OrtException {
        float[] out = new float[rows * ModelContract.CLASSES];
        int per = perCall(rows);
        for (int start = 0; start < rows; start += per) {
            int n = Math.min(per, rows - start);
            int fed = fixedBatch > 0 ? fixedBatch : n;
            float[] in;
            if (convention.identity() && width == ModelContract.FEATURES && start == 0 && fed == rows) {
                in = pixels; // the contract's own pixels: no copy
            } else {
                in = new float[fed * width];
                for (int r = 0; r < n; r++) {
                    convention.apply(pixels, (start + r) * ModelContract.FEATURES, width, in, r * width);
                }
            }
            FloatBuffer fedBuffer = TensorBuffers.holding(in, fed * width);
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, fedBuffer, shape(fed));
                    OrtSession.Result result = session.run(Map.of(input, tensor), Set.of(output))) {
                OnnxValue value = result.get(output).orElseThrow(
                        () -> new OrtException("it gave no '" + output + "' output."));
                read(value, fed, n, out, start * ModelContract.CLASSES);
            } finally {
                TensorBuffers.giveBack(fedBuffer); // the tensor over it is closed
            }
        }
        if (!keepOutput) {
            // Only pixels fed as declared say what the model's output is; the declaration check feeds others.
            boolean asDeclared = convention.equals(declaration.pixels());
            for (int r = 0; r < rows; r++) {
                int offset = r * ModelContract.CLASSES;
                int bit = 1 << OutputKind.seenIn(out, offset, ModelContract.CLASSES).ordinal();
                if (asDeclared && (seen.get() & bit) == 0) {
                    seen.getAndUpdate(bits -> bits | bit);
                }
                declaration.output().toProbabilities(out, offset, ModelContract.CLASSES);
            }
        }
        return out;
    }

    private long[] shape(int batch) {
        return switch (layout) {
            case FLAT -> new long[] {batch, width};
            case HW -> new long[] {batch, 28, 28};
            case NCHW -> new long[] {batch, 1, 28, 28};
            case NHWC -> new long[] {batch, 28, 28, 1};
        };
    }

    /** The first {@code n} of {@code fed} digits' ten numbers into {@code out[offset...]}. */
    private void read(OnnxValue value, int fed, int n, float[] out, int offset) throws OrtException {
        if (!mapSequence) {
            FloatBuffer buffer = ((OnnxTensor) value).getFloatBuffer();
            if (buffer.remaining() != fed * ModelContract.CLASSES) {
                throw new OrtException("it answered " + buffer.remaining() + " numbers for " + fed
                        + " digits instead of " + ModelContract.CLASSES + " each.");
            }
            buffer.get(out, offset, n * ModelContract.CLASSES);
            return;
        }
        List<? extends OnnxValue> maps = ((OnnxSequence) value).getValue();
        if (maps.size() != fed) {
            throw new OrtException("it answered " + maps.size() + " maps for " + fed + " digits.");
        }
        for (int r = 0; r < n; r++) {
            Map<? extends Object, ? extends Object> classes = ((OnnxMap) maps.get(r)).getValue();
            for (int c = 0; c < ModelContract.CLASSES; c++) {
                Object p = classes.containsKey((long) c) ? classes.get((long) c) : classes.get(String.valueOf(c));
                if (!(p instanceof Float f)) {
                    throw new OrtException("its map for a digit has no probability for class " + c + ".");
                }
                out[offset + r * ModelContract.CLASSES + c] = f;
            }
        }
    }

    /** For {@code /models}: what was found in the file and how it is fed and read. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("input", input + " " + Arrays.toString(shape(fixedBatch > 0 && !batchFixedInside ? fixedBatch : -1))
                .replace("-1", "N")
                + " (" + layout.name().toLowerCase(java.util.Locale.ROOT)
                + (width < ModelContract.FEATURES ? ", the first " + width + " pixels" : "") + ")");
        out.put("batch", batchFixedInside ? "fixed to 1 inside the graph (two digits failed at load): one call per digit"
                : fixedBatch == 1 ? "fixed to 1: one call per digit"
                : fixedBatch > 1 ? "fixed to " + fixedBatch + ": calls of " + fixedBatch + " digits, padded"
                : maxBatch > 0 ? "dynamic, at most " + maxBatch + " digits per call (max_batch_size)" : "dynamic");
        out.put("output", output + (mapSequence ? " (sequence of maps from class to probability)" : ""));
        out.put("outputRead", keepOutput ? "as it is (the contract's probabilities)"
                : declaration.output() == OutputKind.AUTO ? "auto: a distribution kept, anything else through softmax"
                : "declared " + declaration.output().label());
        int bits = seen.get();
        out.put("outputSeen", Arrays.stream(OutputKind.values()).filter(k -> (bits & 1 << k.ordinal()) != 0)
                .map(OutputKind::label).toList());
        out.put("pixels", declaration.pixels().settings());
        out.put("declared", declaration.settings().isEmpty() ? null : new java.util.TreeMap<>(declaration.settings()));
        return out;
    }

}
