package digitlab.training.report;

import digitlab.core.metrics.PairedDifference;
import digitlab.core.reference.ReferenceStudy;
import digitlab.training.regularizer.Regularizers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The short written reading of the results, every sentence computed from the table's numbers:
 * who wins and by how much against the seed-to-seed spread, what the regularizers do to the gap,
 * and where and why we differ from the study. Nothing here is written in advance of the data.
 */
final class Reading {
    private static final double MIN_DROP_POINTS = 0.5;
    private Reading() {}

    static void add(ReportDocument doc, List<RunSummary> all, List<RunOnDisk> runs) {
        List<RunSummary> withData = all.stream().filter(RunSummary::hasData).toList();
        doc.heading(2, "Reading");
        if (withData.isEmpty()) {
            doc.paragraph("No run has recorded an epoch yet, so there is nothing to read.");
            return;
        }
        doc.paragraph("Differences are paired by seed (seed s of every setting starts from the same weights and "
                + "sees the same batches): each comes with the 95% Student-t interval of the mean paired "
                + "difference over the n seeds both settings ran. An interval that holds 0 is **not meaningful**; "
                + "one that excludes it is a clear difference. With a single seed nothing can be judged.");
        List<String> ours = new ArrayList<>();
        ours.addAll(comparabilityNotes(withData));
        ours.add(winner(withData));
        baseline(withData).ifPresent(ce -> ours.addAll(againstBaseline(withData, ce)));
        baseline(withData).ifPresent(ce -> gapNote(withData, ce).ifPresent(ours::add));
        peakNote(withData).ifPresent(ours::add);
        doc.heading(3, "What our runs show");
        doc.bullets(ours);

        List<RunSummary> inStudy = withData.stream()
                .filter(s -> s.study().isPresent() && s.testAtPrinted() != null).toList();
        doc.heading(3, "Against the study (test accuracy at epoch " + ReferenceStudy.PRINTED_EPOCH + ")");
        if (inStudy.isEmpty()) {
            doc.paragraph("No run of the study's grid reached epoch " + ReferenceStudy.PRINTED_EPOCH
                    + " yet, so there is nothing to set beside its printed figures.");
        } else {
            doc.bullets(againstStudy(inStudy));
        }
        doc.heading(3, "Why results may differ from the study");
        doc.bullets(causes(withData, runs));
    }

    private static List<String> comparabilityNotes(List<RunSummary> withData) {
        List<String> notes = new ArrayList<>();
        // settings an epoch rule stopped end where their rule chose, by design
        List<RunSummary> ran = withData.stream().filter(s -> !s.group().stoppedByRule()).toList();
        int minLast = ran.stream().mapToInt(RunSummary::lastEpoch).min().orElse(0);
        int maxLast = ran.stream().mapToInt(RunSummary::lastEpoch).max().orElse(0);
        if (minLast != maxLast) {
            notes.add("The runs' last epochs differ (" + minLast + " to " + maxLast + ") because some are "
                    + "incomplete: their \"last\" figures are not taken at the same point of training.");
        }
        if (withData.stream().allMatch(s -> s.group().runsWithData().size() <= 1)) {
            notes.add("Each setting has a single seed, so no difference below can be told apart from seed noise.");
        }
        return notes;
    }

    private static String winner(List<RunSummary> withData) {
        List<RunSummary> ranked = withData.stream()
                .sorted(Comparator.comparingDouble((RunSummary s) -> s.testLast().mean()).reversed()).toList();
        RunSummary best = ranked.get(0);
        StringBuilder text = new StringBuilder("**" + best.label() + "** has the highest final test accuracy, "
                + best.testLast().format() + " %.");
        if (ranked.size() > 1) {
            RunSummary second = ranked.get(1);
            text.append(" Its lead over the runner-up ").append(second.label()).append(" (")
                    .append(second.testLast().format()).append(" %) is ")
                    .append(test(best, second).describe()).append('.');
            List<String> tied = ranked.stream().skip(1)
                    .filter(s -> test(best, s).verdict() == PairedDifference.Verdict.WITHIN_NOISE)
                    .map(RunSummary::label).toList();
            if (!tied.isEmpty()) {
                text.append(" Not told apart from it: ").append(String.join(", ", tied))
                        .append(tied.size() == ranked.size() - 1 ? " — every other setting." : ".");
            }
            RunSummary worst = ranked.get(ranked.size() - 1);
            text.append(" The lowest is ").append(worst.label()).append(" at ").append(worst.testLast().format())
                    .append(" %.");
        }
        return text.toString();
    }

