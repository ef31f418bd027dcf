package digitlab.serving;

import digitlab.core.data.DigitDataset;
import digitlab.core.data.Digits;
import digitlab.core.data.PixelScaling;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The real MNIST test split from the repository's data folder, loaded once for all tests. */
public final class Mnist {
    private static Digits test;

    private Mnist() {}

    public static synchronized Digits test() {
        if (test == null) {
            try {
                test = DigitDataset.named(TestServer.DATA, DigitDataset.DEFAULT).test();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return test;
    }

    /** Test digit {@code i} as the model contract wants it: 784 floats in [0, 1]. */
    public static float[] pixels(int i) {
        return test().pixels(i, PixelScaling.UNIT);
    }
}
