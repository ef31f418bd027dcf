package digitlab.training.report;

import digitlab.training.regularizer.Regularizers;
import digitlab.training.train.EpochMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * What early stopping chose, seed by seed: how long each run trained, which epoch it kept and that
 * epoch's validation and test accuracy. The rule itself is stated once, from the regularizer.
 */
final class EarlyStoppingSection {
    private EarlyStoppingSection() {}

    static void add(ReportDocument doc, List<SeedGroup> groups) {
        String family = Regularizers.EARLY_STOP.family();
        List<SeedGroup> stopping = groups.stream().filter(g -> g.family().equals(family) && !g.runsWithData().isEmpty())
                .toList();
        if (stopping.isEmpty()) {
            return;
        }
        doc.heading(3, "Early stopping");
        doc.paragraph("After every epoch the run is measured on a validation set: the last "
                + Regularizers.EARLY_STOP.validationImages() + " images of the training file, which it never trains "
                + "on (the study's training images are the first 1000, the test images another file). The epoch with "
                + "the highest validation accuracy so far is kept (a tie is no improvement), and the run stops once "
                + "`patience` epochs in a row have not beaten it; its exported model is the kept epoch's, and its "
                + "figures above are that epoch's. The validation accuracy of every epoch is the `val_acc` column of "
                + "its `metrics.csv`.");
        List<String> lines = new ArrayList<>();
        for (SeedGroup g : stopping) {
            for (RunOnDisk run : g.runsWithData()) {
                StringBuilder line = new StringBuilder("`" + run.id() + "`: ");
                if (run.keptEpoch() == null || run.keptEpoch() >= run.rows().size()) {
                    line.append(run.epochsDone()).append(" epochs so far, no epoch kept yet");
                } else {
                    EpochMetrics kept = run.rows().get(run.keptEpoch());
                    line.append(run.stoppedByRule() || run.epochsDone() < run.epochsPlanned()
                            ? "stopped after " + run.epochsDone() + " of " + run.epochsPlanned() + " epochs"
                            : "trained all " + run.epochsDone() + " epochs").append(", kept epoch ").append(kept.epoch())
                            .append(": validation ").append(kept.hasValidation() ? Numbers.two(kept.validationAccuracy()) + " %" : "not recorded")
                            .append(", test ").append(Numbers.two(kept.testAccuracy())).append(" %");
                }
                lines.add(line.toString());
            }
        }
        doc.bullets(lines);
    }
}
