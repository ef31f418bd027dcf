package digitlab.training.report;

import digitlab.core.reference.ReferenceStudy;
import java.util.ArrayList;
import java.util.List;

/** The table of final figures per run name, beside the study's printed ones, and its footnotes. */
final class ResultsTable {
    static final List<String> HEADERS = List.of("Run", "Name", "Seeds", "Epochs", "Test % last", "Train % last",
            "Gap pp last", "Test % @" + ReferenceStudy.PRINTED_EPOCH, "Best test % (epoch)",
            "Study @" + ReferenceStudy.PRINTED_EPOCH + ": test % (train %)");
    private static final boolean[] NUMERIC = {false, false, true, true, true, true, true, true, true, true};

    private ResultsTable() {}

    static void add(ReportDocument doc, List<RunSummary> summaries) {
        doc.heading(2, "Results");
        doc.paragraph("Mean ± std over seeds (sample std, n − 1). **Epochs** counts the epochs every seed of the run "
                + "reached and **last** is the last of them; **best** is the peak of the mean test curve up to that "
                + "epoch. Epochs count from 0 as in `metrics.csv`, so @" + ReferenceStudy.PRINTED_EPOCH
                + " is the row with epoch " + ReferenceStudy.PRINTED_EPOCH + ". The study's column is its printed single-seed figures; blank "
                + "where it had no such run.");
        List<List<String>> rows = new ArrayList<>();
        for (RunSummary s : summaries) {
            rows.add(row(s));
        }
        doc.table(HEADERS, rows, NUMERIC);
        doc.bullets(notes(summaries));
    }

    static List<String> row(RunSummary s) {
        SeedGroup g = s.group();
        String name = "`" + g.name() + "`";
        String seeds = String.valueOf(g.runsWithData().size());
        if (!s.hasData()) {
            return List.of(g.label(), name, seeds, "none recorded", "", "", "", "", "", study(s));
        }
        String epochs = (s.lastEpoch() + 1) + (g.isComplete() ? "" : " (incomplete)");
        String atPrinted = s.testAtPrinted() == null ? "" : s.testAtPrinted().format()
                + (s.testAtPrinted().n() < g.runsWithData().size() ? " (n=" + s.testAtPrinted().n() + ")" : "");
        return List.of(g.label(), name, seeds, epochs, s.testLast().format(), s.trainLast().format(),
                s.gapLast().format(), atPrinted, s.bestTest().format() + " (" + s.bestEpoch() + ")", study(s));
    }

    /** As the study printed it: "77.15 (98.1)". */
    private static String study(RunSummary s) {
        return s.study().map(st -> Numbers.two(st.printedTestPercent()) + " (" + Numbers.one(st.printedTrainPercent())
                + ")").orElse("");
    }

    /** One line per run that is incomplete or damaged, naming the seed and what is wrong. */
    static List<String> notes(List<RunSummary> summaries) {
        List<String> notes = new ArrayList<>();
        for (RunSummary s : summaries) {
            for (RunOnDisk run : s.group().runs()) {
                if (run.isComplete()) {
                    continue;
                }
                StringBuilder note = new StringBuilder("`" + run.id() + "` is **incomplete**: " + run.epochsDone()
                        + " of " + run.epochsPlanned() + " epochs recorded");
                if (!run.finished() && run.problems().stream().noneMatch(p -> p.startsWith(RunFolderReader.RUN_JSON))) {
                    note.append(", run.json says not finished");
                }
                run.problems().forEach(p -> note.append("; ").append(p));
                if (run.epochsDone() > 0 && run.epochsDone() < s.group().maxEpochs()) {
                    note.append(", so the `").append(s.name()).append("` row's last epoch is ").append(s.lastEpoch())
                            .append(" and its curves rest on fewer seeds after that");
                }
                notes.add(note.toString());
            }
        }
        return notes;
    }
}
