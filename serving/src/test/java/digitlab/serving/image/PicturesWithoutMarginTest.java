package digitlab.serving.image;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.Mnist;
import digitlab.serving.ReferenceRuntime;
import digitlab.serving.photos.DigitScans;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Digits that did not come through MNIST's own pipeline (issue 18): cut out with no margin, scanned
 * at 8x8, written with a thick or a thin pen. Each is read by the repository's full-data model
 * (the default one) after the preprocessor, on 100 test digits spread over the test set; none may be
 * refused. Pictures without a digit (uniform, pure noise) still are.
 */
class PicturesWithoutMarginTest {
    private static final Path MODEL = Path.of(System.getProperty("digitlab.test.models", "../models"))
            .resolve("ce-full-adam-decay0.93-aug-s0.onnx");
    private static final ImageDecoder DECODER = new ImageDecoder(4096, 4096L * 4096);
    private static final int DIGITS = 100;
    private static final long SEED = 18;
    private static ReferenceRuntime model;

    @BeforeAll
    static void load() throws Exception {
        model = new ReferenceRuntime(MODEL);
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
    }

    @Test
    void a_test_digit_cropped_tight_to_its_ink_is_read_as_well_as_the_digit_itself() throws Exception {
        assertReadAlmostAsClean(DigitScans.Kind.TIGHT, 1);
    }

    @Test
    void a_digit_scanned_at_8x8_with_16_grey_levels_and_enlarged_smoothly_is_read() throws Exception {
        assertReadAlmostAsClean(DigitScans.Kind.LOW_RES_8, 6);
    }

    @Test
    void a_digit_scanned_at_8x8_and_sent_at_that_size_is_read() throws Exception {
        int correct = 0;
        for (int i : indices()) {
            BufferedImage enlarged = DECODER.decode(DigitScans.picture(DigitScans.Kind.LOW_RES_8, Mnist.test(), i, SEED));
            correct += readsRight(atScanResolution(enlarged, 8), i) ? 1 : 0;
        }
        assertTrue(correct >= 0.90 * DIGITS, correct + " of " + DIGITS + " 8x8 scans read right");
    }

    @Test
    void thick_and_thin_strokes_are_read_almost_as_well_as_the_digit_itself() throws Exception {
        assertReadAlmostAsClean(DigitScans.Kind.THICK, 3);
        assertReadAlmostAsClean(DigitScans.Kind.THIN, 3);
    }

    @Test
    void a_uniform_picture_is_refused_as_blank() {
        for (int side : new int[] {8, 28, 96, 480}) {
            for (int level : new int[] {0, 128, 255}) {
                BufferedImage uniform = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
                for (int p = 0; p < side * side; p++) {
                    uniform.getRaster().setSample(p % side, p / side, 0, level);
                }
                assertRefusedAsBlank(uniform, side + "x" + side + " of level " + level);
            }
        }
    }

    @Test
    void a_picture_of_pure_noise_is_refused_as_blank() {
        Random random = new Random(SEED);
        for (int side : new int[] {8, 28, 96, 480}) {
            BufferedImage grey = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
            BufferedImage saltAndPepper = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
            BufferedImage colour = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            for (int p = 0; p < side * side; p++) {
                grey.getRaster().setSample(p % side, p / side, 0, random.nextInt(256));
                saltAndPepper.getRaster().setSample(p % side, p / side, 0, random.nextBoolean() ? 255 : 0);
                colour.setRGB(p % side, p / side, random.nextInt(1 << 24));
            }
            assertRefusedAsBlank(grey, side + "x" + side + " grey noise");
            assertRefusedAsBlank(saltAndPepper, side + "x" + side + " salt and pepper");
            assertRefusedAsBlank(colour, side + "x" + side + " colour noise");
        }
    }

    /** At most {@code points} below the same digits' own MNIST pixels, and none refused. */
    private static void assertReadAlmostAsClean(DigitScans.Kind kind, double points) throws Exception {
        int correct = 0;
        int clean = 0;
        List<Integer> refused = new ArrayList<>();
        for (int i : indices()) {
            clean += ReferenceRuntime.argmax(model.probabilities(Mnist.pixels(i), 1), 0) == Mnist.test().label(i) ? 1 : 0;
            try {
                correct += readsRight(DECODER.decode(DigitScans.picture(kind, Mnist.test(), i, SEED)), i) ? 1 : 0;
            } catch (ImageRejectedException e) {
                refused.add(i);
            }
        }
        assertTrue(refused.isEmpty(), kind.id + ": test digits " + refused + " refused");
        double percent = 100.0 * correct / DIGITS;
        double cleanPercent = 100.0 * clean / DIGITS;
        assertTrue(percent >= cleanPercent - points,
                String.format("%s: %.0f%% read right against %.0f%% clean", kind.id, percent, cleanPercent));
    }

    private static boolean readsRight(BufferedImage picture, int i) throws Exception {
        float[] seen = MnistPreprocessor.toMnist(picture);
        return ReferenceRuntime.argmax(model.probabilities(seen, 1), 0) == Mnist.test().label(i);
    }

    /** The enlarged scan sampled back at its scan's pixel centres: the scan as it was made. */
    private static BufferedImage atScanResolution(BufferedImage enlarged, int side) {
        BufferedImage scan = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        int step = enlarged.getWidth() / side;
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                scan.getRaster().setSample(x, y, 0, enlarged.getRaster().getSample(x * step + step / 2, y * step + step / 2, 0));
            }
        }
        return scan;
    }

    private static int[] indices() {
        int[] out = new int[DIGITS];
        for (int k = 0; k < DIGITS; k++) {
            out[k] = k * (Mnist.test().size() / DIGITS) + 7; // not the photo set's digits
        }
        return out;
    }

    private static void assertRefusedAsBlank(BufferedImage picture, String what) {
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> MnistPreprocessor.toMnist(picture),
                what + " was read as a digit");
        assertTrue(e.getMessage().contains("blank"), what + ": " + e.getMessage());
    }
}
