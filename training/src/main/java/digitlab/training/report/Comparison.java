package digitlab.training.report;

import digitlab.core.metrics.PairedDifference;
import java.util.ArrayList;
import java.util.List;

/**
 * Two settings compared seed by seed: seed s of both starts from the same weights and sees the same
 * batches, so their difference on seed s is the regularizer's effect plus that seed's own noise.
 * The maths (mean paired difference, 95% Student-t interval, verdict, wording) is core's
 * {@link PairedDifference}, which the server's leaderboard uses too; this class finds the pairs.
 *
 * @param difference mean over seeds of (a - b), in points
 * @param halfWidth half the width of the 95% interval of that mean; NaN for fewer than 2 seeds
 * @param n seeds both settings ran
 */
public record Comparison(double difference, double halfWidth, int n) {

    /** {@code metric} of a against b at zero-based {@code epoch}, over the seeds both reached it with. */
    public static Comparison of(SeedGroup a, SeedGroup b, Metric metric, int epoch) {
        return paired(a, b, epoch, false, metric);
    }

    /**
     * The two summaries' final figures, at the last epoch both reached; a run stopped by its epoch
     * rule (early stopping) counts with its kept epoch's figures, the ones its model has.
     */
    public static Comparison ofLast(RunSummary a, RunSummary b, Metric metric) {
        // a setting stopped by its rule counts with its kept epochs, so it does not hold the other back
        int epoch = a.group().stoppedByRule() ? b.lastEpoch()
                : b.group().stoppedByRule() ? a.lastEpoch() : Math.min(a.lastEpoch(), b.lastEpoch());
        return paired(a.group(), b.group(), epoch, true, metric);
    }

    private static Comparison paired(SeedGroup a, SeedGroup b, int epoch, boolean outcomes, Metric metric) {
        List<Double> differences = new ArrayList<>();
        for (RunOnDisk ra : a.runsWithData()) {
            for (RunOnDisk rb : b.runsWithData()) {
                if (ra.seed() == rb.seed() && reaches(ra, epoch, outcomes) && reaches(rb, epoch, outcomes)) {
                    differences.add(outcomes ? metric.of(ra.outcomeAt(epoch)) - metric.of(rb.outcomeAt(epoch))
                            : metric.of(ra.rows().get(epoch)) - metric.of(rb.rows().get(epoch)));
                }
            }
        }
        return ofDifferences(differences.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static boolean reaches(RunOnDisk run, int epoch, boolean outcomes) {
        return run.rows().size() > epoch || outcomes && run.stoppedByRule();
    }

    static Comparison ofDifferences(double... d) {
        PairedDifference paired = PairedDifference.of(d);
        return new Comparison(paired.mean(), paired.halfWidth(), paired.n());
    }

    private PairedDifference paired() {
        return new PairedDifference(difference, halfWidth, n);
    }

    public PairedDifference.Verdict verdict() {
        return paired().verdict();
    }

    /** "+1.90 points (95% interval +1.20 to +2.60, paired over 3 seeds): a clear difference". */
    public String describe() {
        return paired().describe();
    }
}
