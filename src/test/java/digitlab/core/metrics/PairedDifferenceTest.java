package digitlab.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PairedDifferenceTest {

    @Test
    void the_interval_is_the_mean_plus_or_minus_t_times_the_standard_error() {
        PairedDifference d = PairedDifference.of(1, 2, 3);
        assertEquals(2.0, d.mean(), 1e-12);
        assertEquals(4.303 / Math.sqrt(3), d.halfWidth(), 1e-9); // t(2) = 4.303, sd 1
        assertEquals(3, d.n());
        assertEquals(PairedDifference.Verdict.WITHIN_NOISE, d.verdict()); // 2.48 > 2: holds 0
        assertEquals("+2.00 points (95% interval -0.48 to +4.48, paired over 3 seeds): not meaningful", d.describe());
        assertEquals(PairedDifference.Verdict.CLEAR, PairedDifference.of(0.1, 0.12, 0.11).verdict());
        assertEquals("+0.11 nats (95% interval +0.09 to +0.13, paired over 3 seeds): a clear difference",
                PairedDifference.of(0.1, 0.12, 0.11).describe("nats"));
    }

    @Test
    void one_pair_has_no_spread_to_judge_by() {
        PairedDifference d = PairedDifference.of(3.0);
        assertEquals(PairedDifference.Verdict.NO_SPREAD, d.verdict());
        assertEquals("+3.00 points, a single paired seed: cannot be told apart from seed noise", d.describe());
        assertEquals(0, PairedDifference.of().n());
        assertEquals(2.042, PairedDifference.t975(30), 1e-12);
        assertEquals(1.96, PairedDifference.t975(1000), 1e-12);
    }
}
