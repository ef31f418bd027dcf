package digitlab.training.spark;

import digitlab.core.cli.UsageException;
import digitlab.training.experiment.ExperimentSetup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.apache.spark.SparkConf;

/** The Spark configuration an experiment runs with, and the arguments its tasks receive. */
final class SparkSettings {
    private SparkSettings() {}

    static SparkConf of(ExperimentSetup setup) {
        // Loads spark.* system properties, so spark-submit's --master and --conf are kept.
        SparkConf conf = new SparkConf().setAppName("digit-lab experiment " + setup.plan().name());
        if (setup.master() != null) {
            conf.setMaster(setup.master());
        }
        if (!conf.contains("spark.master")) {
            throw new UsageException("--engine spark needs --master URL (e.g. local[2]), or spark-submit's --master");
        }
        // A stack is one single-threaded SameDiff training: one core per task, one task per stack.
        conf.setIfMissing("spark.task.cpus", "1");
        // A speculative copy would train a stack twice into the same run folders.
        conf.set("spark.speculation", "false");
        String master = conf.get("spark.master");
        if (isLocal(master)) {
            conf.setIfMissing("spark.ui.enabled", "false");
            // Everything runs on this machine: keep Spark's RPC on loopback.
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        if (!master.equals("local") && !master.startsWith("local[")) {
            // Several JVMs on one node unpacking ND4J's natives into one JavaCPP cache can race; a
            // relative folder lands in each executor's own working directory.
            conf.setIfMissing("spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.cachedir=javacpp-cache");
        }
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        if (coreType != null) {
            // The same BLAS kernel as the driver, so a run's numbers do not depend on where it ran.
            conf.setIfMissing("spark.executorEnv.OPENBLAS_CORETYPE", coreType);
        }
        return conf;
    }

    /** The spark.hadoop.* settings without their prefix, as Spark hands them to Hadoop. */
    static Map<String, String> hadoop(SparkConf conf) {
        Map<String, String> settings = new HashMap<>();
        for (scala.Tuple2<String, String> entry : conf.getAllWithPrefix("spark.hadoop.")) {
            settings.put(entry._1(), entry._2());
        }
        return settings;
    }

    /** local, local[N], local[N,F], local-cluster[...]: every executor sees the driver's files (in its own JVM for local-cluster). */
    static boolean isLocal(String master) {
        return master.startsWith("local");
    }

    /**
     * The command's arguments for every task. On one machine the folders are made absolute, since an
     * executor's working directory is not the driver's; on a cluster they are passed as typed and
     * must name what every executor sees (a shared mount, or data shipped with --archives).
     */
    static List<String> taskArgs(ExperimentSetup setup, String master) {
        List<String> args = new ArrayList<>(setup.args());
        if (isLocal(master)) {
            args.addAll(List.of("--data", setup.dataDir().toAbsolutePath().toString()));
            if (setup.remoteRuns() == null) {
                args.addAll(List.of("--runs", setup.experimentDir().getParent().toAbsolutePath().toString()));
            }
            if (setup.modelsDir() != null) {
                args.addAll(List.of("--models", setup.modelsDir().toAbsolutePath().toString()));
            }
        }
        return args;
    }
}
