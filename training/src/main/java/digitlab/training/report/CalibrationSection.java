package digitlab.training.report;

import digitlab.core.metrics.MeanStd;
import digitlab.core.metrics.PairedDifference;
import digitlab.training.train.RunFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * How far each setting's probabilities can be trusted: the expected calibration error and the mean
 * negative log-likelihood its runs recorded at the end of training (the kept epoch, on the test
 * split), mean ± std over seeds, and each against plain CE paired by seed as accuracy is.
 */
final class CalibrationSection {
    private static final List<String> HEADERS = List.of("Run", "Seeds", "ECE % (15 bins)", "NLL (nats)",
            "ECE − plain CE", "NLL − plain CE");
    private static final boolean[] NUMERIC = {false, true, true, true, false, false};

    private CalibrationSection() {}

    static void add(ReportDocument doc, List<SeedGroup> groups) {
        List<SeedGroup> measured = groups.stream().filter(g -> !calibrated(g).isEmpty()).toList();
        if (measured.isEmpty()) {
            return;
        }
        SeedGroup ce = measured.stream().filter(g -> g.name().equals(Figures.BASELINE_RUN)).findFirst().orElse(null);
        doc.heading(3, "Calibration");
        doc.paragraph("Each run's test probabilities at the epoch it kept, judged as the server judges them: the expected "
                + "calibration error (ECE: over 15 equal-width bins of the top probability, each bin's share of the test "
                + "images times |its accuracy − its mean confidence|, in percentage points; 0 is perfect) and the mean "
                + "negative log-likelihood of the true digit (NLL, nats; lower is better). Differences against plain CE "
                + "are paired by seed with their 95% Student-t interval, lower being better for both.");
        List<List<String>> rows = new ArrayList<>();
        for (SeedGroup g : measured) {
            List<RunOnDisk> runs = calibrated(g);
            rows.add(List.of(g.label(), String.valueOf(runs.size()),
                    MeanStd.of(runs.stream().mapToDouble(r -> r.calibration().ecePercent()).toArray()).format(),
                    format(MeanStd.of(runs.stream().mapToDouble(r -> r.calibration().nll()).toArray())),
                    ce == null || g == ce ? "" : paired(g, ce, RunFile.Calibration::ecePercent).describe(),
                    ce == null || g == ce ? "" : nats(paired(g, ce, RunFile.Calibration::nll))));
        }
        doc.table(HEADERS, rows, NUMERIC);
    }

    private static List<RunOnDisk> calibrated(SeedGroup g) {
        return g.runsWithData().stream().filter(r -> r.calibration() != null).toList();
    }

    /** a minus b, seed by seed, over the seeds both recorded. */
    static PairedDifference paired(SeedGroup a, SeedGroup b, ToDoubleFunction<RunFile.Calibration> figure) {
        List<Double> differences = new ArrayList<>();
        for (RunOnDisk ra : calibrated(a)) {
            for (RunOnDisk rb : calibrated(b)) {
                if (ra.seed() == rb.seed()) {
                    differences.add(figure.applyAsDouble(ra.calibration()) - figure.applyAsDouble(rb.calibration()));
                }
            }
        }
        return PairedDifference.of(differences.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** As {@link PairedDifference#describe()}, in nats with three decimals (NLLs differ by hundredths). */
    private static String nats(PairedDifference d) {
        String value = String.format(Locale.ROOT, "%+.3f nats", d.mean());
        return switch (d.verdict()) {
            case NO_SPREAD -> value + ", one paired seed: cannot judge";
            case WITHIN_NOISE, CLEAR -> value + String.format(Locale.ROOT, " (95%% interval %+.3f to %+.3f, %d seeds)",
                    d.low(), d.high(), d.n()) + (d.verdict() == PairedDifference.Verdict.CLEAR ? ": clear" : ": not meaningful");
        };
    }

    private static String format(MeanStd m) {
        return m.hasStd() ? String.format(Locale.ROOT, "%.3f ± %.3f", m.mean(), m.std()) : String.format(Locale.ROOT, "%.3f", m.mean());
    }
}
