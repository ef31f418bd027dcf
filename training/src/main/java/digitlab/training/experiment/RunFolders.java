package digitlab.training.experiment;

import digitlab.training.model.TrainConfig;
import digitlab.training.train.MetricsCsv;
import digitlab.training.train.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the run folders on disk say about a plan: whether {@code --report-only} may write the report. */
public final class RunFolders {
    private RunFolders() {}

    /** Fails with one sentence naming the runs of the plan that have not finished (missing, or cut short). */
    public static void requireFinished(ExperimentSetup setup) throws IOException {
        List<String> unfinished = new ArrayList<>();
        for (TrainConfig run : setup.plan().runs()) {
            if (!finished(setup.runDir(run), run)) {
                unfinished.add(run.id());
            }
        }
        if (!unfinished.isEmpty()) {
            throw new IOException(unfinished.size() + " of " + setup.plan().runs().size() + " runs in "
                    + setup.experimentDir() + " have not finished (" + String.join(", ", unfinished.subList(0, Math.min(3, unfinished.size())))
                    + (unfinished.size() > 3 ? ", ..." : "") + "): run the missing shards first");
        }
    }

    /**
     * A run is finished when its run.json says so and its metrics.csv holds every epoch it trained:
     * all of them, or fewer when its epoch rule stopped it (early stopping).
     */
    static boolean finished(Path runDir, TrainConfig run) throws IOException {
        if (!Files.isRegularFile(runDir.resolve(RunRecord.FILE_NAME))) {
            return false;
        }
        RunRecord record = RunRecord.read(runDir);
        int rows = MetricsCsv.read(runDir).rows().size();
        return record.finished() && rows == record.epochsDone()
                && (rows == run.epochs() || run.regularizer().epochRule(run) != digitlab.training.regularizer.EpochRule.EVERY_EPOCH);
    }
}
