package digitlab.serving.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry in step with the models folder, its flat files and its folders in Triton's
 * layout alike ({@link ModelRepository}): new models are loaded, changed ones reloaded (a change to a
 * model's file, its sidecar or config, or a new highest version; one that does not load leaves its
 * last good version in service), removed ones dropped. It polls rather than using a WatchService because polling behaves the
 * same on every file system (WatchService polls on macOS anyway and misses events on network
 * mounts), and a scan of a few dozen files every second costs nothing.
 */
public final class ModelFolderWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelFolderWatcher.class);

    private final Path folder;
    private final ModelLoader loader;
    private final ModelRegistry registry;
    private final Duration settle;
    private final Map<String, ModelSource> seen = new HashMap<>();
    /** Files the layout rules out (an .onnx file outside Triton's layout, say), by id, with why. */
    private final Map<String, String> seenProblems = new HashMap<>();
    /** The first scan loads whatever is there: the server should start with every model it can. */
    private boolean scannedOnce;
    private ScheduledExecutorService poller;

    /**
     * @param settle how long a new or changed file must stay untouched before it is loaded. The
     *     trainer renames finished files into place, but a person copying a file in writes it for a
     *     while; loading it half-written would report a broken model that is not broken.
     */
    public ModelFolderWatcher(Path folder, ModelLoader loader, ModelRegistry registry, Duration settle) {
        this.folder = folder;
        this.loader = loader;
        this.registry = registry;
        this.settle = settle;
    }

    /** Brings the registry up to date with the folder now; returns true when anything changed. */
    public synchronized boolean scan() {
        ModelRepository.Scan now;
        try {
            now = ModelRepository.scan(folder);
        } catch (IOException e) {
            LOG.warn("Cannot list the models folder {}: {}", folder, e.getMessage());
            return false;
        }
        if (now.sources().equals(seen) && now.problems().equals(seenProblems) && registry.loaded()) {
            return false;
        }
        ModelRegistry.Snapshot before = registry.snapshot();
        Map<String, OnnxModel> models = new HashMap<>();
        Map<String, LoadFailure> failures = new HashMap<>();
        now.problems().forEach((id, problem) -> {
            failures.put(id, before.failures().containsKey(id) && before.failures().get(id).error().equals(problem)
                    ? before.failures().get(id) : new LoadFailure(id, folder.relativize(now.problemFiles().get(id)), problem, Instant.now()));
            if (!before.failures().containsKey(id)) {
                LOG.warn("Skipping {}: {}", now.problemFiles().get(id), problem);
            }
        });
        Map<String, ModelSource> settling = new HashMap<>();
        for (ModelSource source : now.sources().values()) {
            String id = source.id();
            if (source.equals(seen.get(id))) {
                keep(id, before, models, failures);
                continue;
            }
            if (scannedOnce && stillBeingWritten(source)) {
                // Serve what was there before (if anything) and look again on the next scan.
                keep(id, before, models, failures);
                settling.put(id, seen.get(id));
                continue;
            }
            try {
                OnnxModel model = loader.load(source);
                models.put(id, model);
                LOG.info("Serving model '{}' from {}{}.", id, source.onnx(),
                        model.metadataProblem().map(p -> " (without metadata: " + p + ")").orElse(""));
            } catch (ModelLoadException e) {
                failures.put(id, new LoadFailure(id, folder.relativize(source.onnx()), e.getMessage(), Instant.now()));
                OnnxModel lastGood = before.models().get(id);
                if (lastGood != null) {
                    // A broken or half-written new version must not take the good one out of service.
                    models.put(id, lastGood);
                    LOG.warn("Still serving the last good version of '{}': the new {} does not load: {}", id,
                            source.onnx(), e.getMessage());
                } else {
                    LOG.warn("Skipping {}: {}", source.onnx(), e.getMessage());
                }
            }
        }
        for (String gone : seen.keySet()) {
            if (!now.sources().containsKey(gone)) {
                LOG.info("Model {} is gone; no longer serving '{}'.", seen.get(gone).onnx(), gone);
            }
        }
        seen.clear();
        seen.putAll(now.sources());
        seenProblems.clear();
        seenProblems.putAll(now.problems());
        settling.forEach((id, previous) -> {
            if (previous == null) {
                seen.remove(id);
            } else {
                seen.put(id, previous);
            }
        });
        scannedOnce = true;
        registry.publish(models, failures);
        return true;
    }

    private boolean stillBeingWritten(ModelSource source) {
        Duration age = Duration.between(source.lastModified(), Instant.now());
        return !age.isNegative() && age.compareTo(settle) < 0;
    }

    private static void keep(String id, ModelRegistry.Snapshot before, Map<String, OnnxModel> models,
            Map<String, LoadFailure> failures) {
        OnnxModel model = before.models().get(id);
        if (model != null) {
            models.put(id, model);
        }
        LoadFailure failure = before.failures().get(id);
        if (failure != null) {
            failures.put(id, failure);
        }
    }

    /** Scans now, then every {@code interval} on a background thread. */
    public void start(Duration interval) {
        if (!Files.isDirectory(folder)) {
            LOG.warn("The models folder {} does not exist yet; serving nothing until .onnx files (or Triton's "
                    + "<name>/<version>/model.onnx) appear there.",
                    folder.toAbsolutePath().normalize());
        }
        scan();
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "model-folder-watcher");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::scanSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scanSafely() {
        try {
            scan();
        } catch (RuntimeException e) {
            // A failed scan must not end the polling; the next one tries again.
            LOG.warn("Scanning {} failed: {}", folder, Objects.toString(e.getMessage(), e.toString()));
        }
    }

    public Path folder() {
        return folder;
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
            try {
                poller.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
