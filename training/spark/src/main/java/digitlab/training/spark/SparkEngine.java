package digitlab.training.spark;

import digitlab.training.experiment.ExperimentEngine;
import digitlab.training.experiment.ExperimentSetup;
import digitlab.training.model.TrainConfig;
import digitlab.training.train.TrainingListener;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code --engine spark}: one Spark task per stack. The driver plans, refuses to overwrite before
 * submitting anything, sends each task the command's arguments and a stack index, watches the run
 * folders for progress and collects one line per run; the command then writes experiment.json and
 * the report from the run folders, as with the thread engine.
 */
public final class SparkEngine implements ExperimentEngine {
    /** Test hook: the stack index whose first attempt fails after its second epoch (a retry must mend it). */
    static final String FAIL_ONCE_PROPERTY = "digitlab.spark.failOnce";

    static {
        SparkLogging.quiet();
    }

    /** The job's spark.hadoop.* settings (credentials, endpoints), read once. */
    private Map<String, String> hadoopSettings;

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public void check(ExperimentSetup setup) {
        if (Runtime.version().feature() > 21) {
            // Measured: Java 25 fails in Hadoop's user code; Spark 4.0 supports 17 and 21.
            throw new IllegalArgumentException("The Spark engine runs on Java 17 or 21, not " + Runtime.version().feature()
                    + ": set JAVA_HOME to a JDK 17");
        }
        SparkSettings.of(setup); // a missing master, before anything is printed
    }

    @Override
    public void train(ExperimentSetup setup, List<Integer> stackIndices, TrainingListener progress) throws IOException {
        check(setup);
        List<TrainConfig> runs = stackIndices.stream().flatMap(i -> setup.stacks().get(i).stream()).toList();
        if (stackIndices.isEmpty()) {
            return;
        }
        SparkConf conf = SparkSettings.of(setup);
        List<String> taskArgs = SparkSettings.taskArgs(setup, conf.get("spark.master"));
        int failOnce = Integer.getInteger(FAIL_ONCE_PROPERTY, -1);
        try (JavaSparkContext sc = new JavaSparkContext(conf);
                ProgressWatch watch = new ProgressWatch(setup, runs, progress)) {
            FailedAttempts failed = FailedAttempts.listenTo(sc);
            List<String> summaries = sc.parallelize(stackIndices, stackIndices.size())
                    .map(new StackTask(taskArgs, failOnce, hadoop(setup)))
                    .collect();
            if (setup.remoteRuns() != null) {
                new HadoopCopies(setup, hadoop(setup)).download(setup, runs); // the report is written from local folders
            }
            watch.pollOnce();
            if (failed.count() > 0) {
                System.err.println("Spark: " + failed.count() + " task attempt(s) failed and were retried: " + failed.reasons());
            }
            System.err.println("Spark (" + sc.master() + "): " + summaries.size() + " stacks done; "
                    + String.join("; ", summaries));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            // collect() throws Scala's SparkException, checked in Java but undeclared.
            throw new IOException("The Spark job failed: " + rootMessage(e), e);
        }
    }

    /** A --runs URI: the plan's run folders already there come down to the staging folder, to be surveyed and reported. */
    @Override
    public void gather(ExperimentSetup setup) throws IOException {
        if (setup.remoteRuns() != null) {
            new HadoopCopies(setup, hadoop(setup)).download(setup, setup.plan().runs());
        }
    }

    @Override
    public void discard(ExperimentSetup setup, List<TrainConfig> runs) throws IOException {
        ExperimentEngine.super.discard(setup, runs);
        if (setup.remoteRuns() != null) {
            new HadoopCopies(setup, hadoop(setup)).clear(runs);
        }
    }

    @Override
    public void publish(ExperimentSetup setup) throws IOException {
        if (setup.remoteRuns() != null) {
            new HadoopCopies(setup, hadoop(setup)).uploadReport(setup);
            HadoopCopies.deleteStaging(setup);
            System.err.println("Copied the runs and the report to " + setup.remoteRuns());
        }
    }

    private Map<String, String> hadoop(ExperimentSetup setup) {
        if (hadoopSettings == null) {
            hadoopSettings = SparkSettings.hadoop(SparkSettings.of(setup));
        }
        return hadoopSettings;
    }

    /** Spark puts a failed task's exception into its message, stack trace and all: keep the first line. */
    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.lines().findFirst().orElse("").replace("Job aborted due to stage failure: ", "").strip();
    }
}
