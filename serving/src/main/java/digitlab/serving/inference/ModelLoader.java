package digitlab.serving.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import digitlab.core.model.ModelContract;
import digitlab.core.model.ModelMetadata;
import digitlab.serving.inference.foreign.Declaration;
import digitlab.serving.inference.foreign.AdapterChoice;
import digitlab.serving.inference.foreign.ModelAdapter;
import digitlab.serving.inference.foreign.Sidecar;
import digitlab.serving.inference.foreign.TritonConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Turns a {@code .onnx} file, with what is declared beside it, into an {@link OnnxModel} fitted to the
 * contract by a {@link ModelAdapter}, or a one-sentence reason it cannot be served.
 * The session is built from the same bytes that are hashed, so the hash names what is served even
 * if the file changes while it is read.
 */
public final class ModelLoader {
    private static final String DIGITLAB_KEYS = "digitlab.";
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

    /** A flat file, with the sidecar {@code <id>.json} beside it when there is one. */
    public OnnxModel load(Path file) throws ModelLoadException {
        Path sidecar = file.resolveSibling(idOf(file) + ModelRepository.SIDECAR_SUFFIX);
        return load(new ModelSource(idOf(file), file, Files.isRegularFile(sidecar) ? sidecar : null, null,
                java.util.List.of(), java.util.List.of()));
    }

    public OnnxModel load(ModelSource source) throws ModelLoadException {
        Path file = source.onnx();
        String name = source.repositoryLayout() ? source.id() + "/" + source.version() + "/" + file.getFileName()
                : file.getFileName().toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("The file " + file + " cannot be read: " + e.getMessage(), e);
        }
        Declared declared = declared(source, name);
        OrtSession session;
        try (OrtSession.SessionOptions options = sessionOptions()) {
            session = env.createSession(bytes, options);
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime cannot load " + name + ": " + firstLine(e.getMessage()), e);
        }
        try {
            ModelAdapter adapter;
            try {
                adapter = AdapterChoice.of(session.getInputInfo(), session.getOutputInfo(), declared.config(),
                        declared.declaration()).probed(env, session);
            } catch (IllegalArgumentException e) {
                throw new ModelLoadException("The model " + name + " cannot be served: " + e.getMessage() + ".", e);
            }
            ModelMetadata metadata = null;
            String problem = null;
            java.util.Map<String, String> props = session.getMetadata().getCustomMetadata();
            try {
                metadata = ModelMetadata.fromProps(props);
            } catch (IllegalArgumentException e) {
                // Without a single digit-lab key the file was simply trained elsewhere; with some, they are broken.
                boolean ours = props.keySet().stream().anyMatch(k -> k.startsWith(DIGITLAB_KEYS));
                problem = ours ? e.getMessage() : null;
            }
            double cpuSecondsPerRow = RowCost.measure(adapter, env, session, intraOpThreads);
            return new OnnxModel(source, sha256(bytes, declared.declaration()), metadata, problem, env, session,
                    batchWindow, adapter, cpuSecondsPerRow);
        } catch (ModelLoadException | OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof ModelLoadException mle) {
                throw mle;
            }
            throw new ModelLoadException("The model " + name + " cannot be inspected: " + e.getMessage(), e);
        }
    }

    /** What is declared beside the file: Triton's config (null for a flat file) and the pixel and output settings. */
    private record Declared(TritonConfig config, Declaration declaration) {}

    private static Declared declared(ModelSource source, String name) throws ModelLoadException {
        Path file = source.declaration();
        if (file == null) {
            return new Declared(null, Declaration.NONE);
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ModelLoadException("The declaration " + file + " cannot be read: " + e.getMessage(), e);
        }
        try {
            if (!source.repositoryLayout()) {
                return new Declared(null, Declaration.of(Sidecar.settings(text), true));
            }
            TritonConfig config = TritonConfig.parse(text);
            if (!config.name().isEmpty() && !config.name().equals(source.id())) {
                throw new IllegalArgumentException("it names the model '" + config.name() + "' but its folder is '"
                        + source.id() + "' (Triton wants them equal)");
            }
            return new Declared(config, Declaration.of(config.parameters(), false));
        } catch (IllegalArgumentException e) {
            String where = source.repositoryLayout() ? source.id() + "/" + ModelRepository.CONFIG
                    : file.getFileName().toString();
            throw new ModelLoadException("The model " + name + " is not served: " + where + " " + e.getMessage()
                    + ".", e);
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

    /**
     * Of the file's bytes, followed by the declaration's settings when there are any: a model served
     * under another declaration answers differently, so its measured accuracy must not be reused.
     */
    private static String sha256(byte[] bytes, Declaration declaration) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(bytes);
            if (declaration.declared()) {
                digest.update(declaration.canonical().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
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
