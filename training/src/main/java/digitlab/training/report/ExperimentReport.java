package digitlab.training.report;

import digitlab.training.files.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The plots and report of one experiment folder ({@code runs/<experiment>/}). Everything is read
 * from disk, so the trainer can call this at the end of an experiment, and anyone can call it
 * again on a folder that is still being written: unfinished runs are drawn and marked incomplete.
 *
 * <p>Writes {@code fig-<family>.png}, {@code fig-test-all.png}, {@code report.md} and a
 * self-contained {@code report.html} into the folder, replacing earlier versions.
 */
public final class ExperimentReport {
    public static final String MARKDOWN_FILE = "report.md";
    public static final String HTML_FILE = "report.html";

    private ExperimentReport() {}

    public static ReportFiles write(Path experimentDir) throws IOException {
        // Charts are drawn off-screen; without this a server with no display fails in AWT.
        System.setProperty("java.awt.headless", "true");
        Experiment experiment = Experiment.read(experimentDir);
        List<SeedGroup> groups = RunGroups.of(experiment.runs());
        List<RunSummary> summaries = RunSummary.of(groups);
        List<Figures.Figure> figures = Figures.write(experimentDir, groups);
        ReportDocument doc = build(experiment, groups, summaries, figures);
        Path markdown = writeAtomically(experimentDir.resolve(MARKDOWN_FILE), MarkdownRenderer.render(doc));
        Path html = writeAtomically(experimentDir.resolve(HTML_FILE), HtmlRenderer.render(doc, experimentDir));
        return new ReportFiles(markdown, html, figures.stream().map(Figures.Figure::file).toList(), summaries);
    }

    static ReportDocument build(Experiment experiment, List<SeedGroup> groups, List<RunSummary> summaries,
            List<Figures.Figure> figures) {
        ReportDocument doc = new ReportDocument("digit-lab experiment “" + experiment.name()
                + "”: regularizers for a small-data MNIST MLP");
        doc.paragraph("A reproduction of the reference study's Problem 4: an MLP trained on a deliberately small "
                + "MNIST split, comparing cross-entropy with MSE and adding L1, L2 or dropout. Our figures are set "
                + "beside the study's printed ones.");
        ProtocolSection.add(doc, experiment, groups);
        FormulasSection.add(doc);
        ResultsTable.add(doc, summaries);
        EarlyStoppingSection.add(doc, groups);
        CalibrationSection.add(doc, groups);
        doc.heading(2, "Figures");
        if (figures.isEmpty()) {
            doc.paragraph("No run has recorded an epoch yet, so there are no figures.");
        }
        for (Figures.Figure figure : figures) {
            doc.image(figure.file().getFileName().toString(), figure.title(), figure.caption());
        }
        Reading.add(doc, summaries, experiment.runs());
        return doc;
    }

    private static Path writeAtomically(Path file, String text) throws IOException {
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        return file;
    }
}
