package digitlab.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MNIST files shipped in data/mnist, read for real. */
class MnistDatasetTest {
    static final Path DATA = Path.of("..", "data");

    @Test
    void test_set_has_the_published_label_counts() throws IOException {
        Digits test = DigitDataset.named(DATA, "mnist").test();
        assertEquals(10000, test.size());
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, test.labelCounts());
    }

    @Test
    void training_set_starts_with_labels_5_0_4_1_9() throws IOException {
        Digits train = DigitDataset.named(DATA, "mnist").train();
        assertEquals(60000, train.size());
        assertArrayEquals(new int[] {5, 0, 4, 1, 9}, java.util.Arrays.copyOf(train.labels(), 5));
    }

    @Test
    void seed_split_is_the_first_1000_training_and_2000_test_images() throws IOException {
        DigitDataset mnist = DigitDataset.named(DATA, "mnist");
        DigitDataset.SplitData split = mnist.load(Split.STUDY);
        assertEquals(1000, split.train().size());
        assertEquals(2000, split.test().size());
        Digits fullTest = mnist.test();
        assertEquals(fullTest.label(1999), split.test().label(1999));
        assertArrayEquals(fullTest.pixels(1999, PixelScaling.RAW), split.test().pixels(1999, PixelScaling.RAW));
    }

    @Test
    void split_sizes_can_be_set() throws IOException {
        DigitDataset.SplitData split = DigitDataset.named(DATA, "mnist").load(Split.named("full").withSizes(300, null));
        assertEquals(300, split.train().size());
        assertEquals(10000, split.test().size());
    }

    @Test
    void shipped_files_match_the_published_checksums() throws IOException {
        DigitDataset.named(DATA, "mnist").verify().forEach((part, verdict) ->
                assertEquals("verified", verdict.word(), part.fileName()));
    }

    @Test
    void pixels_scale_to_the_unit_interval_by_default_and_stay_raw_on_request() throws IOException {
        Digits test = DigitDataset.named(DATA, "mnist").test().first(1);
        float[] unit = test.pixels(0, PixelScaling.UNIT);
        float[] raw = test.pixels(0, PixelScaling.RAW);
        float maxRaw = 0;
        for (int p = 0; p < raw.length; p++) {
            assertEquals(raw[p] / 255f, unit[p], 1e-6);
            maxRaw = Math.max(maxRaw, raw[p]);
        }
        assertEquals(255f, maxRaw);
    }

    @Test
    void a_dataset_whose_labels_do_not_match_its_images_is_refused(@TempDir Path dir) throws IOException {
        IdxFixtures.writeDataset(dir.resolve("odd"), 5, 3);
        Files.write(dir.resolve("odd").resolve("t10k-labels-idx1-ubyte.gz"),
                IdxFixtures.gzip(IdxFixtures.idx(1, new int[] {2}, new byte[] {1, 2})));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> DigitDataset.named(dir, "odd").test());
        assertTrue(e.getMessage().contains("has 3 images but"), e.getMessage());
    }

    @Test
    void a_missing_dataset_names_the_file_it_lacks(@TempDir Path dir) {
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> DigitDataset.named(dir, "fashion-mnist"));
        assertTrue(e.getMessage().startsWith("The dataset 'fashion-mnist' has no train-images-idx3-ubyte(.gz)"), e.getMessage());
    }

    @Test
    void a_split_larger_than_the_dataset_is_refused(@TempDir Path dir) throws IOException {
        IdxFixtures.writeDataset(dir.resolve("small"), 5, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DigitDataset.named(dir, "small").load(Split.STUDY));
        assertEquals("The split 'seed' wants 1000/2000 examples but 'small' has 5/3.", e.getMessage());
    }

    @Test
    void other_datasets_are_found_and_reported_without_reference_sums(@TempDir Path dir) throws IOException {
        IdxFixtures.writeDataset(dir.resolve("tiny"), 4, 2);
        assertEquals(1, DigitDataset.findAll(dir).size());
        DigitDataset.named(dir, "tiny").verify().values().forEach(v -> assertEquals("no reference sum", v.word()));
    }
}
