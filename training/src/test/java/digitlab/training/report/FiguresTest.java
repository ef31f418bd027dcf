package digitlab.training.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiguresTest {
    @TempDir
    Path experiment;

    @Test
    void a_run_keeps_its_colour_whichever_other_runs_share_the_experiment() throws IOException {
        SyntheticRuns.writeGrid(experiment, 1, 3);
        List<SeedGroup> all = RunGroups.of(Experiment.read(experiment).runs());
        List<SeedGroup> l2Only = all.stream().filter(g -> g.family().equals("l2")).toList();

        RunColors wide = new RunColors(all);
        RunColors narrow = new RunColors(l2Only);

        assertEquals(wide.of("ce-l2-0.01"), narrow.of("ce-l2-0.01"));
        assertEquals(10, all.stream().map(g -> wide.of(g.name())).distinct().count(), "ten runs, ten colours");
        assertNotEquals(wide.of("ce"), wide.of("mse"));
    }

    @Test
    void an_experiment_of_a_few_epochs_still_gets_full_size_figures() throws IOException {
        SyntheticRuns.writeRun(experiment, "ce", 0, SyntheticRuns.curve(3, 70, 90, 0), 3, true);

        List<Figures.Figure> figures = Figures.write(experiment, RunGroups.of(Experiment.read(experiment).runs()));

        assertEquals(List.of("fig-loss.png", "fig-test-all.png"),
                figures.stream().map(f -> f.file().getFileName().toString()).toList());
        var testAll = ImageIO.read(experiment.resolve("fig-test-all.png").toFile());
        assertEquals(Figures.TEST_ALL_WIDTH, testAll.getWidth());
        assertEquals(Figures.TEST_ALL_HEIGHT, testAll.getHeight());
    }

    @Test
    void swept_weight_penalties_get_their_accuracy_against_lambda_with_paired_intervals() throws IOException {
        SyntheticRuns.writeGrid(experiment, 3, 20);
        List<SeedGroup> groups = RunGroups.of(Experiment.read(experiment).runs());

        assertEquals(List.of("l1", "l2"), StrengthFigure.sweptFamilies(groups), "L1 at 2 strengths, L2 at 3; dropout is no penalty");
        List<Figures.Figure> figures = Figures.write(experiment, groups);
        assertEquals(StrengthFigure.FILE, figures.get(figures.size() - 1).file().getFileName().toString());
        var image = ImageIO.read(experiment.resolve(StrengthFigure.FILE).toFile());
        assertEquals(StrengthFigure.WIDTH, image.getWidth());

        // one strength of a penalty is no sweep, and without plain CE there is nothing to measure against
        List<SeedGroup> oneEach = groups.stream().filter(g -> !g.name().equals("ce-l2-0.1") && !g.name().equals("ce-l2-0.01")
                && !g.name().equals("ce-l1-0.005")).toList();
        assertEquals(List.of(), StrengthFigure.sweptFamilies(oneEach));
        assertEquals(null, StrengthFigure.chart(groups.stream().filter(g -> !g.name().equals("ce")).toList(), new RunColors(groups)));
    }
}
