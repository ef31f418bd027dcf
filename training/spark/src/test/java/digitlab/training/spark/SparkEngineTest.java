package digitlab.training.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.training.cli.ExperimentCommand;
import digitlab.training.files.Folders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference grid through real Spark against the thread engine, byte for byte. */
class SparkEngineTest {
    @TempDir
    static Path shared;
    static Path threadRuns;

    @BeforeAll
    static void trainWithTheThreadEngine() {
        threadRuns = shared.resolve("thread");
        ReferenceGrid.Result r = ReferenceGrid.experiment(threadRuns);
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void local_2_writes_every_run_byte_identical_to_the_thread_engine_and_the_report() throws Exception {
        Path runs = shared.resolve("local");
        ReferenceGrid.Result r = ReferenceGrid.experiment(runs, "--engine", "spark", "--master", "local[2]");
        assertEquals(0, r.exit(), r.err());
        ReferenceGrid.assertSameMetrics(threadRuns, runs);
        assertTrue(r.out().contains("as 2 stacks (one spark task each)"), r.out());
        assertTrue(Files.readString(runs.resolve("reference").resolve("experiment.json"))
                .contains("\"engine\" : \"spark local[2]\""));
        // Progress reached the driver's bar from the run folders.
        assertTrue(r.err().contains("100%"), r.err());
    }

    @Test
    void a_task_that_fails_once_is_retried_and_the_runs_are_still_byte_identical() throws Exception {
        Path runs = shared.resolve("retry");
        System.setProperty(SparkEngine.FAIL_ONCE_PROPERTY, "1");
        ReferenceGrid.Result r;
        try {
            // local[2,2]: two cores, and a task may fail once before the job does.
            r = ReferenceGrid.experiment(runs, "--engine", "spark", "--master", "local[2,2]", "--checkpoint-every", "1");
        } finally {
            System.clearProperty(SparkEngine.FAIL_ONCE_PROPERTY);
        }
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("1 task attempt(s) failed and were retried")
                && r.err().contains("injected failure of stack 1 after epoch 1"), r.err());
        // The retry resumed from the checkpoint the failed attempt saved after its first epoch (or its second).
        assertTrue(r.err().matches("(?s).*Resuming .* after epoch [12] of 3 from .*"), r.err());
        ReferenceGrid.assertSameMetrics(threadRuns, runs);
    }

    @Test
    void runs_bound_for_a_hadoop_filesystem_uri_arrive_there_byte_identical_with_the_report() throws Exception {
        Path remote = shared.resolve("remote");
        // file:// goes through Hadoop's FileSystem API as hdfs:// or s3a:// would: staged, then copied.
        String uri = remote.toUri().toString();
        ReferenceGrid.Result r = ReferenceGrid.experiment(uri, "--engine", "spark", "--master", "local[2]");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("Copied the runs and the report to " + uri), r.err());
        ReferenceGrid.assertSameMetrics(threadRuns, remote);
        assertTrue(Files.isRegularFile(remote.resolve("reference").resolve("experiment.json")));
    }

    /** The run folder of the first run of stack {@code index} of the reference grid. */
    private static String firstRunOfStack(int index) {
        return ExperimentCommand.setup(List.of("reference", "--epochs", "3")).stacks().get(index).get(0).id();
    }

    @Test
    void a_job_run_again_skips_the_finished_stacks_and_trains_the_other_byte_identical() throws Exception {
        Path runs = shared.resolve("again");
        assertEquals(0, ReferenceGrid.experiment(runs, "--engine", "spark", "--master", "local[2]").exit());
        Path experiment = runs.resolve("reference");
        String kept = firstRunOfStack(0);
        long keptTime = Files.getLastModifiedTime(experiment.resolve(kept).resolve("metrics.csv")).toMillis();
        Folders.deleteRecursively(experiment.resolve(firstRunOfStack(1)));

        ReferenceGrid.Result r = ReferenceGrid.experiment(runs, "--engine", "spark", "--master", "local[2]");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("5 of 10 runs already done, training 5"), r.out());
        assertTrue(r.err().contains("1 stacks done"), r.err());
        assertEquals(keptTime, Files.getLastModifiedTime(experiment.resolve(kept).resolve("metrics.csv")).toMillis());
        ReferenceGrid.assertSameMetrics(threadRuns, runs);

        r = ReferenceGrid.experiment(runs, "--engine", "spark", "--master", "local[2]");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("10 of 10 runs already done, training 0"), r.out());
    }

    @Test
    void a_job_run_again_into_a_hadoop_uri_skips_the_stacks_finished_there() throws Exception {
        Path remote = shared.resolve("remote-again");
        String uri = remote.toUri().toString();
        assertEquals(0, ReferenceGrid.experiment(uri, "--engine", "spark", "--master", "local[2]").exit());
        Folders.deleteRecursively(remote.resolve("reference").resolve(firstRunOfStack(0)));

        ReferenceGrid.Result r = ReferenceGrid.experiment(uri, "--engine", "spark", "--master", "local[2]");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("5 of 10 runs already done, training 5"), r.out());
        ReferenceGrid.assertSameMetrics(threadRuns, remote);

        // Another config there is refused, naming the folder under the URI.
        r = ReferenceGrid.experiment(uri, "--engine", "spark", "--master", "local[2]", "--lr", "0.02");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().strip().startsWith("The run folder " + uri.replaceAll("/+$", "") + "/reference/"), r.err());
    }

    @Test
    void the_thread_engine_refuses_a_runs_uri_with_one_sentence() {
        ReferenceGrid.Result r = ReferenceGrid.experiment("hdfs://namenode:8020/runs");
        assertEquals(2, r.exit());
        assertEquals("--runs hdfs://namenode:8020/runs needs --engine spark; the thread engine writes to a folder.", r.err().strip());
    }

    @Test
    void a_task_that_fails_with_no_retries_left_fails_the_command_with_one_sentence() {
        System.setProperty(SparkEngine.FAIL_ONCE_PROPERTY, "0");
        ReferenceGrid.Result r;
        try {
            r = ReferenceGrid.experiment(shared.resolve("no-retry"), "--engine", "spark", "--master", "local[2]");
        } finally {
            System.clearProperty(SparkEngine.FAIL_ONCE_PROPERTY);
        }
        assertEquals(1, r.exit());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("The Spark job failed: ") && last.contains("injected failure of stack 0"), r.err());
        assertFalse(Files.exists(shared.resolve("no-retry").resolve("reference").resolve("report.html")));
    }

    @Test
    void the_spark_engine_without_a_master_exits_2_with_one_sentence() {
        ReferenceGrid.Result r = ReferenceGrid.experiment(shared.resolve("none"), "--engine", "spark");
        assertEquals(2, r.exit());
        assertEquals("--engine spark needs --master URL (e.g. local[2]), or spark-submit's --master.", r.err().strip());
    }
}
