package digitlab.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class MeanStdTest {
    @Test
    void uses_the_sample_std_with_n_minus_one() {
        MeanStd stats = MeanStd.of(2, 4, 4, 4, 5, 5, 7, 9);
        assertEquals(5.0, stats.mean(), 1e-12);
        assertEquals(Math.sqrt(32.0 / 7), stats.std(), 1e-12);
        assertEquals("5.00 ± 2.14", stats.format());
    }

    @Test
    void a_single_seed_has_no_std_and_prints_without_one() {
        MeanStd stats = MeanStd.of(77.15);
        assertFalse(stats.hasStd());
        assertEquals("77.15", stats.format());
    }

    @Test
    void no_values_print_as_blank() {
        assertEquals("", MeanStd.of().format());
    }
}