    /** Final test accuracy of a against b, paired by seed. */
    private static Comparison test(RunSummary a, RunSummary b) {
        return Comparison.ofLast(a, b, Metric.TEST_ACCURACY);
    }

    private static Optional<RunSummary> baseline(List<RunSummary> withData) {
        return withData.stream().filter(s -> s.name().equals(Figures.BASELINE_RUN)).findFirst();
    }

    /** Per family: its best setting against plain CE, plus a count of verdicts over all settings. */
    private static List<String> againstBaseline(List<RunSummary> withData, RunSummary ce) {
        List<String> lines = new ArrayList<>();
        List<RunSummary> others = withData.stream().filter(s -> s != ce).toList();
        for (String family : RunGroups.families(others.stream().map(RunSummary::group).toList())) {
            RunSummary best = others.stream().filter(s -> s.group().family().equals(family))
                    .max(Comparator.comparingDouble(s -> s.testLast().mean())).orElseThrow();
            // a regularizer without a strength (expanded data) has no best strength to name
            boolean oneSetting = Regularizers.ofFamily(family).map(r -> r.strengthFlag() == null).orElse(false);
            String what = "loss".equals(family) ? best.label() + " against CE"
                    : oneSetting ? best.label() + " against plain CE"
                    : Families.shortName(family) + ": the best strength, " + best.label() + ", against plain CE";
            lines.add(what + ": " + test(best, ce).describe() + ".");
        }
        int better = 0;
        int worse = 0;
        int noise = 0;
        for (RunSummary s : others) {
            Comparison c = test(s, ce);
            if (c.verdict() == PairedDifference.Verdict.CLEAR) {
                if (c.difference() > 0) {
                    better++;
                } else {
                    worse++;
                }
            } else {
                noise++;
            }
        }
        if (others.stream().anyMatch(s -> s.testLast().hasStd()) && ce.testLast().hasStd()) {
            lines.add("Of the " + others.size() + " other settings, " + better + " clearly beat plain CE, " + worse
                    + " clearly fall behind it, and " + noise + " cannot be told apart from it (95% paired intervals).");
        }
        return lines;
    }

    private static Optional<String> gapNote(List<RunSummary> withData, RunSummary ce) {
        Optional<RunSummary> narrowest = withData.stream().filter(s -> s != ce)
                .min(Comparator.comparingDouble(s -> s.gapLast().mean()));
        if (narrowest.isEmpty() || narrowest.get().gapLast().mean() >= ce.gapLast().mean()) {
            return Optional.of("No setting ends with a smaller generalization gap than plain CE ("
                    + ce.gapLast().format() + " points).");
        }
        RunSummary n = narrowest.get();
        return Optional.of(n.label() + " ends with the smallest generalization gap, " + n.gapLast().format()
                + " points against plain CE's " + ce.gapLast().format() + " ("
                + Comparison.ofLast(n, ce, Metric.GAP).describe() + "); its test accuracy against CE's: "
                + test(n, ce).describe() + ".");
    }

