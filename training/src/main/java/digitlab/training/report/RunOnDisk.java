package digitlab.training.report;

import digitlab.training.train.EpochMetrics;
import digitlab.training.train.RunFile;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything the report knows about one trained run (one seed of one setting), read from its
 * folder, damaged or not: a per-seed fact sheet, where {@link RunSummary} is a setting's row over
 * its seeds. {@code problems} lists, in plain words, what was missing or damaged on disk.
 *
 * @param name the setting's run name without the seed, e.g. {@code ce-l2-0.01}
 * @param family {@code loss}, {@code l1}, {@code l2}, {@code dropout} (or what the trainer wrote)
 * @param finished what {@code run.json} says; false when it is missing
 * @param rows the epochs in metrics.csv: what a killed run did, whatever its run.json says
 * @param msPerEpoch null when not recorded
 * @param keptEpoch the epoch whose weights a finished run kept (run.json's {@code final}), null when not recorded
 * @param calibration the kept epoch's calibration on the test split, null when not recorded
 */
public record RunOnDisk(Path dir, String id, String name, String family, int seed, RunConfig config,
        RunFile.Dataset dataset, boolean finished, Double msPerEpoch, Long trainingMillis,
        List<EpochMetrics> rows, List<String> problems, Integer keptEpoch, RunFile.Calibration calibration) {

    public RunOnDisk {
        rows = List.copyOf(rows);
        problems = List.copyOf(problems);
    }

    public int epochsDone() {
        return rows.size();
    }

    /** The epochs the run was meant to train, or what it did when the plan is not recorded. */
    public int epochsPlanned() {
        return config.epochs() != null ? config.epochs() : rows.size();
    }

    /** Finished by its own account, all planned epochs on disk (or stopped by its epoch rule), nothing damaged. */
    public boolean isComplete() {
        return finished && !rows.isEmpty() && (rows.size() >= epochsPlanned() || stoppedByRule()) && problems.isEmpty();
    }

    /**
     * A finished run whose epoch rule (early stopping) stopped it before its planned epochs or kept
     * an earlier epoch than its last: its figures are the kept epoch's, not the last one's.
     */
    public boolean stoppedByRule() {
        return finished && keptEpoch != null && keptEpoch < rows.size()
                && (rows.size() < epochsPlanned() || keptEpoch < rows.size() - 1);
    }

    /** The row of the run's model: the kept epoch's for a run stopped by its rule, else the row of {@code epoch}. */
    public EpochMetrics outcomeAt(int epoch) {
        return stoppedByRule() ? rows.get(keptEpoch) : rows.get(epoch);
    }

    public EpochMetrics last() {
        return rows.isEmpty() ? null : rows.get(rows.size() - 1);
    }
}
