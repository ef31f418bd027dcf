package digitlab.serving;

import digitlab.core.cli.BuildVersion;
import digitlab.serving.accuracy.AccuracyEvaluator;
import digitlab.serving.accuracy.PhotoSpec;
import digitlab.serving.grpc.GrpcServer;
import digitlab.serving.http.Metrics;
import digitlab.serving.http.ServingApp;
import digitlab.serving.http.ServingSettings;
import digitlab.serving.inference.ModelFolderWatcher;
import digitlab.serving.inference.ModelLoader;
import digitlab.serving.inference.ModelRegistry;
import digitlab.serving.service.OpenInferenceService;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.component.Graceful;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole server wired together: the registry fed by the folder watcher, served accuracy measured
 * in the background, and the HTTP app (and, when asked for, the gRPC listener) on top. {@link #stop()} takes it down in the one safe order.
 */
public final class ServingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServingServer.class);
    /**
     * @param watchInterval how often the models folder is polled; zero loads it once and never again
     * @param intraOpThreads ONNX Runtime threads per model call
     * @param batchWindow zero for one ONNX Runtime call per request; positive to gather small requests
     *     that arrive while a model is busy into one call, none waiting longer than this
     * @param photos the generated photo set every model's photo accuracy is measured on
     * @param grpcPort the Open Inference Protocol's gRPC port on the same host, 0 for any free one;
     *     negative for no gRPC listener
     */
    public record Config(Path modelsDir, Path dataDir, String host, int port, Duration watchInterval,
            int intraOpThreads, Duration batchWindow, ServingSettings settings, PhotoSpec photos, int grpcPort) {
        public static final int NO_GRPC = -1;

        /** No gRPC listener. */
        public Config(Path modelsDir, Path dataDir, String host, int port, Duration watchInterval,
                int intraOpThreads, Duration batchWindow, ServingSettings settings, PhotoSpec photos) {
            this(modelsDir, dataDir, host, port, watchInterval, intraOpThreads, batchWindow, settings, photos, NO_GRPC);
        }

        /** The default photo set. */
        public Config(Path modelsDir, Path dataDir, String host, int port, Duration watchInterval,
                int intraOpThreads, Duration batchWindow, ServingSettings settings) {
            this(modelsDir, dataDir, host, port, watchInterval, intraOpThreads, batchWindow, settings,
                    PhotoSpec.DEFAULT);
        }
    }

    private final ModelRegistry registry;
    private final AccuracyEvaluator accuracy;
    private final ModelFolderWatcher watcher;
    private final Javalin app;
    /** Null when serving HTTP only. */
    private final GrpcServer grpc;

    private ServingServer(Config config) {
        registry = new ModelRegistry();
        accuracy = new AccuracyEvaluator(config.dataDir(), registry, config.photos());
        registry.onNewModel(accuracy::evaluateInBackground);
        // A changed file must be untouched for one polling interval before it is loaded.
        watcher = new ModelFolderWatcher(config.modelsDir(), new ModelLoader(config.intraOpThreads(), config.batchWindow()), registry,
                config.watchInterval());
        watcher.start(config.watchInterval());
        Metrics metrics = new Metrics();
        OpenInferenceService protocol = new OpenInferenceService(registry, metrics, BuildVersion.of());
        app = ServingApp.create(config.settings(), registry, accuracy, metrics, protocol);
        GrpcServer started = null;
        try {
            app.start(config.host(), config.port());
            if (config.grpcPort() >= 0) {
                started = GrpcServer.start(config.host(), config.grpcPort(), config.settings().maxBodyBytes(), protocol,
                        config.settings().apiKey(), metrics);
            }
        } catch (RuntimeException e) {
            // E.g. a port is taken: release the listener, sessions and threads already started.
            try {
                app.stop();
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            watcher.close();
            accuracy.close();
            registry.close();
            throw e;
        }
        grpc = started;
    }

    /** Loads the models folder, then listens; returns once the port is open. */
    public static ServingServer start(Config config) {
        return new ServingServer(config);
    }

    public int port() {
        return app.port();
    }

    public ModelRegistry registry() {
        return registry;
    }

    public AccuracyEvaluator accuracy() {
        return accuracy;
    }

    public ModelFolderWatcher watcher() {
        return watcher;
    }

    public Javalin app() {
        return app;
    }

    /** The gRPC port, or -1 when there is no gRPC listener. */
    public int grpcPort() {
        return grpc == null ? -1 : grpc.port();
    }

    /** How long {@link #close()} lets requests in flight finish. */
    public static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(30);

    /**
     * Stops taking requests and lets those in flight finish for up to {@code grace}, then stops
     * watching and measuring, and only then frees the ONNX Runtime sessions (each waits for a call
     * still running on it, so a request cut off mid-run cannot crash the JVM).
     *
     * @return how many requests (HTTP requests and gRPC calls) were still running when the grace period
     *     ended and were cut off
     */
    public int stop(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        // Both listeners stop taking calls at once and drain side by side, within the one grace.
        if (grpc != null) {
            grpc.beginShutdown();
        }
        int cutOff = drain(grace);
        if (grpc != null) {
            cutOff += grpc.awaitDrained(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        app.stop();
        watcher.close();
        accuracy.close();
        registry.close();
        return cutOff;
    }

    public void stop() {
        stop(DEFAULT_DRAIN_GRACE);
    }

    /**
     * Jetty's own graceful stop, driven here rather than by its stop timeout: that one ends in a
     * TimeoutException that Javalin logs with a stack trace and rethrows, turning a stop that merely
     * ran out of time into a failed exit.
     */
    private int drain(Duration grace) {
        Server jetty = app.jettyServer().server();
        StatisticsHandler requests = jetty.getChildHandlerByClass(StatisticsHandler.class);
        // The drain is done by the time Jetty stops: let its own stop cut what is left at once.
        jetty.setStopTimeout(0);
        if (requests == null || !jetty.isStarted()) {
            return 0;
        }
        try {
            Graceful.shutdown(jetty).get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Ran out of time: the requests still active are counted below and cut off by the stop.
        } catch (ExecutionException e) {
            LOG.warn("Draining the requests in flight failed: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return requests.getRequestsActive();
    }

    @Override
    public void close() {
        stop();
    }
}
