package digitlab.serving.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The preprocessor's order statistics from bins agree with the same statistics from a sort. */
class HistogramTest {

    @Test
    void the_median_is_the_sorted_median_to_within_one_bin() {
        Random random = new Random(24);
        for (int n : new int[] {1, 2, 7, 1000, 4097}) {
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                values[i] = (float) Math.pow(random.nextFloat(), 3); // skewed, as a page's ink is
            }
            float[] sorted = values.clone();
            Arrays.sort(sorted);
            float lowerMedian = sorted[(n - 1) / 2];
            assertEquals(lowerMedian, Histogram.median(values), 1f / 1024, "n = " + n);
        }
    }

    @Test
    void a_quantile_bin_is_the_first_whose_running_count_reaches_the_rank() {
        int[] hist = {0, 3, 0, 5, 2};
        assertEquals(1, Histogram.quantileBin(hist, 1));
        assertEquals(1, Histogram.quantileBin(hist, 3));
        assertEquals(3, Histogram.quantileBin(hist, 3.5));
        assertEquals(4, Histogram.quantileBin(hist, 10));
    }

    @Test
    void values_outside_the_range_count_in_the_end_bins() {
        int[] hist = Histogram.of(new float[] {-3f, -1f, 0f, 0.99f, 1f, 7f}, -1, 1, 4);
        assertEquals("[2, 0, 1, 3]", Arrays.toString(hist));
    }

    @Test
    void otsu_splits_paper_from_ink() {
        float[] values = new float[1000];
        Random random = new Random(7);
        for (int i = 0; i < values.length; i++) {
            values[i] = i < 800 ? 0.1f + 0.05f * random.nextFloat() : 0.8f + 0.1f * random.nextFloat();
        }
        float threshold = Histogram.otsu(values);
        assertTrue(threshold > 0.15f && threshold <= 0.8f, "threshold " + threshold);
    }
}
