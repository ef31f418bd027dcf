package digitlab.training.report;

import java.nio.file.Path;
import java.util.List;

/** What {@link ExperimentReport#write} produced, all inside the experiment folder. */
public record ReportFiles(Path markdown, Path html, List<Path> figures) {
    public ReportFiles {
        figures = List.copyOf(figures);
    }
}
