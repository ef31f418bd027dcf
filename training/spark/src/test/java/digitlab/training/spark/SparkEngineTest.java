package digitlab.training.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
            r = ReferenceGrid.experiment(runs, "--engine", "spark", "--master", "local[2,2]");
        } finally {
            System.clearProperty(SparkEngine.FAIL_ONCE_PROPERTY);
        }
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("1 task attempt(s) failed and were retried")
                && r.err().contains("injected failure of stack 1 after epoch 0"), r.err());
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
