package digitlab.serving.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import digitlab.serving.Mnist;
import org.junit.jupiter.api.Test;

/** The range check on client pixels, whichever way it finds them out of range. */
class PixelBatchTest {
    private static final int ROWS = 64;

    @Test
    void a_batch_of_MNIST_digits_is_kept_as_it_came() {
        float[] values = digits();
        assertSame(values, PixelBatch.ofRowMajor(values, ROWS).values());
    }

    @Test
    void minus_zero_passes_as_it_passes_a_comparison_with_zero() {
        float[] values = digits();
        values[ROWS * 784 - 1] = -0.0f;
        assertEquals(ROWS, PixelBatch.ofRowMajor(values, ROWS).rows());
    }

    @Test
    void a_value_out_of_range_anywhere_is_refused_naming_its_digit_and_pixel() {
        float[] bad = {Float.NaN, -0.001f, 1.0000001f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 255f};
        int[] places = {0, 783, 784 * 37 + 400, ROWS * 784 - 1};
        for (float value : bad) {
            for (int place : places) {
                float[] values = digits();
                values[place] = value;
                InvalidInputException e = assertThrows(InvalidInputException.class, () -> PixelBatch.ofRowMajor(values, ROWS));
                assertEquals("Digit " + place / 784 + " of the batch has pixel " + place % 784 + " = " + value
                        + "; pixels must be numbers in 0..1 (divide 0..255 values by 255).", e.getMessage());
            }
        }
    }

    private static float[] digits() {
        float[] values = new float[ROWS * 784];
        for (int r = 0; r < ROWS; r++) {
            System.arraycopy(Mnist.pixels(r), 0, values, r * 784, 784);
        }
        return values;
    }
}
