package digitlab.training.checkpoint;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitlab.training.files.AtomicFiles;
import digitlab.training.model.TrainConfig;
import digitlab.training.train.MetricsCsv;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The checkpoints of one stack: everything its next epoch depends on (the graph's weights, updater
 * state and step count, and every random stream), saved every few epochs into the stack's first run
 * folder as {@code checkpoint-<epochs done>.bin}, the newest two kept. A rerun resumes from the
 * newest one that is whole and fits this stack, falling back to the one before or to the start, and
 * says which; the trainer then cuts each run's metrics.csv to that epoch and trains on.
 */
public final class StackCheckpoints implements AutoCloseable {
    /** No checkpoints: nothing saved, nothing resumed (tests and benchmarks that train in memory). */
    public static final StackCheckpoints NONE = new StackCheckpoints(CheckpointPolicy.NONE, List.of(), List.of(), () -> {});
    private static final Pattern FILE = Pattern.compile("checkpoint-(\\d+)\\.bin");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CheckpointPolicy policy;
    private final List<TrainConfig> runs;
    private final List<Path> runDirs;
    private final AfterWrite afterWrite;
    private final PrintStream notes = System.err;

    /**
     * What the trainer hands over to be saved and set again: its graph, its random streams by name,
     * and where each run stands.
     */
    public record Subject(SameDiff sameDiff, Map<String, SavableRandom> randoms, Supplier<List<RunProgress>> progress) {}

    /**
     * Where one run of the stack stands: the metrics rows it has written (fewer than the stack's
     * epochs once its epoch rule stopped it) and the weights that rule kept, if it kept an epoch.
     *
     * @param keptEpoch the epoch whose weights {@code kept} are, or -1 with {@code kept} empty
     */
    public record RunProgress(int rows, int keptEpoch, List<INDArray> kept) {
        public RunProgress {
            kept = List.copyOf(kept);
        }
    }

    /**
     * Where training picks up: after {@code epochs} epochs (0: the start), with the stack's wall
     * time so far and each run's progress (its rows are in its metrics.csv, cut to them).
     */
    public record Resumed(int epochs, long trainingMillis, List<RunProgress> progress) {
        static final Resumed START = new Resumed(0, 0, List.of());
    }

    /** Called after each checkpoint is written: a Spark task copies the stack's folders to a --runs URI. */
    public interface AfterWrite {
        void written() throws IOException;
    }

    /** The header of a checkpoint file. */
    record Header(int epochsDone, long trainingMillis, int iterationCount, int epochCount,
            List<Map<String, Object>> runs, Map<String, Long> randoms, List<Integer> rows, List<Integer> keptEpochs) {}

    /** Kept weights are saved beside the graph's arrays under this prefix: {@code kept/<run>/<parameter>}. */
    private static final String KEPT = "kept/";

    public StackCheckpoints(CheckpointPolicy policy, List<TrainConfig> runs, List<Path> runDirs, AfterWrite afterWrite) {
        this.policy = policy;
        this.runs = List.copyOf(runs);
        this.runDirs = List.copyOf(runDirs);
        this.afterWrite = afterWrite;
        if (policy.enabled()) {
            StopSignal.enter(this);
        }
    }

    private Path folder() {
        return runDirs.get(0);
    }

    private String ids() {
        return runs.size() == 1 ? runs.get(0).id() : runs.get(0).id() + " and the " + (runs.size() - 1) + " other runs of its stack";
    }

    /** Sets {@code subject} to the newest usable checkpoint and says so; {@link Resumed#START} when there is none. */
    public Resumed resume(Subject subject) throws IOException {
        List<Path> files = newestFirst();
        for (int k = 0; k < files.size(); k++) {
            Path file = files.get(k);
            String next = k + 1 < files.size() ? "trying the one before" : "training from the start";
            try {
                CheckpointFile.Content content = CheckpointFile.read(file);
                Header header = header(file, content);
                String why = unusable(header, content, subject);
                if (why != null) {
                    notes.println("The checkpoint " + file + " does not fit " + ids() + " (" + why + "); " + next + ".");
                    continue;
                }
                GraphState.apply(subject.sameDiff(), graphArrays(content), header.iterationCount(), header.epochCount());
                header.randoms().forEach((name, state) -> subject.randoms().get(name).restore(state));
                List<RunProgress> progress = new ArrayList<>();
                for (int i = 0; i < runDirs.size(); i++) {
                    progress.add(new RunProgress(header.rows().get(i), header.keptEpochs().get(i), keptArrays(content, i)));
                }
                notes.println("Resuming " + ids() + " after epoch " + header.epochsDone() + " of " + runs.get(0).epochs()
                        + " from " + file + ".");
                return new Resumed(header.epochsDone(), header.trainingMillis(), progress);
            } catch (DamagedCheckpointException e) {
                notes.println(e.getMessage() + "; " + next + ".");
            }
        }
        return Resumed.START;
    }

    /** The checkpoint's arrays of the graph itself, without the kept weights. */
    private static Map<String, CheckpointFile.Array> graphArrays(CheckpointFile.Content content) {
        Map<String, CheckpointFile.Array> graph = new LinkedHashMap<>(content.arrays());
        graph.keySet().removeIf(name -> name.startsWith(KEPT));
        return graph;
    }

