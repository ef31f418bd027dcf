package digitlab.serving.inference.foreign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The stated rule: a distribution is kept, anything else goes through softmax; which kind a row looked like. */
class OutputKindTest {
    private static final float[] PROBABILITIES = {0.7f, 0.1f, 0.05f, 0.05f, 0.02f, 0.02f, 0.02f, 0.02f, 0.01f, 0.01f};

    @Test
    void a_row_that_is_a_distribution_is_kept_as_it_is() {
        float[] row = PROBABILITIES.clone();
        OutputKind.AUTO.toProbabilities(row, 0, 10);
        assertArrayEquals(PROBABILITIES, row);
        assertEquals(OutputKind.PROBABILITIES, OutputKind.seenIn(PROBABILITIES, 0, 10));
    }

    @Test
    void a_distribution_a_float_sum_left_just_above_1_is_still_kept() {
        float[] row = {1.0000001f, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        OutputKind.AUTO.toProbabilities(row, 0, 10);
        assertEquals(1.0000001f, row[0]);
    }

    @Test
    void log_probabilities_become_the_probabilities_they_stand_for() {
        float[] row = new float[10];
        for (int c = 0; c < 10; c++) {
            row[c] = (float) Math.log(PROBABILITIES[c]);
        }
        assertEquals(OutputKind.LOG_PROBABILITIES, OutputKind.seenIn(row, 0, 10));
        OutputKind.AUTO.toProbabilities(row, 0, 10);
        assertArrayEquals(PROBABILITIES, row, 1e-6f);
    }

    @Test
    void logits_go_through_softmax_keeping_their_order() {
        float[] row = {2f, -1f, 0.5f, 0f, 0f, 0f, 0f, 0f, 0f, 3f};
        assertEquals(OutputKind.LOGITS, OutputKind.seenIn(row, 0, 10));
        OutputKind.AUTO.toProbabilities(row, 0, 10);
        double sum = 0;
        for (float p : row) {
            sum += p;
        }
        assertEquals(1, sum, 1e-6);
        assertEquals(Math.exp(3 - 2), row[9] / row[0], 1e-5);
    }

    @Test
    void logits_that_happen_to_look_like_probabilities_are_softmaxed_when_declared() {
        float[] row = PROBABILITIES.clone();
        OutputKind.parse("logits").toProbabilities(row, 0, 10);
        assertEquals(Math.exp(0.7 - 0.1), row[0] / row[1], 1e-5);
    }

    @Test
    void an_unknown_kind_is_refused_naming_the_kinds() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> OutputKind.parse("scores"));
        assertEquals("output 'scores' is none of auto, probabilities, logits, log-probabilities", e.getMessage());
    }
}
