package digitlab.serving.accuracy;

import ai.onnxruntime.OrtException;
import digitlab.core.data.Checksums;
import digitlab.core.data.DigitDataset;
import digitlab.core.data.Digits;
import digitlab.core.data.IdxPart;
import digitlab.core.data.PixelScaling;
import digitlab.core.metrics.Calibration;
import digitlab.core.metrics.Predictions;
import digitlab.core.model.ModelContract;
import digitlab.core.model.ModelMetadata;
import digitlab.serving.inference.ModelRegistry;
import digitlab.serving.inference.OnnxModel;
import digitlab.serving.inference.PixelBatch;
import digitlab.serving.inference.foreign.PixelConvention;
import digitlab.serving.photos.DigitScans;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures each served model's test accuracy with ONNX Runtime, one model at a time on a single
 * background thread so requests never wait for it and keep the other core. Results are cached by
 * the file's SHA-256: touching or re-copying a file does not measure it again. Accuracy on the generated
 * photo set follows on the same thread once no clean measurement is waiting, so a new model's clean
 * figure (which ranks it) never waits behind the seconds it takes to make the photos.
 */
public final class AccuracyEvaluator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AccuracyEvaluator.class);
    /** Rows per ONNX Runtime call: large enough to amortise the call, small enough to stay in cache. */
    private static final int CHUNK = 1000;
    private static final java.util.regex.Pattern SAFE_DATASET_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path dataDir;
    private final ModelRegistry registry;
    private final Map<String, ServedAccuracy> bySha256 = new ConcurrentHashMap<>();
    /** Bumped by every change to {@link #bySha256}: see {@link #changes()}. */
    private final AtomicLong changes = new AtomicLong();
    private final Map<String, TestSet> testSets = new ConcurrentHashMap<>();
    private final PhotoSpec photoSpec;
    private final Map<String, PhotoAccuracy> photosBySha256 = new ConcurrentHashMap<>();
    private final Map<String, DeclarationCheck> checksBySha256 = new ConcurrentHashMap<>();
    /** Clean measurements queued or running: photo measurements wait while any is. */
    private final AtomicInteger cleanQueued = new AtomicInteger();
    /** Every task queued or running, for {@link #awaitIdle}: a photo task may queue itself again. */
    private final AtomicInteger outstanding = new AtomicInteger();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "served-accuracy");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        return t;
    });

    /** A dataset's test images, loaded once and shared by every model that names it. */
    private record TestSet(Digits digits, float[] pixels, int[] labels, String imagesChecksum) {}

    public AccuracyEvaluator(Path dataDir, ModelRegistry registry) {
        this(dataDir, registry, PhotoSpec.DEFAULT);
    }

    public AccuracyEvaluator(Path dataDir, ModelRegistry registry, PhotoSpec photoSpec) {
        this.dataDir = dataDir;
        this.registry = registry;
        this.photoSpec = photoSpec;
    }

    /** Queues {@code model} for measuring unless a file with the same bytes was measured already. */
    public void evaluateInBackground(OnnxModel model) {
        ServedAccuracy pending = ServedAccuracy.pending(datasetOf(model));
        if (bySha256.putIfAbsent(model.sha256(), pending) == null) {
            changes.incrementAndGet();
            String sha256 = model.sha256();
            cleanQueued.incrementAndGet();
            submit(() -> {
                try {
                    evaluate(sha256);
                } finally {
                    cleanQueued.decrementAndGet();
                }
            });
            if (photoSpec.enabled()) {
                photosBySha256.put(sha256, PhotoAccuracy.pending(photoSpec));
                submit(() -> evaluatePhotos(sha256));
            }
        }
    }

    private void submit(Runnable task) {
        outstanding.incrementAndGet();
        worker.submit(() -> {
            try {
                task.run();
            } finally {
                outstanding.decrementAndGet();
            }
        });
    }

    private void setClean(String sha256, ServedAccuracy figures) {
        bySha256.put(sha256, figures);
        changes.incrementAndGet();
    }

    /**
     * How many times a clean figure was set or forgotten: an order of the models by their figures, taken
     * at one count, holds until the count moves (so it need not be taken anew for every request).
     */
    public long changes() {
        return changes.get();
    }

    /** The model's served accuracy so far; {@code pending} until the background run is done. */
    public ServedAccuracy of(OnnxModel model) {
        ServedAccuracy clean = bySha256.getOrDefault(model.sha256(), ServedAccuracy.pending(datasetOf(model)));
        return photoSpec.enabled()
                ? clean.withPhotos(photosBySha256.getOrDefault(model.sha256(), PhotoAccuracy.pending(photoSpec)))
                : clean;
    }

    /** Measures the photo set with the model holding {@code sha256}, once no clean measurement waits. */
    private void evaluatePhotos(String sha256) {
        if (cleanQueued.get() > 0) {
            submit(() -> evaluatePhotos(sha256));
            return;
        }
        OnnxModel model = servedWithHash(sha256);
        if (model == null) {
            photosBySha256.remove(sha256);
            return;
        }
        try {
            TestSet test = testSets.computeIfAbsent(datasetOf(model), this::loadTestSet);
            PhotoInputs photos = PhotoInputs.of(test.digits(), test.imagesChecksum(), photoSpec);
            int rows = photos.labels().length;
            int[] onPhotos = predict(model, photos.photoPixels(), rows);
            int[] onClean = predict(model, photos.cleanPixels(), rows);
            if (onPhotos == null || onClean == null) {
                submit(() -> evaluatePhotos(sha256)); // retired mid-run: measure its successor, if any
                return;
            }
            for (int k = 0; k < rows; k++) {
                if (!photos.readable()[k]) {
                    onPhotos[k] = -1; // the preprocessor found no digit: a wrong answer
                }
            }
            double percent = Predictions.accuracyPercent(onPhotos, photos.labels());
            double cleanPercent = Predictions.accuracyPercent(onClean, photos.labels());
            ScanInputs scanInputs = ScanInputs.of(test.digits(), test.imagesChecksum(), photoSpec);
            List<ScanAccuracy> scans = scanFigures(model, scanInputs);
            if (scans == null) {
                submit(() -> evaluatePhotos(sha256));
                return;
            }
            LOG.info("Scan accuracy of '{}': {} (sets prepared in {} ms).", model.id(), scans.stream()
                    .map(f -> f.set() + " " + String.format("%.1f%%", f.percent())).toList(), scanInputs.preparedMillis());
            photosBySha256.put(sha256, new PhotoAccuracy(AccuracyStatus.DONE, photoSpec.seed(), rows, percent,
                    cleanPercent, null, scans));
            LOG.info("Photo accuracy of '{}': {}% on {} generated photos, {}% on the same digits clean "
                    + "(photos prepared in {} ms).", model.id(), String.format("%.2f", percent), rows,
                    String.format("%.2f", cleanPercent), photos.preparedMillis());
        } catch (RuntimeException | OrtException e) {
            String reason = e instanceof TestSetUnavailable ? e.getMessage() : "Measuring failed: " + e.getMessage();
            photosBySha256.put(sha256, PhotoAccuracy.failed(photoSpec, reason));
            LOG.warn("No photo accuracy for '{}': {}", model.id(), reason);
        }
    }

    /** The model's accuracy on each scan set beside the same digits clean; null if it was retired meanwhile. */
    private List<ScanAccuracy> scanFigures(OnnxModel model, ScanInputs scans) throws OrtException {
        int rows = scans.labels().length;
        int[] onClean = predict(model, scans.cleanPixels(), rows);
        if (onClean == null) {
            return null;
        }
        double cleanPercent = Predictions.accuracyPercent(onClean, scans.labels());
        List<ScanAccuracy> out = new ArrayList<>();
        for (DigitScans.Kind kind : DigitScans.Kind.values()) {
            int[] predicted = predict(model, scans.pixels().get(kind), rows);
            if (predicted == null) {
                return null;
            }
            boolean[] readable = scans.readable().get(kind);
            int refused = 0;
            for (int k = 0; k < rows; k++) {
                if (!readable[k]) {
                    predicted[k] = -1;
                    refused++;
                }
            }
            out.add(new ScanAccuracy(kind.id, rows, Predictions.accuracyPercent(predicted, scans.labels()), cleanPercent,
                    refused));
        }
        return out;
    }

    /**
     * Measures the bytes {@code sha256} with whichever served model holds them now: the file may
     * have been reloaded (same bytes, new session) or removed since it was queued.
     */
    private void evaluate(String sha256) {
        OnnxModel model;
        while ((model = servedWithHash(sha256)) != null) {
            String dataset = datasetOf(model);
            try {
                TestSet test = testSets.computeIfAbsent(dataset, this::loadTestSet);
                float[] probabilities = probabilities(model, test.pixels(), test.labels().length);
                if (probabilities == null) {
                    continue; // retired mid-run: measure its successor, if any
                }
                ServedAccuracy measured = measured(model, test, probabilities);
                setClean(sha256, measured);
                checkDeclaration(model, test, measured);
            } catch (RuntimeException | OrtException e) {
                String reason = e instanceof TestSetUnavailable ? e.getMessage() : "Measuring failed: " + e.getMessage();
                setClean(sha256, ServedAccuracy.failed(dataset, reason));
                LOG.warn("No served accuracy for '{}': {}", model.id(), reason);
            }
            return;
        }
        // No served file has these bytes any more. Forget them; if one arrived meanwhile and was
        // told a measurement was pending, queue it again.
        bySha256.remove(sha256);
        changes.incrementAndGet();
        OnnxModel arrived = servedWithHash(sha256);
        if (arrived != null) {
            evaluateInBackground(arrived);
        }
    }

    /** A model trained elsewhere near chance: which of the few other pixel conventions works on a slice. */
    private void checkDeclaration(OnnxModel model, TestSet test, ServedAccuracy measured) {
        if (!model.trainedElsewhere() || measured.full().percent() >= DeclarationCheck.NEAR_CHANCE_PERCENT) {
            return;
        }
        int rows = Math.min(DeclarationCheck.SLICE, test.labels().length);
        int[] labels = Arrays.copyOf(test.labels(), rows);
        List<PixelConvention> candidates = model.adapter().declaration().pixels().candidates();
        double asDeclared = -1;
        List<DeclarationCheck.Tried> others = new ArrayList<>();
        for (PixelConvention convention : candidates) {
            int[] predicted;
            try {
                predicted = predict(model, test.pixels(), rows, convention);
            } catch (OrtException e) {
                continue; // a convention the model cannot even run with is no suggestion
            }
            if (predicted == null) {
                return; // retired mid-check: its successor is measured and checked on its own
            }
            double percent = Predictions.accuracyPercent(predicted, labels);
            if (asDeclared < 0) {
                asDeclared = percent; // the first candidate is the declared convention
            } else {
                others.add(new DeclarationCheck.Tried(convention.settings(), percent));
            }
        }
        DeclarationCheck check = DeclarationCheck.of(rows, candidates.get(0).settings(), asDeclared, others);
        checksBySha256.put(model.sha256(), check);
        LOG.warn("'{}' scores near chance ({}%) and {}: {}.", model.id(), String.format("%.2f",
                measured.full().percent()), check.verdict(), check.message());
    }

    /** Why a model trained elsewhere scores near chance, when it does; empty otherwise or until measured. */
    public Optional<DeclarationCheck> declarationCheck(OnnxModel model) {
        return Optional.ofNullable(checksBySha256.get(model.sha256()));
    }

    private ServedAccuracy measured(OnnxModel model, TestSet test, float[] probabilities) {
        int[] predicted = Predictions.argmaxRows(probabilities, ModelContract.CLASSES);
        // Calibration on every test image, like the ranking key, from the very probabilities ONNX Runtime answered.
        Calibration calibration = Calibration.of(probabilities, test.labels(), ModelContract.CLASSES);
        int splitSize = model.metadata().map(ModelMetadata::testSize).orElse(test.labels().length);
        ServedAccuracy.Figure split = figure(predicted, test.labels(), Math.min(splitSize, test.labels().length));
        ServedAccuracy.Figure full = figure(predicted, test.labels(), test.labels().length);
        Boolean matches = model.metadata().map(m -> m.datasetChecksum().equalsIgnoreCase(test.imagesChecksum()))
                .orElse(null);
        LOG.info("Served accuracy of '{}': {}% on the first {} test images, {}% on all {}.", model.id(),
                String.format("%.2f", split.percent()), split.images(), String.format("%.2f", full.percent()),
                full.images());
        LOG.info("Calibration of '{}' on all {} test images: ECE {} points, NLL {} nats.", model.id(), full.images(),
                String.format("%.2f", calibration.ecePercent()), String.format("%.3f", calibration.nll()));
        return new ServedAccuracy(AccuracyStatus.DONE, datasetOf(model), split, full, matches, null, null, calibration);
    }

    private OnnxModel servedWithHash(String sha256) {
        return registry.snapshot().models().values().stream().filter(m -> m.sha256().equals(sha256))
                .findFirst().orElse(null);
    }

    private int[] predict(OnnxModel model, float[] pixels, int rows) throws OrtException {
        return predict(model, pixels, rows, null);
    }

    /** @param convention the pixels fed another way than declared, for the declaration check; null as declared */
    private int[] predict(OnnxModel model, float[] pixels, int rows, PixelConvention convention) throws OrtException {
        float[] probabilities = probabilities(model, pixels, rows, convention);
        return probabilities == null ? null : Predictions.argmaxRows(probabilities, ModelContract.CLASSES);
    }

    private float[] probabilities(OnnxModel model, float[] pixels, int rows) throws OrtException {
        return probabilities(model, pixels, rows, null);
    }

    /**
     * ONNX Runtime's probabilities for {@code rows} images, row-major; null if the model was retired meanwhile.
     *
     * @param convention the pixels fed another way than declared, for the declaration check; null as declared
     */
    private float[] probabilities(OnnxModel model, float[] pixels, int rows, PixelConvention convention)
            throws OrtException {
        float[] all = new float[rows * ModelContract.CLASSES];
        for (int start = 0; start < rows; start += CHUNK) {
            int count = Math.min(CHUNK, rows - start);
            float[] chunk = Arrays.copyOfRange(pixels, start * ModelContract.FEATURES,
                    (start + count) * ModelContract.FEATURES);
            PixelBatch batch = new PixelBatch(chunk, count, false);
            float[] probabilities = convention == null ? registry.accuracyProbabilitiesOrNull(model, batch)
                    : registry.accuracyProbabilitiesOrNull(model, batch, convention);
            if (probabilities == null) {
                return null;
            }
            System.arraycopy(probabilities, 0, all, start * ModelContract.CLASSES, count * ModelContract.CLASSES);
        }
        return all;
    }

    private static ServedAccuracy.Figure figure(int[] predicted, int[] labels, int count) {
        double percent = Predictions.accuracyPercent(Arrays.copyOf(predicted, count), Arrays.copyOf(labels, count));
        return new ServedAccuracy.Figure(count, percent);
    }

    private TestSet loadTestSet(String name) {
        // The name comes from a model file; it may name a folder under data/, nothing else.
        if (!SAFE_DATASET_NAME.matcher(name).matches()) {
            throw new TestSetUnavailable("The model names the dataset '" + name + "', which is not a folder name under "
                    + dataDir + ".");
        }
        try {
            DigitDataset dataset = new DigitDataset(name, dataDir.resolve(name));
            Digits test = dataset.test();
            String checksum = Checksums.md5OfContent(dataset.file(IdxPart.TEST_IMAGES));
            return new TestSet(test, test.pixels(PixelScaling.UNIT), test.labels(), checksum);
        } catch (IOException | RuntimeException e) {
            throw new TestSetUnavailable("The test set of '" + name + "' cannot be read from "
                    + dataDir.resolve(name) + ": " + e.getMessage());
        }
    }

    private static String datasetOf(OnnxModel model) {
        return model.metadata().map(ModelMetadata::dataset).orElse(DigitDataset.DEFAULT);
    }

    /** Blocks until every queued measurement is done; for tests and orderly shutdown. */
    public void awaitIdle() throws InterruptedException {
        try {
            do {
                worker.submit(() -> {}).get();
            } while (outstanding.get() > 0);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class TestSetUnavailable extends RuntimeException {
        TestSetUnavailable(String message) {
            super(message);
        }
    }
}
