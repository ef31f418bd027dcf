package digitlab.training.experiment;

import digitlab.training.checkpoint.CheckpointPolicy;
import digitlab.training.model.TrainConfig;
import digitlab.training.train.TrainingJob;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * One experiment as its command's arguments describe it: the plan cut into stacks, and the folders.
 * Every engine works from this. A shard or a Spark task rebuilds it from the same arguments
 * (ExperimentCommand.setup), so only the arguments and a stack index travel, never the plan.
 *
 * @param experimentDir where the run folders are written: {@code --runs}/NAME, or a local staging
 *                      folder when {@code --runs} is a URI
 * @param remoteRuns    the URI {@code --runs} names ({@link RunsLocation}), or null for a folder
 * @param modelsDir     where models are exported, or null for {@code --no-export}
 * @param master        the Spark master URL given with {@code --master}, or null
 * @param checkpoints   how often each stack saves its state to resume from
 */
public record ExperimentSetup(List<String> args, ExperimentPlan plan, List<List<TrainConfig>> stacks,
        Path experimentDir, URI remoteRuns, Path dataDir, Path modelsDir, boolean replace, int parallel, String master,
        CheckpointPolicy checkpoints) {

    public ExperimentSetup {
        args = List.copyOf(args);
        stacks = List.copyOf(stacks);
    }

    public Path runDir(TrainConfig run) {
        return experimentDir.resolve(run.id());
    }

    /** A job over this setup's folders; {@code replace} says whether existing model files may be overwritten. */
    public TrainingJob job(boolean replace) {
        return new TrainingJob(dataDir, modelsDir, replace, parallel, checkpoints);
    }

    /** The epochs of the stacks with these indices, all runs counted: what a progress bar counts to. */
    public long epochsOf(List<Integer> stackIndices) {
        return stackIndices.stream().flatMap(i -> stacks.get(i).stream()).mapToLong(TrainConfig::epochs).sum();
    }
}
