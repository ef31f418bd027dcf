package digitlab.training.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed (SIGKILL) while it writes a model: no partial .onnx ever appears, and the temp
 * file it leaves is removed by the next write into the folder once it is clearly abandoned.
 */
class AtomicFilesKillTest {
    /** Run as its own process: starts writing args[0], says so, and hangs until it is killed. */
    public static final class HalfWritten {
        public static void main(String[] args) throws Exception {
            AtomicFiles.write(Path.of(args[0]), tmp -> {
                Files.write(tmp, new byte[] {1, 2, 3});
                System.out.println("writing");
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    @Test
    void a_write_killed_half_way_leaves_no_model_and_its_temp_file_is_cleaned_by_the_next_write(@TempDir Path models)
            throws Exception {
        Path model = models.resolve("ce-s0.onnx");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process writer = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                HalfWritten.class.getName(), model.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("writing", out.readLine());
        } finally {
            writer.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        }
        assertFalse(Files.exists(model), "no partial model");
        List<Path> left = temps(models);
        assertEquals(1, left.size(), "the killed writer's temp file: " + left);

        // A fresh temp file may be a live writer's: it stays.
        AtomicFiles.write(models.resolve("other.onnx"), new byte[] {9});
        assertEquals(left, temps(models));

        // Once older than any live write takes, the next write removes it.
        Files.setLastModifiedTime(left.get(0), FileTime.from(Instant.now().minus(AtomicFiles.STALE_AFTER).minusSeconds(60)));
        AtomicFiles.write(models.resolve("third.onnx"), new byte[] {7});
        assertEquals(List.of(), temps(models));
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(models.resolve("other.onnx")));
    }

    private static List<Path> temps(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).sorted().toList();
        }
    }
}
