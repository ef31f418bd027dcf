package digitlab.training.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.training.TestData;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The distortions real inputs have, one by one on real digits, and their mix seeded. */
class InkDistortionsTest {
    private static final TrainingData DATA = TestData.trainingData(64, 10);
    private static final int SIDE = 28;

    private static float[] digit(int i) {
        return DATA.pixelRowsOf(new int[] {i}, 0, 1);
    }

    private static double mass(float[] image) {
        double sum = 0;
        for (float v : image) {
            sum += v;
        }
        return sum;
    }

    @Test
    void the_same_seed_distorts_the_same_way_and_most_images_change() {
        int[] all = java.util.stream.IntStream.range(0, 64).toArray();
        float[] a = DATA.pixelRowsOf(all, 0, 64);
        float[] b = a.clone();
        float[] original = a.clone();
        new InkDistortions(new Random(3)).apply(a);
        new InkDistortions(new Random(3)).apply(b);
        assertArrayEquals(a, b);
        int changed = 0;
        for (int i = 0; i < 64; i++) {
            if (!Arrays.equals(a, i * 784, (i + 1) * 784, original, i * 784, (i + 1) * 784)) {
                changed++;
            }
        }
        // each image escapes all four distortions with chance 0.7 * 0.7 * 0.85 * 0.85 = 0.35
        assertTrue(changed > 25 && changed < 60, changed + " of 64 images changed");
        for (float v : a) {
            assertTrue(v >= 0 && v <= 1, "pixel " + v + " in [0, 1]");
        }
    }

    @Test
    void thickening_adds_ink_and_thinning_takes_it_away() {
        InkDistortions d = new InkDistortions(new Random(0));
        for (int i = 0; i < 10; i++) {
            float[] thick = digit(i);
            float[] thin = digit(i);
            d.stroke(thick, true, 1);
            d.stroke(thin, false, 1);
            double m = mass(digit(i));
            assertTrue(mass(thick) > 1.3 * m, "digit " + i + " thicker: " + mass(thick) + " against " + m);
            assertTrue(mass(thin) < 0.8 * m && mass(thin) > 0.1 * m, "digit " + i + " thinner but not erased: " + mass(thin));
        }
    }

    @Test
    void a_tight_crop_makes_the_ink_fill_the_frame() {
        InkDistortions d = new InkDistortions(new Random(0));
        for (int i = 0; i < 10; i++) {
            float[] image = digit(i);
            d.tightCrop(image, 28);
            int[] box = inkBox(image);
            int longer = Math.max(box[2] - box[0], box[3] - box[1]) + 1;
            assertTrue(longer >= 26, "digit " + i + "'s ink spans " + longer + " of 28 pixels");
            int[] before = inkBox(digit(i));
            assertTrue(longer > Math.max(before[2] - before[0], before[3] - before[1]) + 1, "larger than before");
        }
    }

    /** x0, y0, x1, y1 of the pixels above 0.1. */
    private static int[] inkBox(float[] image) {
        int[] box = {SIDE, SIDE, -1, -1};
        for (int p = 0; p < image.length; p++) {
            if (image[p] > 0.1f) {
                box[0] = Math.min(box[0], p % SIDE);
                box[1] = Math.min(box[1], p / SIDE);
                box[2] = Math.max(box[2], p % SIDE);
                box[3] = Math.max(box[3], p / SIDE);
            }
        }
        return box;
    }

    @Test
    void a_coarse_scan_keeps_the_ink_but_loses_its_sharp_edges() {
        InkDistortions d = new InkDistortions(new Random(0));
        for (int i = 0; i < 10; i++) {
            float[] image = digit(i);
            d.scan(image, 8, 4);
            assertEquals(mass(digit(i)), mass(image), 0.35 * mass(digit(i)), "digit " + i + "'s ink");
            assertTrue(edges(image) < 0.8 * edges(digit(i)), "digit " + i + " blurred");
        }
    }

    /** The sum of differences between horizontal neighbours: how sharp the strokes are. */
    private static double edges(float[] image) {
        double sum = 0;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x + 1 < SIDE; x++) {
                sum += Math.abs(image[y * SIDE + x + 1] - image[y * SIDE + x]);
            }
        }
        return sum;
    }

    @Test
    void an_elastic_warp_moves_the_strokes_but_keeps_the_digit_in_place() {
        InkDistortions d = new InkDistortions(new Random(5));
        for (int i = 0; i < 10; i++) {
            float[] image = digit(i);
            d.elastic(image);
            assertFalse(Arrays.equals(image, digit(i)));
            assertEquals(mass(digit(i)), mass(image), 0.3 * mass(digit(i)), "digit " + i + "'s ink");
            int[] before = inkBox(digit(i));
            int[] after = inkBox(image);
            for (int k = 0; k < 4; k++) {
                assertEquals(before[k], after[k], 4, "digit " + i + "'s ink box edge " + k);
            }
        }
    }
}
