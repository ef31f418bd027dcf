package digitlab.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.testing.CapturedStreams;
import digitlab.core.cli.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** --shard i/N and --report-only, as a Kubernetes Indexed Job runs them, against one whole run. */
class ShardsTest {
    @RegisterExtension
    final CapturedStreams captured = new CapturedStreams();

    @TempDir
    Path dir;

    /** A 6-run grid (CE and MSE, each alone, with L2 and with dropout) into {@code runs}. */
    private int grid(String runs, String... extra) {
        List<String> args = new ArrayList<>(List.of("experiment", "sharded", "--loss", "ce,mse", "--reg", "none,l2,dropout",
                "--lambda", "10", "--dropout", "0.5", "--epochs", "2", "--layers", "784,16,10", "--train-size", "200",
                "--test-size", "300", "--data", "../data", "--no-export", "--runs", dir.resolve(runs).toString()));
        args.addAll(List.of(extra));
        captured.err.reset();
        return Cli.run(new TrainingCli(), args.toArray(String[]::new));
    }

    @Test
    void three_shards_then_report_only_equal_one_whole_run() throws Exception {
        assertEquals(0, grid("whole"), captured.err.toString(StandardCharsets.UTF_8));
        captured.out.reset();
        for (int i = 0; i < 3; i++) {
            assertEquals(0, grid("shards", "--shard", i + "/3"), captured.err.toString(StandardCharsets.UTF_8));
        }
        String printed = captured.out.toString(StandardCharsets.UTF_8);
        // The 6 runs share seed and network: one group cut into 2 stacks, dealt to shards 0 and 1.
        assertTrue(printed.contains("Shard 0/3: stacks [0]") && printed.contains("Shard 2/3: stacks []"), printed);
        Path shards = dir.resolve("shards").resolve("sharded");
        assertFalse(Files.exists(shards.resolve("report.html")), "a shard writes no report");

        assertEquals(0, grid("shards", "--report-only"), captured.err.toString(StandardCharsets.UTF_8));
        List<Path> runs;
        try (var children = Files.list(dir.resolve("whole").resolve("sharded"))) {
            runs = children.filter(Files::isDirectory).toList();
        }
        assertEquals(6, runs.size());
        for (Path run : runs) {
            assertArrayEquals(Files.readAllBytes(run.resolve("metrics.csv")),
                    Files.readAllBytes(shards.resolve(run.getFileName()).resolve("metrics.csv")), run.getFileName().toString());
        }
        assertTrue(Files.isRegularFile(shards.resolve("report.html")));
        assertTrue(Files.readString(shards.resolve("experiment.json")).contains("\"wallMillis\" : null"));
    }

    @Test
    void report_only_before_every_shard_is_done_names_the_missing_runs_and_exits_1() {
        assertEquals(0, grid("part", "--shard", "0/2"), captured.err.toString(StandardCharsets.UTF_8));
        assertEquals(1, grid("part", "--report-only"));
        String message = captured.err.toString(StandardCharsets.UTF_8).strip();
        assertTrue(message.matches("3 of 6 runs in .* have not finished \\(.*\\): run the missing shards first\\."), message);
    }

    @Test
    void a_shard_outside_its_count_exits_2_with_one_sentence() {
        assertEquals(2, grid("bad", "--shard", "3/3"));
        assertEquals("--shard takes i/N with 0 <= i < N (e.g. 0/4), not '3/3'.", captured.err.toString(StandardCharsets.UTF_8).strip());
    }
}
