package digitlab.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PredictionsTest {
    @Test
    void argmax_takes_the_largest_score_of_each_row_and_the_first_on_ties() {
        float[] scores = {0.1f, 0.7f, 0.2f, 0.5f, 0.5f, 0.0f};
        assertArrayEquals(new int[] {1, 0}, Predictions.argmaxRows(scores, 3));
    }

    @Test
    void accuracy_is_the_percent_of_matching_labels() {
        assertEquals(75.0, Predictions.accuracyPercent(new int[] {1, 2, 3, 4}, new int[] {1, 2, 3, 0}));
    }

    @Test
    void accuracy_refuses_mismatched_lengths() {
        assertThrows(IllegalArgumentException.class, () -> Predictions.accuracyPercent(new int[] {1}, new int[] {1, 2}));
    }

    @Test
    void confusion_matrix_counts_pairs_and_recall() {
        ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0, 1, 1}, new int[] {0, 1, 1, 1}, 2);
        assertEquals(1, m.count(0, 1));
        assertEquals(50.0, m.recallPercent(0));
        assertEquals(100.0, m.recallPercent(1));
    }
}
