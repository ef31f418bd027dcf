package digitlab.training.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.cli.Cli;
import digitlab.core.testing.CapturedStreams;
import digitlab.training.train.MetricsCsv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An experiment killed (SIGKILL, in its own JVM, at a random epoch) and run again with the same
 * command ends with the bytes of one never killed: every metrics.csv, and the weights of every
 * exported model. The kill epoch is drawn afresh each run and printed with any failure.
 */
class ResumeAfterKillTest {
    private static final int EPOCHS = 20;
    private static final int EVERY = 4;

    @RegisterExtension
    final CapturedStreams captured = new CapturedStreams();

    @TempDir
    Path dir;

    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    /**
     * The four grids of the issue (a plain run, a dropout run, Adam with decay and distortions, a
     * stack of three), expanded data, whose distortions are the regularizer's own, and a stack of two
     * early-stopping runs, one of which stops long before the other: their kept weights and best
     * epochs must survive the kill.
     */
    private static List<String> grid(String kind) {
        return switch (kind) {
            case "plain" -> List.of("--reg", "none");
            case "dropout" -> List.of("--reg", "dropout", "--dropout", "0.3");
            case "adam" -> List.of("--reg", "none", "--optimizer", "adam", "--lr", "0.002", "--lr-decay", "0.9", "--augment");
            case "stack" -> List.of("--reg", "none,l2,dropout", "--lambda", "3", "--dropout", "0.5", "--parallel", "1");
            case "expanded" -> List.of("--reg", "expanded");
            // patience 100 trains all 20 epochs (the kill waits on its folder, the first by name); patience 1 stops early
            case "early-stop" -> List.of("--reg", "early-stop", "--patience", "1,100", "--parallel", "1");
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private String[] args(String kind, String runs, String... extra) {
        List<String> args = new ArrayList<>(List.of("experiment", kind));
        args.addAll(grid(kind));
        args.addAll(List.of("--epochs", "" + EPOCHS, "--layers", "784,16,10", "--train-size", "500", "--test-size", "300",
                "--data", "../data", "--runs", dir.resolve(runs).toString(), "--models", dir.resolve("models-" + runs).toString()));
        if (!List.of(extra).contains("--checkpoint-every")) {
            args.addAll(List.of("--checkpoint-every", "" + EVERY));
        }
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private int inProcess(String... args) {
        captured.out.reset();
        captured.err.reset();
        return Cli.run(new TrainingCli(), args);
    }

    private String err() {
        return captured.err.toString(StandardCharsets.UTF_8);
    }

    /** The command in a JVM of its own, as the launcher runs it; its output goes to a log file. */
    private Process start(String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                TrainingCli.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("process-" + System.nanoTime() + ".log").toFile()).start();
    }

    private static int rows(Path runDir) throws IOException {
        return MetricsCsv.read(runDir).rows().size();
    }

    /** Waits until the run's metrics.csv holds {@code epochs} rows, then signals the process (SIGKILL or SIGTERM). */
    private void stopAt(Process p, Path runDir, int epochs, boolean kill) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (rows(runDir) < epochs) {
            assertTrue(p.isAlive(), "the process ended before epoch " + epochs + " (seed " + seed + ")");
            assertTrue(System.nanoTime() < deadline, "no epoch " + epochs + " within 3 minutes");
            Thread.sleep(5);
        }
        assertTrue(p.isAlive(), "still training when stopped (seed " + seed + ")");
        if (kill) {
            p.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs
        } else {
            p.destroy(); // SIGTERM: the JVM runs its shutdown hooks
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    }

    private static List<Path> runDirs(Path experiment) throws IOException {
        try (Stream<Path> children = Files.list(experiment)) {
            return children.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static List<Path> checkpoints(Path runDir) throws IOException {
        try (Stream<Path> files = Files.list(runDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("checkpoint-")).sorted().toList();
        }
    }

    /** Every run's metrics.csv and its model's weights are the bytes of the uninterrupted grid's; no checkpoint is left. */
    private void assertSameAsUninterrupted(String kind, String runs) throws Exception {
        List<Path> want = runDirs(dir.resolve("whole").resolve(kind));
        List<Path> got = runDirs(dir.resolve(runs).resolve(kind));
        assertEquals(want.stream().map(Path::getFileName).toList(), got.stream().map(Path::getFileName).toList());
        for (int i = 0; i < want.size(); i++) {
            String id = want.get(i).getFileName().toString();
            assertArrayEquals(Files.readAllBytes(want.get(i).resolve(MetricsCsv.FILE_NAME)),
                    Files.readAllBytes(got.get(i).resolve(MetricsCsv.FILE_NAME)), id + " metrics.csv (seed " + seed + ")");
            assertEquals(weights(dir.resolve("models-whole").resolve(id + ".onnx")),
                    weights(dir.resolve("models-" + runs).resolve(id + ".onnx")), id + " weights (seed " + seed + ")");
            assertEquals(List.of(), checkpoints(got.get(i)), "checkpoints are removed once the run finished");
        }
    }

    /** The model's initializers (its weights and biases), byte for byte; the metadata holds timings that differ. */
    private static List<String> weights(Path onnx) throws Exception {
        Onnx.ModelProto model = Onnx.ModelProto.parseFrom(Files.readAllBytes(onnx));
        List<String> all = new ArrayList<>();
        for (Onnx.TensorProto t : model.getGraph().getInitializerList()) {
            all.add(t.getName() + " " + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(t.toByteArray())));
        }
        assertFalse(all.isEmpty(), onnx + " holds no weights");
        return all;
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "dropout", "adam", "stack", "expanded", "early-stop"})
    void killed_at_a_random_epoch_and_run_again_it_ends_byte_identical_to_a_run_never_killed(String kind) throws Exception {
        assertEquals(0, inProcess(args(kind, "whole")), err());
        if (kind.equals("early-stop")) {
            assertTrue(rows(dir.resolve("whole").resolve(kind).resolve("ce-early-stop-1-s0")) < EPOCHS,
                    "the patience-1 run stops before the stack's last epoch");
        }
        Process p = start(args(kind, "killed"));
        int target = EVERY + 1 + random.nextInt(EPOCHS - EVERY - 2);
        Path first = dir.resolve("killed").resolve(kind).resolve(runDirs(dir.resolve("whole").resolve(kind)).get(0).getFileName());
        stopAt(p, first, target, true);
        int atKill = rows(first);
        assertTrue(atKill < EPOCHS, "killed before its last epoch (seed " + seed + ")");

        assertEquals(0, inProcess(args(kind, "killed")), err());
        // The newest checkpoint is the last multiple of EVERY, or the one before when the kill fell
        // between that epoch's metrics row and its checkpoint.
        int resumedAt = atKill / EVERY * EVERY;
        boolean either = err().contains("after epoch " + resumedAt + " of " + EPOCHS)
                || atKill % EVERY == 0 && err().contains("after epoch " + (resumedAt - EVERY) + " of " + EPOCHS);
        assertTrue(either, "killed after " + atKill + " epochs (seed " + seed + "): " + err());
        assertSameAsUninterrupted(kind, "killed");
    }

    @Test
    void a_damaged_checkpoint_is_named_and_the_one_before_or_the_start_is_used_never_the_damaged_one() throws Exception {
        String kind = "dropout";
        assertEquals(0, inProcess(args(kind, "whole")), err());
        Process p = start(args(kind, "killed"));
        Path first = dir.resolve("killed").resolve(kind).resolve(runDirs(dir.resolve("whole").resolve(kind)).get(0).getFileName());
        stopAt(p, first, 2 * EVERY + 1 + random.nextInt(EPOCHS - 2 * EVERY - 2), true);
        List<Path> saved = checkpoints(first);
        // The newest two are kept (three for the moment between writing one and removing the oldest).
        assertTrue(saved.size() == 2 || saved.size() == 3, "checkpoints: " + saved);
        copyTree(dir.resolve("killed"), dir.resolve("both"));

        // The newest one cut short: named, and the one before resumed.
        Path newest = saved.get(saved.size() - 1);
        Path before = saved.get(saved.size() - 2);
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertEquals(0, inProcess(args(kind, "killed")), err());
        assertTrue(err().contains("The checkpoint " + newest + " is damaged") && err().contains("trying the one before"), err());
        assertTrue(err().contains("from " + before), err());
        assertSameAsUninterrupted(kind, "killed");

        // Both with a flipped byte: both named, and the runs trained from the start.
        Path copy = dir.resolve("both").resolve(kind).resolve(first.getFileName());
        for (Path file : checkpoints(copy)) {
            byte[] b = Files.readAllBytes(file);
            b[random.nextInt(b.length)] ^= 0x01;
            Files.write(file, b);
        }
        assertEquals(0, inProcess(args(kind, "both")), err());
        assertTrue(err().contains("training from the start") && !err().contains("Resuming"), err());
        assertSameAsUninterrupted(kind, "both");
    }

    @Test
    void sigterm_saves_a_checkpoint_at_the_end_of_the_epoch_it_interrupts_and_the_rerun_resumes_there() throws Exception {
        String kind = "stack";
        assertEquals(0, inProcess(args(kind, "whole")), err());
        // No periodic checkpoint before the last epoch: the one there must be the signal's.
        Process p = start(args(kind, "stopped", "--checkpoint-every", "1000"));
        Path first = dir.resolve("stopped").resolve(kind).resolve(runDirs(dir.resolve("whole").resolve(kind)).get(0).getFileName());
        stopAt(p, first, 1 + random.nextInt(EPOCHS - 3), false);
        assertEquals(143, p.exitValue(), "the JVM's status after SIGTERM");
        int rows = rows(first);
        // The stack's checkpoint sits in its first run's folder (plan order: plain CE).
        List<Path> saved = new ArrayList<>();
        for (Path run : runDirs(dir.resolve("stopped").resolve(kind))) {
            saved.addAll(checkpoints(run));
        }
        assertEquals(List.of(String.format("checkpoint-%06d.bin", rows)), saved.stream().map(f -> f.getFileName().toString()).toList());

        assertEquals(0, inProcess(args(kind, "stopped", "--checkpoint-every", "1000")), err());
        assertTrue(err().contains("after epoch " + rows + " of " + EPOCHS), err());
        assertSameAsUninterrupted(kind, "stopped");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
