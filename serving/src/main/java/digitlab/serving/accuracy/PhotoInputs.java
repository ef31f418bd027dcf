package digitlab.serving.accuracy;

import digitlab.core.data.Digits;
import digitlab.core.data.PixelScaling;
import digitlab.core.model.ModelContract;
import digitlab.serving.image.ImageDecoder;
import digitlab.serving.image.ImageRejectedException;
import digitlab.serving.image.MnistPreprocessor;
import digitlab.serving.photos.PhotoSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A photo set read the way {@code POST /predict} reads an uploaded JPEG (decode, then the MNIST
 * preprocessor), beside the same test digits' own MNIST pixels: the two inputs a model's photo and
 * clean accuracy are measured on. A photo the preprocessor rejects counts as a wrong answer.
 *
 * @param photoPixels one preprocessed row of 784 per photo; zeros where rejected
 * @param cleanPixels the same digits straight from MNIST
 * @param rejected how many photos the preprocessor turned down
 * @param preparedMillis how long generating and preprocessing took
 */
public record PhotoInputs(PhotoSpec spec, int[] indices, int[] labels, float[] photoPixels, boolean[] readable,
        float[] cleanPixels, int rejected, long preparedMillis) {
    /** Generating 1000 photos takes seconds; every model and every server in this JVM shares them. */
    private static final Map<String, PhotoInputs> CACHE = new ConcurrentHashMap<>();
    private static final int MAX_SIDE = 4096;

    /** @param testKey names the test images (their checksum), so a cached set is never used for other digits */
    public static PhotoInputs of(Digits test, String testKey, PhotoSpec spec) {
        String key = testKey + "/" + spec.seed() + "/" + spec.count();
        PhotoInputs cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        PhotoInputs made = prepare(test, spec);
        CACHE.putIfAbsent(key, made);
        return made;
    }

    static PhotoInputs prepare(Digits test, PhotoSpec spec) {
        long t0 = System.nanoTime();
        int[] indices = PhotoSet.indices(test.size(), spec.count());
        int n = indices.length;
        int[] labels = new int[n];
        float[] photos = new float[n * ModelContract.FEATURES];
        float[] clean = new float[n * ModelContract.FEATURES];
        boolean[] readable = new boolean[n];
        ImageDecoder decoder = new ImageDecoder(MAX_SIDE, (long) MAX_SIDE * MAX_SIDE);
        int rejected = 0;
        for (int k = 0; k < n; k++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("Interrupted while generating the photo set.");
            }
            int i = indices[k];
            labels[k] = test.label(i);
            System.arraycopy(test.pixels(i, PixelScaling.UNIT), 0, clean, k * ModelContract.FEATURES,
                    ModelContract.FEATURES);
            try {
                float[] seen = MnistPreprocessor.toMnist(decoder.decode(PhotoSet.photograph(test, i, spec.seed())));
                System.arraycopy(seen, 0, photos, k * ModelContract.FEATURES, ModelContract.FEATURES);
                readable[k] = true;
            } catch (ImageRejectedException e) {
                rejected++;
            }
        }
        return new PhotoInputs(spec, indices, labels, photos, readable, clean, rejected,
                (System.nanoTime() - t0) / 1_000_000);
    }
}
