package digitlab.training.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedGroupTest {
    @TempDir
    Path experiment;

    @Test
    void three_seeds_average_to_their_mean_and_sample_std_at_every_epoch() throws IOException {
        for (int seed = 0; seed < 3; seed++) {
            SyntheticRuns.writeRun(experiment, "ce-l2-0.01", seed, SyntheticRuns.curve(25, 78, 98, 10 + seed), 25, true);
        }
        List<SeedGroup> groups = RunGroups.of(Experiment.read(experiment).runs());
        assertEquals(1, groups.size());
        SeedGroup group = groups.get(0);
        MeanCurve curve = group.curve(Metric.TEST_ACCURACY);

        for (int e : new int[] {0, 12, 24}) {
            double[] v = new double[3];
            for (int s = 0; s < 3; s++) {
                v[s] = group.runs().get(s).rows().get(e).testAccuracy();
            }
            double mean = (v[0] + v[1] + v[2]) / 3;
            double var = ((v[0] - mean) * (v[0] - mean) + (v[1] - mean) * (v[1] - mean)
                    + (v[2] - mean) * (v[2] - mean)) / 2;
            assertEquals(mean, curve.mean()[e], 1e-9, "mean at epoch " + e);
            assertEquals(Math.sqrt(var), curve.std()[e], 1e-9, "std at epoch " + e);
            assertEquals(3, curve.n()[e]);
        }
    }

    @Test
    void a_seed_that_stopped_early_stops_contributing_and_the_summary_uses_the_common_epochs() throws IOException {
        SyntheticRuns.writeRunEndingAt(experiment, "ce", 0, 10, 70.0, 90.0);
        SyntheticRuns.writeRun(experiment, "ce", 1, SyntheticRuns.curve(6, 70, 90, 1), 10, false);
        SeedGroup group = RunGroups.of(Experiment.read(experiment).runs()).get(0);

        MeanCurve curve = group.curve(Metric.TEST_ACCURACY);
        assertEquals(10, curve.length());
        assertEquals(2, curve.n()[5]);
        assertEquals(1, curve.n()[9]);
        assertEquals(70.0, curve.mean()[9], 1e-9);

        RunSummary summary = RunSummary.of(group);
        assertEquals(5, summary.lastEpoch());
        assertEquals(2, summary.testLast().n());
    }

    @Test
    void groups_follow_the_studys_grid_order() throws IOException {
        for (String name : List.of("ce-dropout-0.5", "mse", "ce-l1-0.001", "ce")) {
            SyntheticRuns.writeRun(experiment, name, 0, SyntheticRuns.curve(3, 70, 90, 0), 3, true);
        }
        List<String> names = RunGroups.of(Experiment.read(experiment).runs()).stream().map(SeedGroup::name).toList();
        assertEquals(List.of("ce", "mse", "ce-l1-0.001", "ce-dropout-0.5"), names);
    }
}
