package digitlab.serving.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.metrics.Calibration;
import digitlab.serving.accuracy.AccuracyStatus;
import digitlab.serving.accuracy.ServedAccuracy;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedComparisonsTest {
    private static Leaderboard.Entry entry(String run, String setting, long seed, double servedFull) {
        return new Leaderboard.Entry(0, setting + "-s" + seed, run, setting, "l2", seed, "study", 1000, AccuracyStatus.DONE,
                null, new ServedAccuracy.Figure(10000, servedFull), null, null, null, null, null, null, null, "digit-lab", null);
    }

    private static Leaderboard.Entry calibrated(String setting, long seed, double ecePercent, double nll) {
        return new Leaderboard.Entry(0, setting + "-s" + seed, setting, setting, "l2", seed, "study", 1000, AccuracyStatus.DONE,
                null, new ServedAccuracy.Figure(10000, 80), null, new Calibration(10000, ecePercent, nll, List.of()),
                null, null, null, null, null, "digit-lab", null);
    }

    @Test
    void calibration_is_compared_by_seed_like_accuracy_ece_in_points_then_nll_in_nats() {
        // ECE differences -1, -2, -3 (mean -2, sd 1); NLL differences -0.1, -0.12, -0.11.
        List<Leaderboard.Entry> ranking = List.of(
                calibrated("ce", 0, 10, 1.0), calibrated("ce", 1, 11, 1.1), calibrated("ce", 2, 12, 1.2),
                calibrated("ce-l2-0.1", 0, 9, 0.9), calibrated("ce-l2-0.1", 1, 9, 0.98), calibrated("ce-l2-0.1", 2, 9, 1.09),
                entry("ce-l1-0.1", "ce-l1-0.1", 0, 81)); // not measured for calibration: not compared on it
        List<SeedComparisons.Comparison> comparisons = SeedComparisons.ofCalibration(ranking);
        assertEquals(2, comparisons.size(), comparisons.toString());
        SeedComparisons.Comparison ece = comparisons.get(0);
        assertEquals("expected calibration error on all test images (15 bins), points", ece.metric());
        assertEquals(-2.0, ece.difference(), 1e-9);
        assertEquals(-2.0 + 4.303 / Math.sqrt(3), ece.high(), 1e-9);
        assertEquals(3, ece.n());
        SeedComparisons.Comparison nll = comparisons.get(1);
        assertEquals("mean negative log-likelihood on all test images, nats", nll.metric());
        assertEquals(-0.11, nll.difference(), 1e-9);
        assertEquals("clear", nll.verdict());
        assertEquals("ce-l2-0.1 against ce: -0.11 nats (95% interval -0.13 to -0.09, paired over 3 seeds): a clear difference",
                nll.text());
        assertEquals(2, SeedComparisons.of(ranking).size(), "accuracy compares every setting measured for it");
    }

    @Test
    void a_setting_is_compared_with_plain_CE_seed_by_seed_with_a_paired_t_interval() {
        // Differences per seed 1, 2, 3 whatever the order the models are ranked in: mean 2, sd 1.
        List<Leaderboard.Entry> ranking = List.of(
                entry("ce-l2-0.1", "ce-l2-0.1", 2, 83), entry("ce", "ce", 0, 80), entry("ce-l2-0.1", "ce-l2-0.1", 0, 81),
                entry("ce", "ce", 1, 70), entry("ce-l2-0.1", "ce-l2-0.1", 1, 72), entry("ce", "ce", 2, 80),
                entry("ce-l2-0.1", "ce-l2-0.1", 7, 99)); // seed 7 has no CE partner: not counted
        List<SeedComparisons.Comparison> comparisons = SeedComparisons.of(ranking);
        assertEquals(1, comparisons.size(), "CE itself has nothing to be compared with");
        SeedComparisons.Comparison c = comparisons.get(0);
        assertEquals("ce-l2-0.1", c.setting());
        assertEquals("ce", c.against());
        assertEquals(3, c.n());
        assertEquals(List.of(0L, 1L, 2L), c.seeds());
        assertEquals(2.0, c.difference(), 1e-9);
        assertEquals(2.0 - 4.303 / Math.sqrt(3), c.low(), 1e-9);
        assertEquals(2.0 + 4.303 / Math.sqrt(3), c.high(), 1e-9);
        assertEquals("within noise", c.verdict());
        assertTrue(c.text().contains("paired over 3 seeds"), c.text());
    }

    @Test
    void a_single_seed_says_it_cannot_judge_and_gives_no_interval() {
        List<SeedComparisons.Comparison> comparisons = SeedComparisons.of(List.of(
                entry("ce-dropout-0.5", "ce-dropout-0.5-h32", 0, 86), entry("ce", "ce-h32", 0, 80)));
        SeedComparisons.Comparison c = comparisons.get(0);
        assertEquals("ce-h32", c.against(), "the baseline has the same network");
        assertEquals(1, c.n());
        assertEquals(6.0, c.difference(), 1e-9);
        assertNull(c.low());
        assertEquals("cannot judge", c.verdict());
        assertTrue(c.text().contains("cannot"), c.text());
    }
}