    /**
     * Runs whose test accuracy peaked earlier and then fell by more than the seed spread:
     * overfitting in time. A moving average first, because the raw peak of a noisy curve always
     * stands above its end, decline or not.
     */
    private static Optional<String> peakNote(List<RunSummary> withData) {
        List<String> fallen = new ArrayList<>();
        for (RunSummary s : withData) {
            int epochs = s.lastEpoch() + 1;
            int window = Math.max(5, epochs / 50);
            if (epochs < 3 * window || !s.testLast().hasStd()) {
                continue;
            }
            double[] smooth = MovingAverage.of(s.group().curve(Metric.TEST_ACCURACY).mean(), epochs, window);
            int peak = 0;
            for (int e = 1; e < smooth.length; e++) {
                peak = smooth[e] > smooth[peak] ? e : peak;
            }
            double drop = smooth[peak] - smooth[smooth.length - 1];
            // Half a point at least: three seeds give a rough std, and a tiny one flags pure wiggle.
            if (drop > Math.max(s.testLast().std(), MIN_DROP_POINTS)) {
                fallen.add(s.label() + " (" + window + "-epoch moving average peaked at " + Numbers.two(smooth[peak])
                        + " % around epoch " + (peak + window - 1) + ", " + Numbers.two(drop) + " points lower at the end)");
            }
        }
        if (fallen.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Test accuracy (smoothed by a moving average of a fiftieth of the run, at least 5 epochs) peaked earlier and then fell by more "
                + "than the final seed std, and by at least " + Numbers.one(MIN_DROP_POINTS) + " points, in: "
                + String.join("; ", fallen) + ". Stopping near the peak would have helped these runs, though "
                + "choosing the epoch on the test set flatters them.");
    }

    private static List<String> againstStudy(List<RunSummary> inStudy) {
        List<String> lines = new ArrayList<>();
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (RunSummary s : inStudy) {
            double diff = s.testAtPrinted().mean() - s.study().get().printedTestPercent();
            sum += diff;
            min = Math.min(min, diff);
            max = Math.max(max, diff);
        }
        double meanDiff = sum / inStudy.size();
        lines.add("Over the " + inStudy.size() + " settings both have, our test accuracy at epoch "
                + ReferenceStudy.PRINTED_EPOCH + " is on average " + Numbers.two(Math.abs(meanDiff)) + " points "
                + (meanDiff >= 0 ? "above" : "below") + " the study's (per setting from " + Numbers.signed(min)
                + " to " + Numbers.signed(max) + ").");
        RunSummary studyBest = inStudy.stream()
                .max(Comparator.comparingDouble(s -> s.study().get().printedTestPercent())).orElseThrow();
        List<RunSummary> ourRanking = inStudy.stream()
                .sorted(Comparator.comparingDouble((RunSummary s) -> s.testAtPrinted().mean()).reversed()).toList();
        RunSummary ourBest = ourRanking.get(0);
        lines.add("The study's best, " + studyBest.label() + " (" + Numbers.two(studyBest.study().get()
                .printedTestPercent()) + " %), " + (ourBest == studyBest ? "is also ours at that epoch ("
                + ourBest.testAtPrinted().format() + " %)." : "ranks " + (ourRanking.indexOf(studyBest) + 1) + " of "
                + inStudy.size() + " here; our best at that epoch is " + ourBest.label() + " ("
                + ourBest.testAtPrinted().format() + " %)."));
        if (inStudy.size() >= 3) {
            lines.add("Rank agreement with the study (Spearman ρ over the " + inStudy.size() + " settings): "
                    + Numbers.two(Ranks.spearman(inStudy.stream().mapToDouble(s -> s.study().get().printedTestPercent())
                    .toArray(), inStudy.stream().mapToDouble(s -> s.testAtPrinted().mean()).toArray()))
                    + " (1 = same order, 0 = unrelated).");
        }
        inStudy.stream().filter(s -> s.name().equals(Figures.BASELINE_RUN)).findFirst()
                .ifPresent(ce -> lines.addAll(directionAgainstCe(inStudy, ce)));
        return lines;
    }

