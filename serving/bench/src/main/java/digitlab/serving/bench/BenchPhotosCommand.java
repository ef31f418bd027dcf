package digitlab.serving.bench;

import digitlab.core.cli.BuildVersion;
import digitlab.core.cli.UsageException;
import digitlab.core.data.DigitDataset;
import digitlab.core.data.Digits;
import digitlab.core.model.ModelMetadata;
import digitlab.serving.accuracy.AccuracyEvaluator;
import digitlab.serving.accuracy.PhotoAccuracy;
import digitlab.serving.accuracy.PhotoSpec;
import digitlab.serving.accuracy.ScanAccuracy;
import digitlab.serving.accuracy.ScanInputs;
import digitlab.serving.accuracy.ServedAccuracy;
import digitlab.serving.image.ImageDecoder;
import digitlab.serving.image.ImageRejectedException;
import digitlab.serving.http.ServingSettings;
import digitlab.serving.image.MnistPreprocessor;
import digitlab.serving.image.PixelBudget;
import digitlab.serving.inference.ModelFolderWatcher;
import digitlab.serving.inference.ModelLoader;
import digitlab.serving.inference.ModelRegistry;
import digitlab.serving.inference.OnnxModel;
import digitlab.serving.inference.PixelBatch;
import digitlab.serving.inference.Prediction;
import digitlab.serving.photos.DigitScans;
import digitlab.serving.photos.FullSizePhotos;
import digitlab.serving.photos.PhotoSet;
import digitlab.serving.service.ModelRanking;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code digit-lab bench photos}: every model's accuracy on generated phone-photo-like pictures of
 * MNIST test digits, beside its accuracy on the same digits clean. The figures come from the
 * server's own {@link AccuracyEvaluator}, so they are the ones {@code /models} reports.
 */
@Command(name = "photos", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        customSynopsis = "digit-lab bench photos [--models=<dir>] [--count=<n>] [--full-size=<n>] [--seed=<s>] [--save=<dir>]",
        description = "Render MNIST test digits as photo-like JPEGs (paper tone, rules, ink colour, uneven light, "
                + "shadow, blur, tilt, noise; fixed seed), read them the way POST /predict reads an upload, and print "
                + "each model's accuracy on them beside its accuracy on the same digits clean and on all test digits; then "
                + "the same for tight crops, low-resolution scans and thick and thin strokes of test digits (at most "
                + ScanInputs.MAX_COUNT + " each), and full-size 4032x3024 phone photos.")
