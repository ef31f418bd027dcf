package digitlab.training.spark;

import digitlab.training.cli.ExperimentCommand;
import digitlab.training.checkpoint.StackCheckpoints;
import digitlab.training.experiment.ExperimentSetup;
import digitlab.training.model.TrainConfig;
import digitlab.training.train.EpochMetrics;
import digitlab.training.train.TrainingJob;
import digitlab.training.train.TrainingListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * One Spark task: rebuilds the experiment from the command's arguments, trains stack {@code index}
 * into its run folders, resuming from the checkpoint an earlier attempt or job left there, and
 * answers one short line per run. Only the arguments and the index travel; the plan is rebuilt,
 * never serialized.
 */
final class StackTask implements Function<Integer, String> {
    private static final long serialVersionUID = 1L;
    /** One job per data and models folder in each executor JVM: the dataset is loaded once, not per task. */
    private static final Map<List<Object>, TrainingJob> JOBS = new ConcurrentHashMap<>();

    private final ArrayList<String> args;
    private final int failOnce;
    private final HashMap<String, String> hadoopSettings;

    /** {@code hadoopSettings}: the job's spark.hadoop.* settings, for a --runs URI. */
    StackTask(List<String> args, int failOnce, Map<String, String> hadoopSettings) {
        this.args = new ArrayList<>(args);
        this.failOnce = failOnce;
        this.hadoopSettings = new HashMap<>(hadoopSettings);
    }

    @Override
    public String call(Integer index) throws IOException {
        ExperimentSetup setup = ExperimentCommand.setup(args);
        List<TrainConfig> stack = setup.stacks().get(index);
        if (setup.remoteRuns() == null) {
            return train(setup, stack, index, () -> {});
        }
        // A --runs URI: train in this attempt's own staging folder, starting from what earlier attempts
        // copied up, and copy up at every checkpoint and when the stack ends.
        try {
            HadoopCopies copies = new HadoopCopies(setup, hadoopSettings);
            copies.download(setup, stack);
            String summary = train(setup, stack, index, () -> copies.upload(setup, stack));
            copies.upload(setup, stack);
            return summary;
        } finally {
            HadoopCopies.deleteStaging(setup);
        }
    }

    private String train(ExperimentSetup setup, List<TrainConfig> stack, int index, StackCheckpoints.AfterWrite afterCheckpoint)
            throws IOException {
        // The driver refused to overwrite before submitting; a retry may replace its own earlier attempt's models.
        TrainingJob job = JOBS.computeIfAbsent(java.util.Arrays.asList(setup.dataDir(), setup.modelsDir(), setup.parallel(),
                setup.checkpoints()), k -> setup.job(true));
        List<String> lines = new ArrayList<>();
        for (TrainingJob.Outcome o : job.runStack(stack, setup::runDir, injectedFailure(index), afterCheckpoint)) {
            lines.add(String.format(Locale.ROOT, "%s test %.2f%%", o.record().config().id(), o.record().last().testAccuracy()));
        }
        return String.join(", ", lines);
    }

    /**
     * Fails the first attempt of stack {@code failOnce} after its second epoch, once metrics.csv holds
     * two rows (and, with {@code --checkpoint-every 1}, a checkpoint after the first to resume from).
     */
    private TrainingListener injectedFailure(int index) {
        TaskContext task = TaskContext.get();
        if (index != failOnce || task == null || task.attemptNumber() > 0) {
            return TrainingListener.NONE;
        }
        return (TrainConfig config, EpochMetrics m) -> {
            if (m.epoch() == 1) {
                throw new IllegalStateException("injected failure of stack " + index + " after epoch " + m.epoch());
            }
        };
    }
}
