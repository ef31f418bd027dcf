package digitlab.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void four_answers_worked_by_hand_give_the_expected_calibration_error_and_log_likelihood() {
        float[] probabilities = {
            0.9f, 0.1f, // says 0 at 0.9, is 0: right
            0.9f, 0.1f, // says 0 at 0.9, is 1: wrong
            0.3f, 0.7f, // says 1 at 0.7, is 1: right
            0.55f, 0.45f, // says 0 at 0.55, is 1: wrong
        };
        Calibration c = Calibration.of(probabilities, new int[] {0, 1, 1, 1}, 2);
        assertEquals(4, c.images());
        // Bin (13/15, 14/15]: 2 answers, confidence 90%, 50% right; bin (10/15, 11/15]: 1, 70%, 100%;
        // bin (8/15, 9/15]: 1, 55%, 0%. ECE = 2/4 * 40 + 1/4 * 30 + 1/4 * 55 = 41.25 points.
        assertEquals(41.25, c.ecePercent(), 1e-4);
        // NLL = -(ln 0.9 + ln 0.1 + ln 0.7 + ln 0.45) / 4
        assertEquals(-(Math.log(0.9) + Math.log(0.1) + Math.log(0.7) + Math.log(0.45)) / 4, c.nll(), 1e-6);
        assertEquals(Calibration.BINS, c.bins().size());
        Calibration.Bin ninety = c.bins().get(13);
        assertEquals(13.0 / 15, ninety.lower(), 1e-12);
        assertEquals(14.0 / 15, ninety.upper(), 1e-12);
        assertEquals(2, ninety.count());
        assertEquals(90.0, ninety.meanConfidence(), 1e-4);
        assertEquals(50.0, ninety.accuracy(), 1e-12);
        assertEquals(100.0, c.bins().get(10).accuracy(), 1e-12);
        assertEquals(0.0, c.bins().get(8).accuracy(), 1e-12);
        assertEquals(0, c.bins().get(0).count());
        assertNull(c.bins().get(0).accuracy(), "an empty bin has no accuracy");
        assertNull(c.bins().get(0).meanConfidence());
    }

    @Test
    void certain_right_answers_are_perfectly_calibrated_and_land_in_the_top_bin() {
        float[] probabilities = new float[3 * 10];
        int[] labels = {4, 7, 0};
        for (int r = 0; r < labels.length; r++) {
            probabilities[r * 10 + labels[r]] = 1f;
        }
        Calibration c = Calibration.of(probabilities, labels, 10);
        assertEquals(0.0, c.ecePercent(), 0);
        assertEquals(0.0, c.nll(), 0);
        assertEquals(3, c.bins().get(Calibration.BINS - 1).count());
    }

    @Test
    void a_true_class_given_probability_zero_costs_the_floor_not_infinity() {
        Calibration c = Calibration.of(new float[] {1f, 0f}, new int[] {1}, 2);
        assertEquals(-Math.log(Float.MIN_NORMAL), c.nll(), 1e-9);
        assertEquals(100.0, c.ecePercent(), 1e-12); // certain and wrong
    }

    @Test
    void bins_are_open_below_and_closed_above() {
        assertEquals(0, Calibration.binOf(0.0));
        assertEquals(0, Calibration.binOf(1.0 / 15));
        assertEquals(1, Calibration.binOf(1.0 / 15 + 1e-9));
        assertEquals(14, Calibration.binOf(1.0));
    }

    @Test
    void probabilities_that_do_not_match_the_labels_are_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Calibration.of(new float[] {0.5f, 0.5f, 1f}, new int[] {0, 1}, 2));
        assertEquals("3 probabilities for 2 labels of 2 classes.", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Calibration.of(new float[0], new int[0], 10));
    }
}
