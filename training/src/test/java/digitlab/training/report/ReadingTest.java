package digitlab.training.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(markdown.contains("L2: the best strength, L2 0.01, against plain CE: +0.43 points, within the "
                + "seed-to-seed std of 1.00: not meaningful"), markdown);
        assertTrue(markdown.contains("MSE against CE: -16.50 points"), markdown);
        assertTrue(markdown.contains("a clear difference"), markdown);
    }

    @Test
    void single_seeds_are_never_judged_against_noise() throws IOException {
        SyntheticRuns.writeRunEndingAt(experiment, "ce", 0, 20, 77, 98);
        SyntheticRuns.writeRunEndingAt(experiment, "ce-l1-0.001", 0, 20, 79, 98);
        String markdown = Files.readString(ExperimentReport.write(experiment).markdown());
        assertTrue(markdown.contains("cannot be told apart from seed noise"), markdown);
    }

    @Test
    void comparison_verdicts_follow_the_one_and_two_std_thresholds() {
        MeanStd base = new MeanStd(77, 1.0, 3);
        assertEquals(Comparison.Verdict.WITHIN_NOISE, Comparison.of(new MeanStd(77.9, 0.5, 3), base).verdict());
        assertEquals(Comparison.Verdict.SUGGESTIVE, Comparison.of(new MeanStd(78.5, 0.5, 3), base).verdict());
        assertEquals(Comparison.Verdict.CLEAR, Comparison.of(new MeanStd(74.5, 0.5, 3), base).verdict());
        assertEquals(Comparison.Verdict.NO_SPREAD, Comparison.of(MeanStd.of(80), base).verdict());
    }

    @Test
    void spearman_is_one_for_the_same_order_and_handles_ties() {
        assertEquals(1.0, Ranks.spearman(new double[] {1, 2, 3}, new double[] {10, 20, 30}), 1e-12);
        assertEquals(-1.0, Ranks.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
        // 0, 1, 5, 5 sorted: the two fives share ranks 3 and 4.
        assertEquals(3.5, Ranks.ranks(new double[] {5, 1, 5, 0})[0], 1e-12);
    }
}
