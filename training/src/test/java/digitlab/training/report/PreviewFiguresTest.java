package digitlab.training.report;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PreviewFiguresTest {
    @Test
    void preview() throws Exception {
        Path dir = Path.of("/tmp/report-preview");
        Files.createDirectories(dir);
        SyntheticRuns.writeGrid(dir, 3, 1000);
        Figures.write(dir, RunGroups.of(Experiment.read(dir).runs()));
    }
}
