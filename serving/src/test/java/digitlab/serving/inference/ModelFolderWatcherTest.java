package digitlab.serving.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelFolderWatcherTest {
    /** Longer than any test runs: a file counts as settled only when its time is set back. */
    private static final Duration SETTLE = Duration.ofHours(1);
    private static final FileTime LONG_AGO = FileTime.from(Instant.now().minus(Duration.ofDays(1)));

    private Path dir;
    private ModelRegistry registry;
    private ModelFolderWatcher watcher;
    private byte[] modelBytes;
    private String firstId;

    @BeforeEach
    void folderWithOneModel() throws Exception {
        dir = Files.createTempDirectory("digitlab-watch");
        Path first = TestServer.fixtureFiles().get(0);
        firstId = ModelLoader.idOf(first);
        modelBytes = Files.readAllBytes(TestServer.fixtureFiles().get(1));
        Files.copy(first, dir.resolve(first.getFileName()));
        registry = new ModelRegistry();
        watcher = new ModelFolderWatcher(dir, new ModelLoader(1), registry, SETTLE);
        watcher.scan();
    }

    @AfterEach
    void cleanUp() throws Exception {
        registry.close();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    @Test
    void the_first_scan_loads_every_file_however_new() {
        assertEquals(java.util.Set.of(firstId), registry.snapshot().models().keySet());
    }

    @Test
    void a_file_still_being_written_is_neither_served_nor_reported_broken_until_it_settles() throws Exception {
        Path copying = dir.resolve("copying.onnx");
        Files.write(copying, Arrays.copyOf(modelBytes, modelBytes.length / 2));
        watcher.scan();
        assertFalse(registry.snapshot().models().containsKey("copying"));
        assertFalse(registry.snapshot().failures().containsKey("copying"));

        Files.write(copying, modelBytes);
        Files.setLastModifiedTime(copying, LONG_AGO);
        watcher.scan();
        assertTrue(registry.snapshot().models().containsKey("copying"));
    }

    @Test
    void a_file_being_rewritten_keeps_its_old_model_serving_until_it_settles() throws Exception {
        OnnxModel old = registry.snapshot().models().get(firstId);
        Path file = dir.resolve(firstId + ".onnx");
        Files.write(file, Arrays.copyOf(modelBytes, 100));
        watcher.scan();
        assertSame(old, registry.snapshot().models().get(firstId), "still the old session");

        Files.write(file, modelBytes);
        Files.setLastModifiedTime(file, LONG_AGO);
        watcher.scan();
        OnnxModel replaced = registry.snapshot().models().get(firstId);
        assertNotSame(old, replaced);
        assertFalse(old.sha256().equals(replaced.sha256()), "the new bytes are served");
    }

    @Test
    void a_removed_file_stops_being_served_and_a_settled_broken_one_is_reported() throws Exception {
        Files.delete(dir.resolve(firstId + ".onnx"));
        Path broken = dir.resolve("broken.onnx");
        Files.writeString(broken, "not onnx");
        Files.setLastModifiedTime(broken, LONG_AGO);
        watcher.scan();
        assertEquals(Map.of(), registry.snapshot().models());
        assertTrue(registry.snapshot().failures().get("broken").error().contains("broken.onnx"));
    }
}
