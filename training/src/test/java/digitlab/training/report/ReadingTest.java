package digitlab.training.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.metrics.PairedDifference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingTest {
    @TempDir
    Path experiment;

    @Test
    void a_difference_smaller_than_the_std_is_called_not_meaningful_and_a_large_one_clear() throws IOException {
        double[][] finals = {{76.0, 77.0, 78.0}, {76.5, 77.6, 78.2}, {60.0, 60.5, 61.0}};
        String[] names = {"ce", "ce-l2-0.01", "mse"};
        for (int r = 0; r < names.length; r++) {
            for (int seed = 0; seed < 3; seed++) {
                SyntheticRuns.writeRunEndingAt(experiment, names[r], seed, 20, finals[r][seed], 98);
            }
        }
        String markdown = Files.readString(ExperimentReport.write(experiment).markdown());

        assertTrue(markdown.contains("**L2 0.01** has the highest final test accuracy"), markdown);
        // paired differences 0.5, 0.6, 0.2: mean 0.43, 95% t interval 0.43 -+ 4.303 * 0.208 / sqrt(3)
        assertTrue(markdown.contains("L2: the best strength, L2 0.01, against plain CE: +0.43 points (95% interval "
                + "-0.08 to +0.95, paired over 3 seeds): not meaningful"), markdown);
        assertTrue(markdown.contains("MSE against CE: -16.50 points"), markdown);
        assertTrue(markdown.contains("a clear difference"), markdown);
    }

    @Test
    void single_seeds_are_never_judged_against_noise() throws IOException {
        SyntheticRuns.writeRunEndingAt(experiment, "ce", 0, 20, 77, 98);
        SyntheticRuns.writeRunEndingAt(experiment, "ce-l1-0.001", 0, 20, 79, 98);
        SyntheticRuns.writeRunEndingAt(experiment, "mse", 0, 20, 60, 98);
        String markdown = Files.readString(ExperimentReport.write(experiment).markdown());
        assertTrue(markdown.contains("Each setting has a single seed"), markdown);
        // every comparison says it cannot judge: two against CE, the winner's lead, the gap note
        assertTrue(markdown.split("a single paired seed: cannot be told apart from seed noise", -1).length - 1 >= 3, markdown);
        assertFalse(markdown.contains("seeds): a clear difference"), markdown);
        assertFalse(markdown.contains("): not meaningful"), markdown);
    }

    @Test
    void a_paired_difference_is_clear_only_when_its_95_percent_t_interval_excludes_zero() {
        Comparison spread = Comparison.ofDifferences(1, 2, 3);
        assertEquals(2.0, spread.difference(), 1e-12);
        assertEquals(4.303 / Math.sqrt(3), spread.halfWidth(), 1e-9); // t(2) * sd 1 / sqrt(3) = 2.48 > 2
        assertEquals(PairedDifference.Verdict.WITHIN_NOISE, spread.verdict());
        assertEquals(PairedDifference.Verdict.CLEAR, Comparison.ofDifferences(1.5, 2, 2.5).verdict()); // 2 > 1.24
        assertEquals(PairedDifference.Verdict.WITHIN_NOISE, Comparison.ofDifferences(0.5, 0.6, 0.2, -0.4).verdict());
        // a small but steady difference on every seed is clear, however small
        assertEquals(PairedDifference.Verdict.CLEAR, Comparison.ofDifferences(0.1, 0.12, 0.11).verdict());
        assertEquals(PairedDifference.Verdict.NO_SPREAD, Comparison.ofDifferences(3.0).verdict());
        assertEquals(2.042, PairedDifference.t975(30), 1e-12);
        assertEquals(1.96, PairedDifference.t975(1000), 1e-12);
    }

    @Test
    void settings_are_paired_by_seed_not_by_order() throws IOException {
        // seeds 0, 1, 2 of CE and of L2 written in different orders; L2 is 0.5 above CE on every seed
        double[] ce = {70.0, 75.0, 80.0};
        for (int seed : new int[] {2, 0, 1}) {
            SyntheticRuns.writeRunEndingAt(experiment, "ce", seed, 20, ce[seed], 98);
        }
        for (int seed : new int[] {1, 2, 0}) {
            SyntheticRuns.writeRunEndingAt(experiment, "ce-l2-0.01", seed, 20, ce[seed] + 0.5, 98);
        }
        String markdown = Files.readString(ExperimentReport.write(experiment).markdown());
        assertTrue(markdown.contains("against plain CE: +0.50 points (95% interval +0.50 to +0.50, paired over 3 seeds): "
                + "a clear difference"), markdown);
    }

    @Test
    void spearman_is_one_for_the_same_order_and_handles_ties() {
        assertEquals(1.0, Ranks.spearman(new double[] {1, 2, 3}, new double[] {10, 20, 30}), 1e-12);
        assertEquals(-1.0, Ranks.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
        // 0, 1, 5, 5 sorted: the two fives share ranks 3 and 4.
        assertEquals(3.5, Ranks.ranks(new double[] {5, 1, 5, 0})[0], 1e-12);
    }
}
