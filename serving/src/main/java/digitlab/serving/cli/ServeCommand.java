package digitlab.serving.cli;

import digitlab.core.cli.BuildVersion;
import digitlab.core.cli.UsageException;
import digitlab.serving.ServingServer;
import digitlab.serving.accuracy.PhotoSpec;
import digitlab.serving.http.ServingSettings;
import digitlab.serving.inference.ModelRegistry;
import digitlab.serving.photos.PhotoSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import sun.misc.Signal;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code digit-lab serve}: loads the models folder, keeps watching it, and serves until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Serve every models/*.onnx over HTTP: /predict, /models, /leaderboard, the v2 inference "
                + "protocol (also over gRPC with --grpc-port), /metrics, /swagger and a draw-a-digit page at /. Files added, changed or removed in the "
                + "folder are picked up while serving; Ctrl-C finishes the requests in flight, then stops.")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    // Defaults are written as the folder's name, as the training commands do: ${DEFAULT-VALUE} would
    // print this machine's DIGITLAB_HOME.
    @Option(names = "--models", defaultValue = "${env:DIGITLAB_HOME:-.}/models", paramLabel = "DIR",
            description = "Folder of .onnx models (default: models/).")
    Path modelsDir;

    @Option(names = "--data", defaultValue = "${env:DIGITLAB_HOME:-.}/data", paramLabel = "DIR",
            description = "Data folder with the test sets served accuracy is measured on (default: data/).")
    Path dataDir;

    @Option(names = "--port", defaultValue = "7070", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--grpc-port", paramLabel = "PORT",
            description = "Also serve the Open Inference Protocol over gRPC (Triton's and KServe's gRPC clients, "
                    + "and the standard grpc.health.v1 service for probes) on this port, same host, models, limits "
                    + "and key as HTTP. Default: off.")
    Integer grpcPort;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on. The default answers this machine only; use 0.0.0.0 in a container "
                    + "or to serve the network (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--watch-interval", defaultValue = "1s",
            description = "How often to look for new, changed or removed model files, e.g. 500ms, 2s; 0 turns watching off (default: ${DEFAULT-VALUE}).")
    String watchInterval;

    @Option(names = "--threads", defaultValue = "1",
            description = "ONNX Runtime intra-op threads per model. Requests already run in parallel, so 1 is fastest on small machines (default: ${DEFAULT-VALUE}).")
    int intraOpThreads;

    @Option(names = "--batch-window-us", defaultValue = "0",
            description = "Dynamic batching: digits that arrive while a model is busy are gathered into one ONNX Runtime "
                    + "call, none waiting longer than this many microseconds; a lone request never waits. 0 turns it off "
                    + "(default: ${DEFAULT-VALUE}; docs/benchmarks.md says why).")
    long batchWindowMicros;

    @Option(names = "--max-body-mb", defaultValue = "10", description = "Largest request body in MiB; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    int maxBodyMb;

    @Option(names = "--max-image-side", defaultValue = "4096",
            description = "Largest image width or height in pixels, checked from the header before decoding (default: ${DEFAULT-VALUE}).")
    int maxImageSide;

    @Option(names = "--drain-seconds", defaultValue = "30",
            description = "On Ctrl-C or SIGTERM, stop taking requests and let those in flight finish for up to this "
                    + "long before stopping; keep it under your orchestrator's kill timeout (default: ${DEFAULT-VALUE}).")
    int drainSeconds;

    @Option(names = "--photos", defaultValue = "" + PhotoSet.DEFAULT_COUNT,
            description = "Generated phone-photo-like pictures of test digits each model's photo accuracy is measured on, "
                    + "in the background after its clean accuracy; 0 measures none (default: ${DEFAULT-VALUE}).")
    int photos;

    @Option(names = "--cors-origin", split = ",",
            description = "Origin allowed to call the API from a browser page, e.g. https://example.org; '*' allows any. Repeatable. Default: none.")
    List<String> corsOrigins = new ArrayList<>();

    @Option(names = "--api-key", defaultValue = "${env:DIGITLAB_API_KEY}",
            description = "Require this key for POST /predict, the v2 infer routes and gRPC ModelInfer, as 'X-API-Key: <key>' or "
                    + "'Authorization: Bearer <key>'; health, metrics and model listings stay open. Prefer the "
                    + "DIGITLAB_API_KEY environment variable: a flag shows in the process list. Default: none.")
    String apiKey;

    @Option(names = "--default-model", paramLabel = "ID",
            description = "The model that answers requests naming none, while it is served. Default: the best model "
                    + "by served accuracy whose latest call succeeded (see README).")
    String defaultModel;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port must be 0..65535, not " + port);
        }
        if (grpcPort != null && (grpcPort < 0 || grpcPort > 65535)) {
            throw new UsageException("--grpc-port must be 0..65535, not " + grpcPort);
        }
        if (grpcPort != null && grpcPort != 0 && grpcPort == port) {
            throw new UsageException("--grpc-port and --port must differ; both are " + port);
        }
        if (batchWindowMicros < 0 || batchWindowMicros > 1_000_000) {
            throw new UsageException("--batch-window-us must be 0..1000000, not " + batchWindowMicros);
        }
        if (drainSeconds < 0) {
            throw new UsageException("--drain-seconds must be 0 or more, not " + drainSeconds);
        }
        if (photos < 0 || photos > 10_000) {
            throw new UsageException("--photos must be 0..10000, not " + photos);
        }
        if (maxBodyMb < 1 || maxImageSide < 28) {
            throw new UsageException("--max-body-mb must be at least 1 and --max-image-side at least 28");
        }
        Duration interval = parseDuration(watchInterval);
        long imagePixels = (long) maxImageSide * maxImageSide;
        ServingSettings settings = new ServingSettings((long) maxBodyMb << 20, maxImageSide, imagePixels,
                imagePixels * 2, corsOrigins, apiKey == null ? "" : apiKey, defaultModel);

        // Caught from before the server starts: a signal between "serving on" and a later handler
        // would kill the JVM the default way (exit 143), racing ONNX Runtime's hook as below.
        CountDownLatch stop = stopSignals();
        ServingServer server = ServingServer.start(new ServingServer.Config(modelsDir, dataDir, host, port, interval,
                intraOpThreads, Duration.ofNanos(batchWindowMicros * 1000), settings,
                new PhotoSpec(PhotoSet.DEFAULT_SEED, photos), grpcPort == null ? ServingServer.Config.NO_GRPC : grpcPort));
        ModelRegistry.Snapshot loaded = server.registry().snapshot();
        LOG.info("Serving {} model(s) from {}{}.", loaded.models().size(), modelsDir.toAbsolutePath().normalize(),
                loaded.failures().isEmpty() ? "" : "; " + loaded.failures().size() + " file(s) skipped, see /models");
        if (defaultModel != null && !loaded.models().containsKey(defaultModel)) {
            LOG.warn("--default-model '{}' is not served (yet); the best model answers until it is.", defaultModel);
        }
        LOG.info("digit-lab is serving on http://{}:{}/ (API docs at /swagger).",
                host.equals("0.0.0.0") ? "localhost" : host, server.port());
        if (server.grpcPort() >= 0) {
            LOG.info("The Open Inference Protocol over gRPC is served on {}:{}.",
                    host.equals("0.0.0.0") ? "localhost" : host, server.grpcPort());
        }
        stop.await();
        Duration grace = Duration.ofSeconds(drainSeconds);
        LOG.info("Shutting down: finishing the requests and calls in flight (up to {} s).", drainSeconds);
        int cutOff = server.stop(grace);
        LOG.info(cutOff == 0 ? "Stopped: every request in flight was answered; no request was left running."
                : "Stopped after the " + drainSeconds + " s grace period; " + cutOff
                        + " request(s) still running were cut off (--drain-seconds sets the grace).");
        return 0;
    }

    /**
     * Ctrl-C, {@code kill} or a hang-up, caught before the JVM begins to shut down. Stopping
     * from a shutdown hook instead would race ONNX Runtime's own hook, which frees its environment
     * while shutdown hooks run concurrently: killed while served accuracy was still being measured,
     * the server died in {@code OrtSession.run} with a SIGSEGV. Stopped here, every session is closed
     * before the JVM exits and that hook runs.
     */
    private static CountDownLatch stopSignals() {
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : List.of("INT", "TERM", "HUP")) {
            Signal.handle(new Signal(name), signal -> stop.countDown());
        }
        return stop;
    }

    static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        } catch (NumberFormatException e) {
            throw new UsageException("--watch-interval '" + text + "' is not a duration like 500ms or 2s");
        }
    }
}
