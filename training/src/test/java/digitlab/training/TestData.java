package digitlab.training;

import digitlab.core.data.DigitDataset;
import digitlab.core.data.PixelScaling;
import digitlab.core.data.Split;
import digitlab.training.train.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Real MNIST from the repository's data/ folder, loaded once per test JVM. */
public final class TestData {
    public static final Path DATA_DIR = Path.of("..", "data");
    private static DigitDataset.SplitData studySplit;

    private TestData() {}

    public static synchronized DigitDataset.SplitData split(int train, int test) {
        try {
            if (studySplit == null) {
                studySplit = DigitDataset.named(DATA_DIR, "mnist").load(new Split("seed", 1000, 2000));
            }
            return new DigitDataset.SplitData(studySplit.dataset(), new Split("seed", train, test),
                    studySplit.train().first(train), studySplit.test().first(test));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TrainingData trainingData(int train, int test) {
        return new TrainingData(split(train, test), PixelScaling.UNIT);
    }
}
