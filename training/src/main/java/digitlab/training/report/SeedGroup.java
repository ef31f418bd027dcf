package digitlab.training.report;

import digitlab.core.metrics.MeanStd;
import java.util.List;

/** All seeds of one run name, e.g. {@code ce-l2-0.01-s0..s2}: the unit the report compares. */
public record SeedGroup(String name, String family, String label, List<RunOnDisk> runs) {

    public SeedGroup {
        runs = List.copyOf(runs);
    }

    /** Runs that recorded at least one epoch; only these can be plotted or averaged. */
    public List<RunOnDisk> runsWithData() {
        return runs.stream().filter(r -> !r.rows().isEmpty()).toList();
    }

    /** Epochs every seed with data reached: the last epoch at which all of them can be compared. */
    public int commonEpochs() {
        return runsWithData().stream().mapToInt(RunOnDisk::epochsDone).min().orElse(0);
    }

    public int maxEpochs() {
        return runs.stream().mapToInt(RunOnDisk::epochsDone).max().orElse(0);
    }

    public boolean isComplete() {
        return !runs.isEmpty() && runs.stream().allMatch(RunOnDisk::isComplete);
    }

    /** Whether a seed was stopped by its epoch rule (early stopping), so its model is not its last epoch's. */
    public boolean stoppedByRule() {
        return runsWithData().stream().anyMatch(RunOnDisk::stoppedByRule);
    }

    /**
     * The metric's mean and std over the seeds' models at zero-based {@code epoch}: each seed's row
     * at that epoch, or its kept epoch's when its rule stopped it ({@link RunOnDisk#outcomeAt}).
     */
    public MeanStd outcome(Metric metric, int epoch) {
        return MeanStd.of(runsWithData().stream().mapToDouble(r -> metric.of(r.outcomeAt(epoch))).toArray());
    }

    /** The metric's per-epoch mean and std over the seeds that reached each epoch. */
    public MeanCurve curve(Metric metric) {
        int length = maxEpochs();
        double[] mean = new double[length];
        double[] std = new double[length];
        int[] n = new int[length];
        List<RunOnDisk> withData = runsWithData();
        for (int e = 0; e < length; e++) {
            final int epoch = e;
            double[] values = withData.stream().filter(r -> r.epochsDone() > epoch)
                    .mapToDouble(r -> metric.of(r.rows().get(epoch))).toArray();
            MeanStd stats = MeanStd.of(values);
            mean[e] = stats.mean();
            std[e] = stats.std();
            n[e] = stats.n();
        }
        return new MeanCurve(metric, mean, std, n);
    }
}
