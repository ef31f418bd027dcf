package digitlab.training.report;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ExperimentReport#write} produced, all inside the experiment folder, and the per-run
 * summaries its table shows (for the command line to print the same figures).
 */
public record ReportFiles(Path markdown, Path html, List<Path> figures, List<RunSummary> summaries) {
    public ReportFiles {
        figures = List.copyOf(figures);
        summaries = List.copyOf(summaries);
    }
}
