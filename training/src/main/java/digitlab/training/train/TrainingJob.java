package digitlab.training.train;

import digitlab.core.data.DigitDataset;
import digitlab.training.checkpoint.CheckpointPolicy;
import digitlab.training.checkpoint.StackCheckpoints;
import digitlab.core.model.ModelContract;
import digitlab.training.export.OnnxExporter;
import digitlab.training.export.RunMetadata;
import digitlab.training.model.StackedMlpGraph;
import digitlab.training.model.TrainConfig;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;

/**
 * Trains a list of runs into {@code <experimentDir>/<run-id>/} and exports each to
 * {@code <modelsDir>/<run-id>.onnx} (unless {@code modelsDir} is null).
 *
 * <p>Runs that differ only in their objective (same seed, data and network) are trained together
 * in stacks ({@link Trainer}), which pays SameDiff's per-op cost once per stack instead of once per
 * run. Each group is cut into {@code parallel} stacks trained side by side, one native thread
 * each, so a 2-core machine uses both cores.
 */
public final class TrainingJob {
    private final Path dataDir;
    private final Path modelsDir;
    private final boolean replace;
    private final int parallel;
    private final CheckpointPolicy checkpoints;
    /** Each distinct dataset/split/scaling is loaded once and shared (read-only) by the runs using it. */
    private final Map<String, Prepared> prepared = new HashMap<>();

    private record Prepared(TrainingData data, String testImagesMd5) {}

    /** A job that saves no checkpoints (tests and benchmarks). */
    public TrainingJob(Path dataDir, Path modelsDir, boolean replace, int parallel) {
        this(dataDir, modelsDir, replace, parallel, CheckpointPolicy.NONE);
    }

    public TrainingJob(Path dataDir, Path modelsDir, boolean replace, int parallel, CheckpointPolicy checkpoints) {
        this.dataDir = dataDir;
        this.modelsDir = modelsDir;
        this.replace = replace;
        this.parallel = Math.max(1, parallel);
        this.checkpoints = checkpoints;
    }

    /** The outcome of one run: its record and, when exported, its model file. */
    public record Outcome(RunRecord record, Path model) {}

    /** Runs into {@code <experimentDir>/<run-id>/}. */
    public List<Outcome> run(List<TrainConfig> runs, Path experimentDir, TrainingListener listener) throws IOException {
        return run(runs, c -> experimentDir.resolve(c.id()), listener);
    }

    public List<Outcome> run(List<TrainConfig> runs, Function<TrainConfig, Path> runDirOf, TrainingListener listener)
            throws IOException {
        return runStacks(stacks(runs, parallel), runDirOf, listener);
    }

    /** Trains the given stacks ({@link #stacks} or a share of them), {@code parallel} side by side. */
    public List<Outcome> runStacks(List<List<TrainConfig>> stacks, Function<TrainConfig, Path> runDirOf,
            TrainingListener listener) throws IOException {
        List<TrainConfig> runs = stacks.stream().flatMap(List::stream).toList();
        refuseToOverwrite(runs);
        for (TrainConfig c : runs) {
            prepare(c); // load and check every dataset before the first epoch, so a bad path fails at once
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<List<Outcome>>> futures = new ArrayList<>();
            for (List<TrainConfig> stack : stacks) {
                futures.add(pool.submit(() -> runStack(stack, runDirOf, listener)));
            }
            Map<TrainConfig, Outcome> byRun = new HashMap<>();
            for (Future<List<Outcome>> f : futures) {
                for (Outcome o : f.get()) {
                    byRun.put(o.record().config(), o);
                }
            }
            return runs.stream().map(byRun::get).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("The training was interrupted.", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The runs grouped by what a stack must share (plan order kept), each group cut into
     * {@code parallel} near-equal stacks: the reference grid's 10 runs become 2 stacks of 5.
     */
    public static List<List<TrainConfig>> stacks(List<TrainConfig> runs, int parallel) {
        List<List<TrainConfig>> groups = new ArrayList<>();
        for (TrainConfig c : runs) {
            groups.stream().filter(g -> StackedMlpGraph.stackable(g.get(0), c)).findFirst()
                    .orElseGet(() -> {
                        groups.add(new ArrayList<>());
                        return groups.get(groups.size() - 1);
                    }).add(c);
        }
        List<List<TrainConfig>> stacks = new ArrayList<>();
        for (List<TrainConfig> group : groups) {
            int pieces = Math.min(parallel, group.size());
            for (int k = 0; k < pieces; k++) {
                stacks.add(List.copyOf(group.subList(k * group.size() / pieces, (k + 1) * group.size() / pieces)));
            }
        }
        return stacks;
    }

    /** Trains one stack in the calling thread. */
    public List<Outcome> runStack(List<TrainConfig> stack, Function<TrainConfig, Path> runDirOf,
            TrainingListener listener) throws IOException {
        return runStack(stack, runDirOf, listener, () -> {});
    }

    /**
     * Trains one stack in the calling thread, resuming it from its checkpoint when it has one; a
     * Spark task calls this for its stack, with {@code afterCheckpoint} copying its folders up.
     */
    public List<Outcome> runStack(List<TrainConfig> stack, Function<TrainConfig, Path> runDirOf,
            TrainingListener listener, StackCheckpoints.AfterWrite afterCheckpoint) throws IOException {
        Prepared p = prepare(stack.get(0));
        try (StackCheckpoints saved = new StackCheckpoints(checkpoints, stack, stack.stream().map(runDirOf).toList(),
                afterCheckpoint)) {
            Trainer trainer = new Trainer(stack, p.data());
            List<Outcome> outcomes = new ArrayList<>();
            for (Trainer.TrainedRun run : trainer.run(runDirOf, p.testImagesMd5(), listener, saved)) {
                // metrics.csv is flushed every epoch, so it is complete here and the file carries the run's curves.
                Path model = modelsDir == null ? null : OnnxExporter.export(run.network().inferenceGraph(),
                        RunMetadata.of(run.record(), runDirOf.apply(run.record().config())), modelsDir, replace);
                outcomes.add(new Outcome(run.record(), model));
            }
            // Only now: a kill while the runs' files were written resumes from the last epoch, training nothing.
            saved.finished();
            return outcomes;
        }
    }

    /** Fails, before any training, when a run's model file exists and {@code --replace} was not given. */
    public void refuseToOverwrite(List<TrainConfig> runs) throws IOException {
        if (modelsDir == null || replace) {
            return;
        }
        for (TrainConfig c : runs) {
            Path target = modelsDir.resolve(c.id() + ModelContract.FILE_SUFFIX);
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target + " exists already; pass --replace to overwrite it, or --no-export");
            }
        }
    }

    private synchronized Prepared prepare(TrainConfig c) throws IOException {
        int validation = c.regularizer().validationImages();
        String key = c.dataset() + "/" + c.split() + "/" + c.scaling() + "/" + validation;
        Prepared p = prepared.get(key);
        if (p == null) {
            DigitDataset dataset = DigitDataset.named(dataDir, c.dataset());
            DigitDataset.SplitData split = dataset.load(c.split());
            p = new Prepared(new TrainingData(split.train(), split.test(),
                    validation == 0 ? null : dataset.validation(c.split(), validation), c.scaling()),
                    split.testImagesChecksum());
            prepared.put(key, p);
        }
        return p;
    }
}
