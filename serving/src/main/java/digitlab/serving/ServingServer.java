package digitlab.serving;

import digitlab.serving.accuracy.AccuracyEvaluator;
import digitlab.serving.accuracy.PhotoSpec;
import digitlab.serving.http.Metrics;
import digitlab.serving.http.ServingApp;
import digitlab.serving.http.ServingSettings;
import digitlab.serving.inference.ModelFolderWatcher;
import digitlab.serving.inference.ModelLoader;
import digitlab.serving.inference.ModelRegistry;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The whole server wired together: the registry fed by the folder watcher, served accuracy measured
 * in the background, and the HTTP app on top. {@link #stop()} takes it down in the one safe order.
 */
public final class ServingServer implements AutoCloseable {
    /**
     * @param watchInterval how often the models folder is polled; zero loads it once and never again
     * @param intraOpThreads ONNX Runtime threads per model call
     * @param batchWindow zero for one ONNX Runtime call per request; positive to gather small requests
     *     that arrive while a model is busy into one call, none waiting longer than this
     * @param photos the generated photo set every model's photo accuracy is measured on
     */
    public record Config(Path modelsDir, Path dataDir, String host, int port, Duration watchInterval,
            int intraOpThreads, Duration batchWindow, ServingSettings settings, PhotoSpec photos) {
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

    private ServingServer(Config config) {
        registry = new ModelRegistry();
        accuracy = new AccuracyEvaluator(config.dataDir(), registry, config.photos());
        registry.onNewModel(accuracy::evaluateInBackground);
        // A changed file must be untouched for one polling interval before it is loaded.
        watcher = new ModelFolderWatcher(config.modelsDir(), new ModelLoader(config.intraOpThreads(), config.batchWindow()), registry,
                config.watchInterval());
        watcher.start(config.watchInterval());
        app = ServingApp.create(config.settings(), registry, accuracy, new Metrics());
        try {
            app.start(config.host(), config.port());
        } catch (RuntimeException e) {
            // E.g. the port is taken: release the sessions and threads already started.
            watcher.close();
            accuracy.close();
            registry.close();
            throw e;
        }
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

    /**
     * Stops taking requests and lets those in flight finish, then stops watching and measuring,
     * and only then frees the ONNX Runtime sessions, which nothing can be running on any more.
     */
    public void stop() {
        app.stop();
        watcher.close();
        accuracy.close();
        registry.close();
    }

    @Override
    public void close() {
        stop();
    }
}
