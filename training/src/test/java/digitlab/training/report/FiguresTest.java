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
}
