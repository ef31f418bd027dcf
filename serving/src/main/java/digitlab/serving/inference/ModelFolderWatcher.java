package digitlab.serving.inference;

import digitlab.core.model.ModelContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry in step with the models folder: new files are loaded, changed files reloaded
 * (a changed file that does not load leaves its last good version in service), removed files dropped. It polls rather than using a WatchService because polling behaves the
 * same on every file system (WatchService polls on macOS anyway and misses events on network
 * mounts), and a scan of a few dozen files every second costs nothing.
 */
public final class ModelFolderWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelFolderWatcher.class);

    /** What identifies one version of a file: an atomic rename changes the file key, a rewrite the size or time. */
    private record Fingerprint(long size, Instant modified, Object fileKey) {}

    private final Path folder;
    private final ModelLoader loader;
    private final ModelRegistry registry;
    private final Duration settle;
    private final Map<Path, Fingerprint> seen = new HashMap<>();
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
        Map<Path, Fingerprint> now = listModelFiles();
        if (now.equals(seen) && registry.loaded()) {
            return false;
        }
        ModelRegistry.Snapshot before = registry.snapshot();
        Map<String, OnnxModel> models = new HashMap<>();
        Map<String, LoadFailure> failures = new HashMap<>();
        Map<Path, Fingerprint> settling = new HashMap<>();
        for (Map.Entry<Path, Fingerprint> entry : now.entrySet()) {
            Path file = entry.getKey();
            String id = ModelLoader.idOf(file);
            if (entry.getValue().equals(seen.get(file))) {
                keep(id, before, models, failures);
                continue;
            }
            if (scannedOnce && stillBeingWritten(entry.getValue())) {
                // Serve what was there before (if anything) and look again on the next scan.
                keep(id, before, models, failures);
                settling.put(file, seen.get(file));
                continue;
            }
            try {
                OnnxModel model = loader.load(file);
                models.put(id, model);
                LOG.info("Serving model '{}' from {}{}.", id, file,
                        model.metadataProblem().map(p -> " (without metadata: " + p + ")").orElse(""));
            } catch (ModelLoadException e) {
                failures.put(id, new LoadFailure(id, file, e.getMessage(), Instant.now()));
                OnnxModel lastGood = before.models().get(id);
                if (lastGood != null) {
                    // A broken or half-written new version must not take the good one out of service.
                    models.put(id, lastGood);
                    LOG.warn("Still serving the last good version of '{}': the new {} does not load: {}", id, file,
                            e.getMessage());
                } else {
                    LOG.warn("Skipping {}: {}", file, e.getMessage());
                }
            }
        }
        for (Path gone : seen.keySet()) {
            if (!now.containsKey(gone)) {
                LOG.info("Model file {} is gone; no longer serving '{}'.", gone, ModelLoader.idOf(gone));
            }
        }
        seen.clear();
        seen.putAll(now);
        settling.forEach((file, previous) -> {
            if (previous == null) {
                seen.remove(file);
            } else {
                seen.put(file, previous);
            }
        });
        scannedOnce = true;
        registry.publish(models, failures);
        return true;
    }

    private boolean stillBeingWritten(Fingerprint file) {
        Duration age = Duration.between(file.modified(), Instant.now());
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

    private Map<Path, Fingerprint> listModelFiles() {
        Map<Path, Fingerprint> files = new HashMap<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            entries.filter(p -> p.getFileName().toString().endsWith(ModelContract.FILE_SUFFIX)).forEach(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        files.put(p, new Fingerprint(a.size(), a.lastModifiedTime().toInstant(), a.fileKey()));
                    }
                } catch (IOException e) {
                    // Removed between listing and reading; the next scan sees it gone.
                }
            });
        } catch (IOException e) {
            LOG.warn("Cannot list the models folder {}: {}", folder, e.getMessage());
        }
        return files;
    }

    /** Scans now, then every {@code interval} on a background thread. */
    public void start(Duration interval) {
        if (!Files.isDirectory(folder)) {
            LOG.warn("The models folder {} does not exist yet; serving nothing until .onnx files appear there.",
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
