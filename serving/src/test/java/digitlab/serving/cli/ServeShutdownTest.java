package digitlab.serving.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} as its own process, stopped by SIGTERM right after it starts serving, while the
 * served accuracy of its models is still being measured: it must finish in order and exit 0,
 * not race ONNX Runtime's shutdown hook into a crash (or die by the signal, exit 143).
 */
class ServeShutdownTest {
    @Test
    void a_kill_during_start_up_measurements_stops_the_server_in_order(@TempDir Path dir) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        try (Stream<Path> fixtures = Files.list(TestServer.FIXTURES)) {
            for (Path f : fixtures.filter(f -> f.toString().endsWith(".onnx")).toList()) {
                Files.copy(f, models.resolve(f.getFileName()));
            }
        }
        // The log goes to a file: the JDK may close a live process's pipe under its reader once it exits.
        Path log = dir.resolve("serve.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // INFO logging (the test classpath's logger config says warn): the test reads the server's log lines.
        Process serve = new ProcessBuilder(java.toString(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", System.getProperty("java.class.path"),
                ServingCli.class.getName(), "serve", "--models", models.toString(), "--data", TestServer.DATA.toString(),
                "--host", "127.0.0.1", "--port", "0", "--watch-interval", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("digit-lab is serving on")) {
                assertTrue(serve.isAlive() && System.nanoTime() < deadline, "the server never started:\n" + Files.readString(log));
                Thread.sleep(20);
            }
            serve.destroy(); // SIGTERM
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "the server did not stop:\n" + Files.readString(log));
            String output = Files.readString(log);
            assertEquals(0, serve.exitValue(), output);
            assertTrue(output.contains("Shutting down"), output);
            assertFalse(output.contains("fatal error"), output);
        } finally {
            serve.destroyForcibly();
        }
    }
}