public final class BenchPhotosCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--models", defaultValue = "${env:DIGITLAB_HOME:-.}/models", paramLabel = "DIR",
            description = "Models folder (default: models/).")
    Path modelsDir;

    @Option(names = "--data", defaultValue = "${env:DIGITLAB_HOME:-.}/data", paramLabel = "DIR",
            description = "Data folder the test digits come from (default: data/).")
    Path dataDir;

    @Option(names = "--count", defaultValue = "" + PhotoSet.DEFAULT_COUNT,
            description = "Photos, spread evenly over the test set (default: ${DEFAULT-VALUE}, what the server measures).")
    int count;

    @Option(names = "--seed", defaultValue = "" + PhotoSet.DEFAULT_SEED, description = "Photo set seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--full-size", defaultValue = "" + FullSizePhotos.DEFAULT_COUNT,
            description = "Full-size (4032x3024) phone photos, spread evenly over the test set; 0 for none "
                    + "(default: ${DEFAULT-VALUE}).")
    int fullSizeCount;

    @Option(names = "--save", description = "Also write the first --save-count photos and what the model saw to this folder.")
    Path saveDir;

    @Option(names = "--save-count", defaultValue = "50", description = "Photos to save with --save (default: ${DEFAULT-VALUE}).")
    int saveCount;

    @Override
    public Integer call() throws Exception {
        System.setProperty("org.slf4j.simpleLogger.log.digitlab", "warn");
        PhotoSpec photos = new PhotoSpec(seed, count);
        if (!photos.enabled()) {
            throw new UsageException("--count must be at least 1");
        }
        Digits test = DigitDataset.named(dataDir, DigitDataset.DEFAULT).test();
        PrintWriter out = spec.commandLine().getOut();
        if (saveDir != null) {
            save(test, photos);
            out.println("Saved the first " + Math.min(saveCount, count) + " photos and model inputs to " + saveDir);
        }
        long t0 = System.nanoTime();
        try (ModelRegistry registry = new ModelRegistry();
                AccuracyEvaluator accuracy = new AccuracyEvaluator(dataDir, registry, photos);
                ModelFolderWatcher watcher = new ModelFolderWatcher(modelsDir, new ModelLoader(1), registry,
                        Duration.ZERO)) {
            registry.onNewModel(accuracy::evaluateInBackground);
            watcher.scan();
            if (registry.snapshot().models().isEmpty()) {
                throw new IllegalStateException("No model loaded from " + modelsDir.toAbsolutePath());
            }
            accuracy.awaitIdle();
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<OnnxModel> ranked = ModelRanking.bestFirst(registry.snapshot().models().values(), accuracy);
            out.printf("Photo set: %d photos of MNIST test digits 0, %d, %d, ... (seed %d), %dx%d JPEG; "
                            + "measured in %.1f s on %d cores.%n%n", count, test.size() / count,
                    2 * (test.size() / count), seed, digitlab.serving.photos.DigitPhotographer.WIDTH,
                    digitlab.serving.photos.DigitPhotographer.HEIGHT, seconds,
                    Runtime.getRuntime().availableProcessors());
            out.printf("| %-26s | %-11s | %10s | %13s | %8s | %6s |%n", "model", "trained on", "all 10000",
                    "same, clean", "photos", "gap");
            out.println("|---|---|---:|---:|---:|---:|");
            for (OnnxModel model : ranked) {
                ServedAccuracy served = accuracy.of(model);
                PhotoAccuracy p = served.photos();
                out.printf("| %-26s | %-11s | %10s | %13s | %8s | %6s |%n", model.id(), trainedOn(model),
                        served.done() ? pct(served.full().percent()) : served.status(),
                        p != null && p.done() ? pct(p.cleanPercent()) : "-",
                        p != null && p.done() ? pct(p.percent()) : (p == null ? "-" : p.status()),
                        p != null && p.done() ? pct(p.cleanPercent() - p.percent()) : "-");
            }
            out.println();
            out.println("same, clean: the photographed digits as MNIST pixels; gap: clean minus photos, in points.");
            out.println();
            printScans(out, ranked, accuracy, test.size());
            if (fullSizeCount > 0) {
                out.println();
                printFullSize(out, ranked, registry, test);
            }
        }
        out.flush();
        return 0;
    }

    /** Each model's accuracy on every scan set beside the same digits clean, and the pictures refused. */
    private void printScans(PrintWriter out, List<OnnxModel> ranked, AccuracyEvaluator accuracy, int testSize) {
        int scans = Math.min(count, ScanInputs.MAX_COUNT);
        out.printf("Scan sets: %d test digits each (0, %d, %d, ...; seed %d), PNG, dark ink on white: tight (cropped "
                + "to the ink, enlarged 1-4x), low-res-16 and low-res-8 (cropped, reduced to 16x16 or 8x8 with %d grey "
                + "levels, enlarged to 96x96 bicubic), thick and thin (strokes dilated by one MNIST pixel or eroded by "
                + "half a pixel, 56x56).%n%n", scans, testSize / scans, 2 * (testSize / scans), seed, 16);
        StringBuilder header = new StringBuilder(String.format("| %-26s | %8s |", "model", "clean"));
        StringBuilder rule = new StringBuilder("|---|---:|");
        for (DigitScans.Kind kind : DigitScans.Kind.values()) {
            header.append(String.format(" %10s |", kind.id));
            rule.append("---:|");
        }
        out.println(header.append(String.format(" %7s |", "refused")));
        out.println(rule.append("---:|"));
        for (OnnxModel model : ranked) {
            PhotoAccuracy p = accuracy.of(model).photos();
            StringBuilder row = new StringBuilder(String.format("| %-26s |", model.id()));
            if (p == null || !p.done() || p.scans() == null) {
                out.println(row.append(" ").append(p == null ? "-" : p.status()).append(" |"));
                continue;
            }
            row.append(String.format(" %8s |", pct(p.scans().get(0).cleanPercent())));
            int refused = 0;
            for (ScanAccuracy set : p.scans()) {
                row.append(String.format(" %10s |", pct(set.percent())));
                refused += set.refused();
            }
            out.println(row.append(String.format(" %7d |", refused)));
        }
        out.println();
        out.println("clean: the same digits as MNIST pixels; refused: pictures of all sets in which no digit was found "
                + "(counted wrong).");
    }

    /**
     * Each model's accuracy on full-size phone photos, read as {@code POST /predict} reads an upload
     * under the default limits (the JPEG decoded subsampled to at most 512x512, then preprocessed).
     */
    private void printFullSize(PrintWriter out, List<OnnxModel> ranked, ModelRegistry registry, Digits test) {
        long t0 = System.nanoTime();
        ImageDecoder decoder = new ImageDecoder(ServingSettings.DEFAULT_MAX_IMAGE_SIDE,
                (long) ServingSettings.DEFAULT_MAX_IMAGE_SIDE * ServingSettings.DEFAULT_MAX_IMAGE_SIDE);
        int[] indices = PhotoSet.indices(test.size(), fullSizeCount);
        List<float[]> read = new java.util.ArrayList<>();
        List<Integer> labels = new java.util.ArrayList<>();
        long bytes = 0;
        for (int i : indices) {
            byte[] jpeg = FullSizePhotos.photograph(test, i, seed);
            bytes += jpeg.length;
            try {
                PixelBudget budget = new PixelBudget(ServingSettings.DEFAULT_MAX_REQUEST_PIXELS,
                        PixelBudget.DEFAULT_DECODED_PIXELS);
                read.add(MnistPreprocessor.toMnist(decoder.decode(jpeg, budget)));
                labels.add(test.label(i));
            } catch (ImageRejectedException e) {
                // counted wrong for every model, as a refusal is
            }
        }
        out.printf("Full-size phone photos: %d of test digits 0, %d, %d, ... (seed %d), %dx%d JPEG, %.1f MB each on "
                        + "average, read as POST /predict reads an upload; made and read in %.1f s.%n%n",
                indices.length, test.size() / indices.length, 2 * (test.size() / indices.length), seed,
                FullSizePhotos.WIDTH, FullSizePhotos.HEIGHT, bytes / 1e6 / indices.length, (System.nanoTime() - t0) / 1e9);
        out.printf("| %-26s | %9s | %7s |%n", "model", "full-size", "refused");
        out.println("|---|---:|---:|");
        int refused = indices.length - read.size();
        for (OnnxModel model : ranked) {
            int right = 0;
            if (!read.isEmpty()) {
                List<Prediction> answers = registry.answer(model.id(), PixelBatch.of(read, false)).predictions();
                for (int k = 0; k < answers.size(); k++) {
                    right += answers.get(k).digit() == labels.get(k) ? 1 : 0;
                }
            }
            out.printf("| %-26s | %9s | %7d |%n", model.id(), pct(100.0 * right / indices.length), refused);
        }
    }

    private static String trainedOn(OnnxModel model) {
        return model.metadata().map(ModelMetadata::trainSize).map(n -> n + " images").orElse("?");
    }

    private static String pct(double v) {
        return String.format("%.2f", v);
    }

    private void save(Digits test, PhotoSpec photos) throws Exception {
        Files.createDirectories(saveDir);
        ImageDecoder decoder = new ImageDecoder(4096, 4096L * 4096);
        int[] indices = PhotoSet.indices(test.size(), photos.count());
        for (int k = 0; k < Math.min(saveCount, indices.length); k++) {
            int i = indices[k];
            byte[] jpeg = PhotoSet.photograph(test, i, photos.seed());
            String name = String.format("%05d-label%d", i, test.label(i));
            Files.write(saveDir.resolve(name + ".jpg"), jpeg);
            BufferedImage seen = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            try {
                float[] pixels = MnistPreprocessor.toMnist(decoder.decode(jpeg));
                for (int p = 0; p < 784; p++) {
                    seen.getRaster().setSample(p % 28, p / 28, 0, Math.round(pixels[p] * 255));
                }
            } catch (ImageRejectedException e) {
                name += "-rejected";
            }
            ImageIO.write(seen, "png", saveDir.resolve(name + "-seen.png").toFile());
        }
    }
}
