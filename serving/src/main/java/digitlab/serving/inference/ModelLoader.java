package digitlab.serving.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import digitlab.core.model.ModelContract;
import digitlab.core.model.ModelMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * Turns a {@code .onnx} file into an {@link OnnxModel}, or a one-sentence reason it cannot be served.
 * The session is built from the same bytes that are hashed, so the hash names what is served even
 * if the file changes while it is read.
 */
public final class ModelLoader {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final int intraOpThreads;
    private final Duration batchWindow;

    /**
     * @param intraOpThreads threads one session uses for one call. On a small machine 1 is best:
     *     requests already run in parallel on Jetty's threads, and a second pool per session only
     *     adds contention (the models are small MLPs where a call takes well under a millisecond).
     */
    public ModelLoader(int intraOpThreads) {
        this(intraOpThreads, Duration.ZERO);
    }

    /**
     * @param batchWindow zero: every request is its own ONNX Runtime call; positive: the longest a
     *     small request waits to be gathered with others arriving while the model is busy
     *     (see {@link MicroBatcher})
     */
    public ModelLoader(int intraOpThreads, Duration batchWindow) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("ONNX Runtime needs at least one intra-op thread, not " + intraOpThreads + ".");
        }
        if (batchWindow.isNegative()) {
            throw new IllegalArgumentException("The batch window cannot be negative: " + batchWindow + ".");
        }
        this.intraOpThreads = intraOpThreads;
        this.batchWindow = batchWindow;
    }

    /** The model id a file is served under: its name without {@code .onnx}. */
    public static String idOf(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(ModelContract.FILE_SUFFIX)
                ? name.substring(0, name.length() - ModelContract.FILE_SUFFIX.length())
                : name;
    }

    public OnnxModel load(Path file) throws ModelLoadException {
        String id = idOf(file);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("The file " + file + " cannot be read: " + e.getMessage(), e);
        }
        OrtSession session;
        try (OrtSession.SessionOptions options = sessionOptions()) {
            session = env.createSession(bytes, options);
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime cannot load " + file.getFileName() + ": " + firstLine(e.getMessage()), e);
        }
        try {
            checkContract(session, file);
            ModelMetadata metadata = null;
            String problem = null;
            try {
                metadata = ModelMetadata.fromProps(session.getMetadata().getCustomMetadata());
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            return new OnnxModel(id, file, sha256(bytes), metadata, problem, env, session, batchWindow);
        } catch (ModelLoadException | OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof ModelLoadException mle) {
                throw mle;
            }
            throw new ModelLoadException("The model " + file.getFileName() + " cannot be inspected: " + e.getMessage(), e);
        }
    }

    private OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(intraOpThreads);
        // Sequential execution never uses the inter-op pool; one thread keeps it from being created large.
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        // A run that fails is logged once by the server, without ONNX Runtime's own line with its source paths.
        options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
        return options;
    }

    /** A file that loads but reads other tensors would fail on every request; refuse it up front instead. */
    private static void checkContract(OrtSession session, Path file) throws OrtException, ModelLoadException {
        checkTensor(session.getInputInfo(), ModelContract.INPUT, ModelContract.FEATURES, "input", file);
        checkTensor(session.getOutputInfo(), ModelContract.OUTPUT, ModelContract.CLASSES, "output", file);
    }

    private static void checkTensor(Map<String, NodeInfo> nodes, String name, int width, String kind, Path file)
            throws ModelLoadException {
        NodeInfo node = nodes.get(name);
        String expected = "float32 [N, " + width + "]";
        if (node == null || !(node.getInfo() instanceof TensorInfo info)) {
            throw new ModelLoadException("The model " + file.getFileName() + " has no " + kind + " tensor '" + name
                    + "' (it has " + nodes.keySet() + "); the contract wants '" + name + "' " + expected + ".");
        }
        long[] shape = info.getShape();
        boolean fits = info.type == OnnxJavaType.FLOAT && shape.length == 2 && shape[1] == width;
        if (!fits) {
            throw new ModelLoadException("The model " + file.getFileName() + " has " + kind + " '" + name + "' of "
                    + info.type + " " + java.util.Arrays.toString(shape) + "; the contract wants " + expected + ".");
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256.", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // Already failing; the original problem is the one worth reporting.
        }
    }
}