    /** Where the study's "better/worse than CE" is not what our seeds show. */
    private static List<String> directionAgainstCe(List<RunSummary> inStudy, RunSummary ce) {
        List<String> lines = new ArrayList<>();
        double studyCe = ce.study().get().printedTestPercent();
        for (RunSummary s : inStudy) {
            if (s == ce) {
                continue;
            }
            double studyDiff = s.study().get().printedTestPercent() - studyCe;
            Comparison ours = Comparison.of(s.group(), ce.group(), Metric.TEST_ACCURACY, ReferenceStudy.PRINTED_EPOCH);
            boolean opposite = ours.verdict() == PairedDifference.Verdict.CLEAR
                    && Math.signum(ours.difference()) != Math.signum(studyDiff);
            // the study's difference lies outside our interval, which holds 0
            boolean notReproduced = ours.verdict() == PairedDifference.Verdict.WITHIN_NOISE && Math.abs(studyDiff) > ours.halfWidth()
                    + Math.abs(ours.difference());
            if (opposite || notReproduced) {
                lines.add(s.label() + ": the study has it " + Numbers.signed(studyDiff) + " points from CE, we have "
                        + ours.describe() + (opposite ? " — the opposite direction." : " — not reproduced."));
            }
        }
        if (lines.isEmpty()) {
            lines.add("No setting contradicts the study's direction against CE beyond our paired 95% intervals"
                    + (ce.testAtPrinted().hasStd() ? "." : " (with a single seed we cannot judge)."));
        }
        return lines;
    }

    private static List<String> causes(List<RunSummary> withData, List<RunOnDisk> runs) {
        List<String> causes = new ArrayList<>();
        String scaling = ProtocolSection.distinct(runs, r -> r.config().pixelScaling());
        if (!"RAW".equals(scaling)) {
            causes.add("Pixel scaling: our runs used " + ProtocolSection.distinct(runs,
                    r -> ProtocolSection.scaling(r.config().pixelScaling())) + ", the study raw 0–255. With the "
                    + "same learning rate, 0–255 inputs make the first layer's gradients up to 255× larger, and "
                    + "they change how strong a given λ is relative to the data loss.");
        }
        causes.add("Activation and initialisation: the study does not give them; ours are "
                + ProtocolSection.distinct(runs, r -> r.config().activation()) + " and "
                + ProtocolSection.distinct(runs, r -> r.config().init()) + ". Either changes how fast the "
                + "network learns and where it ends up.");
        causes.add("The study's `train()` code is not in its document, so how it averaged its losses and scaled "
                + "its penalties (for instance whether λ was divided by the training-set size, a factor of "
                + ProtocolSection.distinct(runs, r -> r.dataset().trainSize()) + " here) is unknown; ours are stated above.");
        double medianStd = median(withData.stream().filter(s -> s.testLast().hasStd())
                .mapToDouble(s -> s.testLast().std()).toArray());
        if (!Double.isNaN(medianStd)) {
            Optional<ReferenceStudy.Setting> ce = ReferenceStudy.byName(Figures.BASELINE_RUN);
            long small = ReferenceStudy.GRID.stream().filter(s -> ce.isPresent() && s != ce.get())
                    .filter(s -> Math.abs(s.printedTestPercent() - ce.get().printedTestPercent()) < medianStd).count();
            causes.add("One seed in the study: our median seed-to-seed std of final test accuracy is "
                    + Numbers.two(medianStd) + " points, and " + small + " of the study's "
                    + (ReferenceStudy.GRID.size() - 1) + " differences from CE " + (small == 1 ? "is" : "are")
                    + " smaller than that" + (small == 0 ? "." : ", so there its ranking may be seed noise."));
        } else {
            causes.add("One seed in the study, and one here: neither side can separate small differences from "
                    + "seed noise.");
        }
        if (runs.stream().anyMatch(r -> !r.isComplete())) {
            causes.add("Some of our runs are incomplete; their figures may still move.");
        }
        return causes;
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
