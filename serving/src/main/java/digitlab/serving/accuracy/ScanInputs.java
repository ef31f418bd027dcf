package digitlab.serving.accuracy;

import digitlab.core.data.Digits;
import digitlab.core.data.PixelScaling;
import digitlab.core.model.ModelContract;
import digitlab.serving.image.ImageDecoder;
import digitlab.serving.image.ImageRejectedException;
import digitlab.serving.image.MnistPreprocessor;
import digitlab.serving.photos.DigitScans;
import digitlab.serving.photos.PhotoSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every {@link DigitScans} set read the way {@code POST /predict} reads an uploaded PNG, beside the
 * same test digits' own MNIST pixels. Each set holds at most {@link #MAX_COUNT} digits, so that the
 * pass that measures every model after readiness stays short.
 *
 * @param pixels per set, one preprocessed row of 784 per picture; zeros where refused
 * @param readable per set, whether the preprocessor found a digit
 * @param preparedMillis how long generating and preprocessing every set took
 */
public record ScanInputs(int[] indices, int[] labels, float[] cleanPixels, Map<DigitScans.Kind, float[]> pixels,
        Map<DigitScans.Kind, boolean[]> readable, long preparedMillis) {
    /** Pictures per set: 500 keep a set's figure within about a point and its preparation to seconds. */
    public static final int MAX_COUNT = 500;
    private static final Map<String, ScanInputs> CACHE = new ConcurrentHashMap<>();

    /** The sets for {@code spec}'s seed, {@code min(spec.count(), MAX_COUNT)} digits each; shared across models. */
    public static ScanInputs of(Digits test, String testKey, PhotoSpec spec) {
        int count = Math.min(spec.count(), MAX_COUNT);
        return CACHE.computeIfAbsent(testKey + "/" + spec.seed() + "/" + count, k -> prepare(test, spec.seed(), count));
    }

    static ScanInputs prepare(Digits test, long seed, int count) {
        long t0 = System.nanoTime();
        int[] indices = PhotoSet.indices(test.size(), count);
        int[] labels = new int[count];
        float[] clean = new float[count * ModelContract.FEATURES];
        for (int k = 0; k < count; k++) {
            labels[k] = test.label(indices[k]);
            System.arraycopy(test.pixels(indices[k], PixelScaling.UNIT), 0, clean, k * ModelContract.FEATURES,
                    ModelContract.FEATURES);
        }
        ImageDecoder decoder = new ImageDecoder(DigitScans.MAX_SIDE, (long) DigitScans.MAX_SIDE * DigitScans.MAX_SIDE);
        Map<DigitScans.Kind, float[]> pixels = new EnumMap<>(DigitScans.Kind.class);
        Map<DigitScans.Kind, boolean[]> readable = new EnumMap<>(DigitScans.Kind.class);
        for (DigitScans.Kind kind : DigitScans.Kind.values()) {
            float[] seen = new float[count * ModelContract.FEATURES];
            boolean[] read = new boolean[count];
            for (int k = 0; k < count; k++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("Interrupted while generating the scan sets.");
                }
                try {
                    float[] row = MnistPreprocessor.toMnist(decoder.decode(DigitScans.picture(kind, test, indices[k], seed)));
                    System.arraycopy(row, 0, seen, k * ModelContract.FEATURES, ModelContract.FEATURES);
                    read[k] = true;
                } catch (ImageRejectedException e) {
                    // counted as a wrong answer
                }
            }
            pixels.put(kind, seen);
            readable.put(kind, read);
        }
        return new ScanInputs(indices, labels, clean, pixels, readable, (System.nanoTime() - t0) / 1_000_000);
    }
}
