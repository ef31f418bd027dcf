package digitlab.core.data;

import digitlab.core.model.ModelContract;
import java.util.Arrays;

/**
 * Labelled digit images, kept as the raw bytes of the IDX files: {@code images} holds
 * {@code size() * 784} unsigned pixels row by row, {@code labels} one class per image.
 */
public final class Digits {
    private final byte[] images;
    private final byte[] labels;

    public Digits(byte[] images, byte[] labels) {
        if (images.length != labels.length * ModelContract.FEATURES) {
            throw new IllegalArgumentException("There are " + images.length / ModelContract.FEATURES
                    + " images but " + labels.length + " labels.");
        }
        this.images = images;
        this.labels = labels;
    }

    public int size() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    public int[] labels() {
        int[] out = new int[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = labels[i];
        }
        return out;
    }

    /** Unsigned pixel {@code p} (0..783) of image {@code i}, 0..255. */
    public int pixel(int i, int p) {
        return images[i * ModelContract.FEATURES + p] & 0xFF;
    }

    /** The first {@code count} examples; fails with a sentence when there are fewer. */
    public Digits first(int count) {
        if (count < 0 || count > size()) {
            throw new IllegalArgumentException("Asked for " + count + " examples but only " + size() + " exist.");
        }
        return new Digits(
                Arrays.copyOf(images, count * ModelContract.FEATURES), Arrays.copyOf(labels, count));
    }

    /** The last {@code count} examples; fails with a sentence when there are fewer. */
    public Digits last(int count) {
        if (count < 0 || count > size()) {
            throw new IllegalArgumentException("Asked for " + count + " examples but only " + size() + " exist.");
        }
        return new Digits(Arrays.copyOfRange(images, (size() - count) * ModelContract.FEATURES, images.length),
                Arrays.copyOfRange(labels, size() - count, size()));
    }

    /** All pixels as one row-major {@code [size, 784]} float array. */
    public float[] pixels(PixelScaling scaling) {
        float[] out = new float[images.length];
        float factor = scaling.factor();
        for (int i = 0; i < out.length; i++) {
            out[i] = (images[i] & 0xFF) * factor;
        }
        return out;
    }

    /** One image's pixels. */
    public float[] pixels(int i, PixelScaling scaling) {
        float[] out = new float[ModelContract.FEATURES];
        float factor = scaling.factor();
        for (int p = 0; p < out.length; p++) {
            out[p] = pixel(i, p) * factor;
        }
        return out;
    }

    /** How many examples each class 0..9 has. */
    public int[] labelCounts() {
        int[] counts = new int[ModelContract.CLASSES];
        for (byte label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
