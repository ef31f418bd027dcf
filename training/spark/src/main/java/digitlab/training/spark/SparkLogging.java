package digitlab.training.spark;

/**
 * Spark, Hadoop, Jetty and Netty log every step at INFO; through slf4j-simple that buries the
 * progress bar. Warnings and errors still show. A user's own -D setting wins.
 */
final class SparkLogging {
    private SparkLogging() {}

    static void quiet() {
        for (String name : new String[] {"org.apache.spark", "org.sparkproject", "org.apache.hadoop", "io.netty"}) {
            String key = "org.slf4j.simpleLogger.log." + name;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
        // Hadoop's own native library is optional (its Java code serves); its warning says nothing to act on.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader",
                System.getProperty("org.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader", "error"));
    }
}
