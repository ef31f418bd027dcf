package digitlab.training.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.cli.Cli;
import digitlab.training.cli.TrainingCli;
import digitlab.training.train.MetricsCsv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The reference check: the 10-run reference grid, 3 epochs, on the study's real MNIST split
 * (data/mnist), run through the real command line. The thread engine's run folders are the oracle.
 */
final class ReferenceGrid {
    static final Path DATA = Path.of("..", "..", "data").toAbsolutePath().normalize();
    static final int RUNS = 10;

    private ReferenceGrid() {}

    /** What one command printed and returned. */
    record Result(int exit, String out, String err) {}

    /** Runs {@code experiment reference --epochs 3 --no-export} into {@code runs}, plus the extra flags. */
    static Result experiment(Path runs, String... extra) {
        return experiment(runs.toString(), extra);
    }

    /** The same with {@code --runs} as given: a folder or a URI. */
    static synchronized Result experiment(String runs, String... extra) {
        List<String> args = new ArrayList<>(List.of("experiment", "reference", "--epochs", "3", "--no-export",
                "--data", DATA.toString(), "--runs", runs));
        args.addAll(List.of(extra));
        PrintStream out0 = System.out;
        PrintStream err0 = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = Cli.run(new TrainingCli(), args.toArray(String[]::new));
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out0);
            System.setErr(err0);
        }
    }

    /** Every run folder's metrics.csv in {@code expected} holds exactly the bytes of its twin in {@code actual}. */
    static void assertSameMetrics(Path expected, Path actual) throws IOException {
        List<Path> runs = runFolders(expected.resolve("reference"));
        assertEquals(RUNS, runs.size(), "run folders in " + expected);
        for (Path run : runs) {
            Path twin = actual.resolve("reference").resolve(run.getFileName());
            byte[] want = Files.readAllBytes(run.resolve(MetricsCsv.FILE_NAME));
            assertEquals(4, new String(want, StandardCharsets.UTF_8).lines().count(), "header + 3 epochs in " + run);
            assertArrayEquals(want, Files.readAllBytes(twin.resolve(MetricsCsv.FILE_NAME)), "metrics.csv of " + twin);
        }
        assertEquals(RUNS, runFolders(actual.resolve("reference")).size(), "run folders in " + actual);
        assertTrue(Files.size(actual.resolve("reference").resolve("report.html")) > 10_000, "a report with its figures");
    }

    static List<Path> runFolders(Path experiment) throws IOException {
        try (Stream<Path> children = Files.list(experiment)) {
            return children.filter(p -> Files.isRegularFile(p.resolve(MetricsCsv.FILE_NAME))).sorted().toList();
        }
    }
}
