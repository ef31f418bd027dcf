package digitlab.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.cli.Cli;
import digitlab.core.testing.CapturedStreams;
import digitlab.training.files.Folders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An experiment run again with the same command into the same --runs folder keeps what finished. */
class RerunTest {
    /** The grid's 3 runs: one group cut into the stacks [CE] and [L2 1, L2 10]. */
    private static final String CE = "ce-h16-seed200x300-s0";
    private static final String L2_1 = "ce-l2-1-h16-seed200x300-s0";
    private static final String L2_10 = "ce-l2-10-h16-seed200x300-s0";

    @RegisterExtension
    final CapturedStreams captured = new CapturedStreams();

    @TempDir
    Path dir;

    private int grid(String runs, String... extra) {
        List<String> args = new ArrayList<>(List.of("experiment", "again", "--reg", "none,l2", "--lambda", "1,10",
                "--layers", "784,16,10", "--train-size", "200", "--test-size", "300", "--data", "../data",
                "--runs", dir.resolve(runs).toString(), "--models", dir.resolve("models-" + runs).toString()));
        args.addAll(List.of(extra));
        if (!args.contains("--epochs")) {
            args.addAll(List.of("--epochs", "2"));
        }
        captured.out.reset();
        captured.err.reset();
        return Cli.run(new TrainingCli(), args.toArray(String[]::new));
    }

    private String out() {
        return captured.out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return captured.err.toString(StandardCharsets.UTF_8);
    }

    private Path run(String runs, String id) {
        return dir.resolve(runs).resolve("again").resolve(id);
    }

    /** Every file of a folder with its modification time, to show that nothing was written again. */
    private static List<String> filesAndTimes(Path folder) throws IOException {
        List<String> all = new ArrayList<>();
        try (var files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                FileTime t = Files.getLastModifiedTime(f);
                all.add(folder.relativize(f) + " " + t.toMillis() + " " + Files.size(f));
            }
        }
        return all;
    }

    @Test
    void a_finished_grid_run_again_trains_nothing_keeps_every_file_and_writes_the_report_again() throws Exception {
        assertEquals(0, grid("runs"), err());
        List<String> runFiles = new ArrayList<>();
        for (String id : List.of(CE, L2_1, L2_10)) {
            runFiles.addAll(filesAndTimes(run("runs", id)));
        }
        List<String> models = filesAndTimes(dir.resolve("models-runs"));
        Path report = dir.resolve("runs").resolve("again").resolve("report.html");
        Files.setLastModifiedTime(report, FileTime.fromMillis(0));

        assertEquals(0, grid("runs"), err());
        assertTrue(out().contains("3 of 3 runs already done, training 0"), out());
        assertFalse(err().contains("ETA"), "no epoch was trained: " + err());
        List<String> after = new ArrayList<>();
        for (String id : List.of(CE, L2_1, L2_10)) {
            after.addAll(filesAndTimes(run("runs", id)));
        }
        assertEquals(runFiles, after);
        assertEquals(models, filesAndTimes(dir.resolve("models-runs")));
        assertTrue(Files.getLastModifiedTime(report).toMillis() > 0, "the report is written again over every run");
        assertTrue(out().lines().anyMatch(l -> l.startsWith("L2 10 ")), out());
    }

    @Test
    void a_stack_with_a_missing_run_is_trained_again_whole_and_the_grid_ends_byte_identical() throws Exception {
        assertEquals(0, grid("whole", "--no-export"), err());
        assertEquals(0, grid("part", "--no-export"), err());
        List<String> ceFiles = filesAndTimes(run("part", CE));
        Folders.deleteRecursively(run("part", L2_10));

        assertEquals(0, grid("part", "--no-export"), err());
        // The CE stack is skipped; L2 10 trains in its own stack again, with the finished L2 1 beside it.
        assertTrue(out().contains("1 of 3 runs already done, training 2"), out());
        assertEquals(ceFiles, filesAndTimes(run("part", CE)));
        for (String id : List.of(CE, L2_1, L2_10)) {
            assertArrayEquals(Files.readAllBytes(run("whole", id).resolve("metrics.csv")),
                    Files.readAllBytes(run("part", id).resolve("metrics.csv")), id);
        }
    }

    @Test
    void a_run_folder_with_another_config_is_refused_with_one_sentence_unless_fresh() throws Exception {
        assertEquals(0, grid("runs", "--no-export"), err());
        List<String> before = filesAndTimes(run("runs", CE));

        assertEquals(1, grid("runs", "--no-export", "--epochs", "3"));
        assertEquals("The run folder " + run("runs", CE) + " holds a run with another config (epochs 2 there, 3 here), and 2"
                + " more folders hold something else too; pass --fresh to train the plan's runs again from scratch, or give"
                + " another --runs folder.", err().strip());
        assertEquals(before, filesAndTimes(run("runs", CE)), "nothing was touched");

        assertEquals(0, grid("runs", "--no-export", "--epochs", "3", "--fresh"), err());
        assertEquals(4, Files.readAllLines(run("runs", CE).resolve("metrics.csv")).size(), "header and 3 epochs");
    }

    @Test
    void a_run_json_that_is_not_a_run_record_is_named_and_left_alone() throws Exception {
        assertEquals(0, grid("runs", "--no-export"), err());
        Path runJson = run("runs", L2_1).resolve("run.json");
        Files.writeString(runJson, "{ not json");

        assertEquals(1, grid("runs", "--no-export"));
        assertEquals("The run folder " + run("runs", L2_1) + " holds a run.json that is not a valid run record; pass --fresh"
                + " to train the plan's runs again from scratch, or give another --runs folder.", err().strip());
        assertEquals("{ not json", Files.readString(runJson));
    }

    @Test
    void a_shard_run_again_keeps_its_finished_stacks() throws Exception {
        assertEquals(0, grid("runs", "--no-export", "--shard", "1/2"), err());
        assertEquals(0, grid("runs", "--no-export", "--shard", "1/2"), err());
        assertTrue(out().contains("2 of 2 runs already done, training 0"), out());
        assertFalse(Files.exists(run("runs", CE)), "shard 1 owns the L2 stack only");
    }
}
