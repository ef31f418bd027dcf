package digitlab.serving.accuracy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.model.ModelMetadata;
import digitlab.serving.Mnist;
import digitlab.serving.ReferenceRuntime;
import digitlab.serving.photos.PhotoSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's target: the default model (the full-data one, best on the test set) reads generated
 * phone photos of test digits within 3 points of the very same digits clean. Measured on 500 of
 * the 1000 photos the server measures (every 20th test digit, the set's own seed), with the
 * repository's models/ folder, where the full-data model lives.
 */
class PhotoTargetTest {
    /** The repository's models; {@code -Ddigitlab.test.models=DIR} points the test at another folder. */
    private static final Path MODELS = Path.of(System.getProperty("digitlab.test.models", "../models"));
    private static final PhotoSpec PHOTOS = new PhotoSpec(PhotoSet.DEFAULT_SEED, 500);
    private static final double TARGET_POINTS = 3;

    @Test
    void the_full_data_model_reads_generated_photos_within_3_points_of_the_same_digits_clean() throws Exception {
        Optional<Path> full = fullDataModel();
        // the repository ships the full-data model, so its absence is a failure, not a reason to skip
        assertTrue(full.isPresent(), "no full-data model in " + MODELS.toAbsolutePath().normalize());
        PhotoInputs photos = PhotoInputs.prepare(Mnist.test(), PHOTOS);
        try (ReferenceRuntime ref = new ReferenceRuntime(full.get())) {
            double clean = percentCorrect(ref, photos.cleanPixels(), photos.labels(), null);
            double onPhotos = percentCorrect(ref, photos.photoPixels(), photos.labels(), photos.readable());
            assertTrue(clean - onPhotos <= TARGET_POINTS, String.format("%s: %.1f%% on %d photos against %.1f%% clean",
                    full.get().getFileName(), onPhotos, photos.labels().length, clean));
        }
    }

    /** The full-data model with the best test accuracy its trainer reported, if the folder has one. */
    private static Optional<Path> fullDataModel() throws Exception {
        if (!Files.isDirectory(MODELS)) {
            return Optional.empty();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(MODELS)) {
            files = list.filter(f -> f.toString().endsWith(".onnx")).sorted().toList();
        }
        Path best = null;
        double bestAccuracy = -1;
        for (Path f : files) {
            try (ReferenceRuntime ref = new ReferenceRuntime(f)) {
                ModelMetadata m = ModelMetadata.fromProps(ref.metadata());
                if ("full".equals(m.split()) && m.testAccuracy() > bestAccuracy) {
                    best = f;
                    bestAccuracy = m.testAccuracy();
                }
            } catch (IllegalArgumentException e) {
                // A file without our metadata is no full-data model.
            }
        }
        return Optional.ofNullable(best);
    }

    private static double percentCorrect(ReferenceRuntime ref, float[] pixels, int[] labels, boolean[] readable)
            throws Exception {
        float[] probabilities = ref.probabilities(pixels, labels.length);
        int correct = 0;
        for (int r = 0; r < labels.length; r++) {
            if ((readable == null || readable[r]) && ReferenceRuntime.argmax(probabilities, r) == labels[r]) {
                correct++;
            }
        }
        return 100.0 * correct / labels.length;
    }
}