    /** Run {@code run}'s kept weights in parameter order; empty when its rule kept none. */
    private static List<INDArray> keptArrays(CheckpointFile.Content content, int run) {
        List<INDArray> kept = new ArrayList<>();
        for (int k = 0; content.arrays().containsKey(KEPT + run + "/" + k); k++) {
            CheckpointFile.Array a = content.arrays().get(KEPT + run + "/" + k);
            kept.add(Nd4j.create(a.values(), a.shape(), 'c'));
        }
        return kept;
    }

    private static Header header(Path file, CheckpointFile.Content content) throws DamagedCheckpointException {
        try {
            return JSON.readValue(content.headerJson(), Header.class);
        } catch (JacksonException e) {
            throw new DamagedCheckpointException(file, "its header is not readable: " + e.getOriginalMessage());
        }
    }

    /** Why a whole checkpoint cannot be resumed from here, or null when it can. */
    private String unusable(Header h, CheckpointFile.Content content, Subject subject) throws IOException {
        // Both through JSON text, so a seed is the same number whether it was a long or read back as an int.
        JsonNode wanted = JSON.readTree(JSON.writeValueAsString(runs.stream().map(TrainConfig::toMap).toList()));
        if (!wanted.equals(JSON.readTree(JSON.writeValueAsString(h.runs())))) {
            return "it was written for other runs or another config";
        }
        if (!h.randoms().keySet().equals(subject.randoms().keySet())) {
            return "it holds the random streams " + h.randoms().keySet() + ", this stack " + subject.randoms().keySet();
        }
        if (h.epochsDone() < 1 || h.epochsDone() > runs.get(0).epochs()) {
            return "it is after epoch " + h.epochsDone() + " of " + runs.get(0).epochs();
        }
        if (h.rows() == null || h.rows().size() != runDirs.size() || h.keptEpochs() == null
                || h.keptEpochs().size() != runDirs.size()) {
            return "it does not say where each run of the stack stood";
        }
        String arrays = GraphState.mismatch(subject.sameDiff(), graphArrays(content));
        if (arrays != null) {
            return arrays;
        }
        for (int i = 0; i < runDirs.size(); i++) {
            int rows = h.rows().get(i);
            if (rows < 1 || rows > h.epochsDone() || (h.keptEpochs().get(i) >= 0) == keptArrays(content, i).isEmpty()) {
                return "its progress of run " + i + " does not fit its epochs";
            }
            Path dir = runDirs.get(i);
            if (MetricsCsv.read(dir).rows().size() < rows) {
                return dir.resolve(MetricsCsv.FILE_NAME) + " holds fewer than its " + rows + " epochs";
            }
        }
        return null;
    }

    /**
     * After each epoch's metrics rows are written: saves a checkpoint when one is due (every N epochs,
     * after the last, or after SIGTERM, when it then stops the training).
     */
    public void epochDone(Subject subject, int epochsDone, long trainingMillis) throws IOException {
        if (!policy.enabled()) {
            return;
        }
        boolean stop = StopSignal.requested();
        if (stop || epochsDone % policy.everyEpochs() == 0 || epochsDone == runs.get(0).epochs()) {
            write(subject, epochsDone, trainingMillis);
        }
        if (stop) {
            StopSignal.leave(this);
            throw new TrainingStoppedException(ids(), epochsDone);
        }
    }

    private void write(Subject subject, int epochsDone, long trainingMillis) throws IOException {
        int[] counts = GraphState.counts(subject.sameDiff());
        Map<String, Long> randoms = new LinkedHashMap<>();
        subject.randoms().forEach((name, rng) -> randoms.put(name, rng.state()));
        List<RunProgress> progress = subject.progress().get();
        Map<String, CheckpointFile.Array> arrays = GraphState.capture(subject.sameDiff());
        for (int i = 0; i < progress.size(); i++) {
            List<INDArray> kept = progress.get(i).kept();
            for (int k = 0; k < kept.size(); k++) {
                INDArray a = kept.get(k);
                arrays.put(KEPT + i + "/" + k, new CheckpointFile.Array(a.shape(), a.dup('c').data().asFloat()));
            }
        }
        Header header = new Header(epochsDone, trainingMillis, counts[0], counts[1],
                runs.stream().map(TrainConfig::toMap).toList(), randoms,
                progress.stream().map(RunProgress::rows).toList(), progress.stream().map(RunProgress::keptEpoch).toList());
        Path file = folder().resolve(String.format("checkpoint-%06d.bin", epochsDone));
        CheckpointFile.write(file, new CheckpointFile.Content(JSON.writeValueAsString(header), arrays));
        // The newest two: if this one is later found damaged, the one before is still there.
        List<Path> older = newestFirst().stream().filter(f -> epochOf(f) < epochsDone).toList();
        for (Path old : older.subList(Math.min(1, older.size()), older.size())) {
            Files.deleteIfExists(old);
        }
        afterWrite.written();
    }

    /** The stack finished and every run's files are written: its checkpoints go, unless kept. */
    public void finished() throws IOException {
        if (!policy.keep()) {
            for (Path file : newestFirst()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Override
    public void close() {
        if (policy.enabled()) {
            StopSignal.leave(this);
        }
    }

    /** This stack's checkpoint files, newest first; none when its folder does not exist yet. */
    List<Path> newestFirst() throws IOException {
        if (runDirs.isEmpty() || !Files.isDirectory(folder())) {
            return List.of();
        }
        AtomicFiles.removeStale(folder());
        try (Stream<Path> files = Files.list(folder())) {
            return files.filter(f -> FILE.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(StackCheckpoints::epochOf).reversed()).toList();
        }
    }

    private static int epochOf(Path file) {
        Matcher m = FILE.matcher(file.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
