package digitlab.training.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference grid in local-cluster[2,1,1024]: two executor JVMs apart from the driver, as on a
 * real cluster (own class path, own JavaCPP cache, OMP_NUM_THREADS set by Spark), still byte-identical.
 */
class LocalClusterTest {
    @TempDir
    Path dir;

    @Test
    void separate_executor_jvms_write_every_run_byte_identical_to_the_thread_engine() throws Exception {
        ReferenceGrid.Result thread = ReferenceGrid.experiment(dir.resolve("thread"));
        assertEquals(0, thread.exit(), thread.err());

        System.setProperty("spark.executor.extraClassPath", LocalClusterHome.prepare());
        ReferenceGrid.Result cluster;
        try {
            cluster = ReferenceGrid.experiment(dir.resolve("cluster"), "--engine", "spark", "--master", "local-cluster[2,1,1024]");
        } finally {
            System.clearProperty("spark.executor.extraClassPath");
        }
        assertEquals(0, cluster.exit(), cluster.err());
        assertTrue(cluster.err().contains("Spark (local-cluster[2,1,1024]): 2 stacks done"), cluster.err());
        ReferenceGrid.assertSameMetrics(dir.resolve("thread"), dir.resolve("cluster"));
        // Each executor unpacked ND4J's natives into its own working directory's cache.
        try (var caches = Files.find(Path.of(System.getenv("SPARK_HOME"), "work"), 3,
                (p, a) -> p.getFileName().toString().equals("javacpp-cache"))) {
            assertEquals(2, caches.count());
        }
    }
}
