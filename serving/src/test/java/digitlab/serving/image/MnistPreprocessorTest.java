package digitlab.serving.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.DigitImages;
import digitlab.serving.Mnist;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class MnistPreprocessorTest {
    private static final int DIGITS = 40;

    @Test
    void an_MNIST_digit_as_an_image_comes_back_close_to_its_own_pixels() {
        for (int i = 0; i < DIGITS; i++) {
            float[] seen = MnistPreprocessor.toMnist(DigitImages.mnistSized(i, false));
            double similarity = cosine(seen, Mnist.pixels(i));
            assertTrue(similarity > 0.9, "digit " + i + " came back with cosine similarity " + similarity);
        }
    }

    @Test
    void dark_ink_on_light_paper_gives_the_same_input_as_light_ink_on_dark() {
        for (int i = 0; i < DIGITS; i++) {
            assertClose(MnistPreprocessor.toMnist(DigitImages.mnistSized(i, false)),
                    MnistPreprocessor.toMnist(DigitImages.mnistSized(i, true)), 1e-4, "digit " + i);
        }
    }

    @Test
    void a_digit_ten_times_larger_and_off_centre_gives_the_same_input_as_at_MNIST_size() {
        for (int i = 0; i < DIGITS; i++) {
            float[] small = MnistPreprocessor.toMnist(DigitImages.mnistSized(i, false));
            float[] large = MnistPreprocessor.toMnist(DigitImages.draw(i, 10, 280, 280, 0, 0, true));
            float[] offCentre = MnistPreprocessor.toMnist(DigitImages.draw(i, 2, 200, 90, 130, 20, false));
            assertClose(small, large, 1e-3, "digit " + i + " at 280x280");
            assertClose(small, offCentre, 1e-3, "digit " + i + " off centre");
        }
    }

    @Test
    void a_heavy_digit_enlarged_to_fill_the_picture_is_still_read_as_dark_ink_on_light_paper() {
        // Thick strokes filling the frame: the ink is no thin minority there, yet it must not be taken for paper.
        for (int i : new int[] {25, 73, 128, 147, 200, 212, 214, 217}) {
            float[] small = MnistPreprocessor.toMnist(DigitImages.mnistSized(i, false));
            for (int scale : new int[] {5, 10}) {
                float[] large = MnistPreprocessor.toMnist(DigitImages.draw(i, scale, 28 * scale, 28 * scale, 0, 0, true));
                assertTrue(cosine(small, large) > 0.99, "digit " + i + " at x" + scale + ": " + cosine(small, large));
            }
        }
    }

    @Test
    void the_ink_fits_a_20_pixel_box_with_its_centre_of_mass_at_the_centre() {
        BufferedImage wide = paper(300, 100, Color.WHITE);
        Graphics2D g = wide.createGraphics();
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(9));
        g.drawLine(10, 50, 250, 60);
        g.dispose();
        float[] seen = MnistPreprocessor.toMnist(wide);
        int minX = 28, maxX = -1, minY = 28, maxY = -1;
        double mass = 0, sumX = 0, sumY = 0;
        for (int p = 0; p < 784; p++) {
            if (seen[p] > 0) {
                minX = Math.min(minX, p % 28);
                maxX = Math.max(maxX, p % 28);
                minY = Math.min(minY, p / 28);
                maxY = Math.max(maxY, p / 28);
            }
            mass += seen[p];
            sumX += seen[p] * (p % 28);
            sumY += seen[p] * (p / 28);
        }
        assertEquals(20, maxX - minX + 1, "the longer side fills the 20-pixel box");
        assertTrue(maxY - minY + 1 <= 4, "the aspect ratio is kept: a thin line stays thin");
        assertEquals(14.0, sumX / mass, 0.5);
        assertEquals(14.0, sumY / mass, 0.5);
    }

    @Test
    void a_dark_stroke_on_a_transparent_canvas_counts_as_ink() {
        BufferedImage canvas = new BufferedImage(280, 280, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = canvas.createGraphics();
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(18));
        g.drawLine(140, 40, 140, 240);
        g.dispose();
        float[] seen = MnistPreprocessor.toMnist(canvas);
        assertEquals(1f, seen[14 * 28 + 14], 1e-3, "the stroke is white ink at the centre");
        assertEquals(0f, seen[14 * 28 + 3], 1e-3, "the transparent paper is black");
    }

    @Test
    void a_blank_picture_is_rejected_with_a_reason() {
        ImageRejectedException e = assertThrows(ImageRejectedException.class,
                () -> MnistPreprocessor.toMnist(paper(50, 50, Color.WHITE)));
        assertTrue(e.getMessage().contains("blank"), e.getMessage());
    }

    private static BufferedImage paper(int w, int h, Color colour) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return image;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        for (int p = 0; p < expected.length; p++) {
            assertEquals(expected[p], actual[p], tolerance, what + ", pixel " + p);
        }
    }
}
