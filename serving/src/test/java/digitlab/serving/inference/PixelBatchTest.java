package digitlab.serving.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.Mnist;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client pixels are checked once, in {@link PixelBatch}: every model gets the same guarantee. */
class PixelBatchTest {

    @Test
    void pixel_batches_refuse_wrong_lengths_NaN_and_values_outside_0_to_1() {
        assertThrows(InvalidInputException.class, () -> PixelBatch.single(new float[100]));
        float[] nan = new float[784];
        nan[5] = Float.NaN;
        assertThrows(InvalidInputException.class, () -> PixelBatch.single(nan));
        float[] big = new float[784];
        big[5] = 1.5f;
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> PixelBatch.single(big));
        assertEquals("The digit has pixel 5 = 1.5; pixels must be numbers in 0..1 (divide 0..255 values by 255).",
                e.getMessage());
        assertThrows(InvalidInputException.class, () -> PixelBatch.of(List.of(), false));
    }

    @Test
    void a_bad_row_of_a_batch_is_named_by_its_index() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> PixelBatch.of(List.of(Mnist.pixels(0), new float[10]), false));
        assertTrue(e.getMessage().startsWith("Digit 1 of the batch has 10 pixels"), e.getMessage());
    }

    @Test
    void a_batch_keeps_its_rows_in_order_and_whether_one_digit_was_sent_alone() {
        PixelBatch batch = PixelBatch.of(List.of(Mnist.pixels(0), Mnist.pixels(1)), false);
        assertEquals(2, batch.rows());
        assertFalse(batch.single());
        assertArrayEquals(Mnist.pixels(1), batch.row(1));
        assertTrue(PixelBatch.single(Mnist.pixels(0)).single());
    }
}
