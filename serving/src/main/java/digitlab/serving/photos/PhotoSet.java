package digitlab.serving.photos;

import digitlab.core.data.Digits;
import java.util.Random;

/**
 * A fixed set of generated photos of MNIST test digits: test digits 0, s, 2s, ... for a stride s
 * that spreads {@code count} photos over the whole test set, each photo drawn from its own
 * {@link Random} seeded by the set's seed and the digit's index, so any one photo can be made alone.
 */
public final class PhotoSet {
    public static final long DEFAULT_SEED = 10;
    public static final int DEFAULT_COUNT = 1000;

    private PhotoSet() {}

    /** The test indices a set of {@code count} photos shows. */
    public static int[] indices(int testSize, int count) {
        if (count < 1 || count > testSize) {
            throw new IllegalArgumentException("A photo set holds 1 to " + testSize + " photos, not " + count + ".");
        }
        int stride = testSize / count;
        int[] out = new int[count];
        for (int k = 0; k < count; k++) {
            out[k] = k * stride;
        }
        return out;
    }

    /** The JPEG bytes a client would send for test digit {@code index} of the set {@code seed}. */
    public static byte[] photograph(Digits test, int index, long seed) {
        Random random = new Random(seed * 1_000_003L + index);
        PhotoStyle style = PhotoStyle.draw(random, DigitPhotographer.WIDTH, DigitPhotographer.HEIGHT);
        return DigitPhotographer.photograph(mnistBytes(test, index), style, random);
    }

    static byte[] mnistBytes(Digits test, int index) {
        byte[] out = new byte[784];
        for (int p = 0; p < out.length; p++) {
            out[p] = (byte) test.pixel(index, p);
        }
        return out;
    }
}
