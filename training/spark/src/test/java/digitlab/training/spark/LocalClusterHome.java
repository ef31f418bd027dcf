package digitlab.training.spark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What local-cluster[...] needs to start its executor JVMs without a Spark download: a SPARK_HOME
 * (surefire sets it to target/spark-home) with a RELEASE file and jars/ linking this test's jars;
 * the class folders go to spark.executor.extraClassPath, since jars/ takes jar files only.
 */
final class LocalClusterHome {
    private LocalClusterHome() {}

    /** Lays out {@code SPARK_HOME} and returns the executor's extra class path. */
    static String prepare() throws IOException {
        String home = System.getenv("SPARK_HOME");
        if (home == null) {
            throw new IllegalStateException("SPARK_HOME is not set; the module's surefire configuration sets it");
        }
        // Executors work in SPARK_HOME/work/<app>/<executor>: start without an earlier run's folders.
        digitlab.training.files.Folders.deleteRecursively(Path.of(home, "work"));
        Path jars = Path.of(home, "jars");
        Files.createDirectories(jars);
        Files.writeString(Path.of(home, "RELEASE"), "");
        List<String> folders = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(p)) {
                folders.add(p.toString());
            } else if (p.toString().endsWith(".jar")) {
                Path link = jars.resolve(p.getFileName());
                Files.deleteIfExists(link);
                Files.createSymbolicLink(link, p);
            }
        }
        return String.join(File.pathSeparator, folders);
    }
}
