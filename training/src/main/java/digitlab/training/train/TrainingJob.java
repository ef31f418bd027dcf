package digitlab.training.train;

import digitlab.core.data.DigitDataset;
import digitlab.core.model.ModelContract;
import digitlab.training.export.OnnxExporter;
import digitlab.training.export.RunMetadata;
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
 * {@code <modelsDir>/<run-id>.onnx} (unless {@code modelsDir} is null), {@code parallel} at a time.
 * Each run uses one native thread, so two runs side by side use both cores of a 2-core machine.
 */
public final class TrainingJob {
    private final Path dataDir;
    private final Path modelsDir;
    private final boolean replace;
    private final int parallel;
    /** Each distinct dataset/split/scaling is loaded once and shared (read-only) by the runs using it. */
    private final Map<String, Prepared> prepared = new HashMap<>();

    private record Prepared(TrainingData data, String testImagesMd5) {}

    public TrainingJob(Path dataDir, Path modelsDir, boolean replace, int parallel) {
        this.dataDir = dataDir;
        this.modelsDir = modelsDir;
        this.replace = replace;
        this.parallel = Math.max(1, parallel);
    }

    /** The outcome of one run: its record and, when exported, its model file. */
    public record Outcome(RunRecord record, Path model) {}

    /** Runs into {@code <experimentDir>/<run-id>/}. */
    public List<Outcome> run(List<TrainConfig> runs, Path experimentDir, TrainingListener listener) throws IOException {
        return run(runs, c -> experimentDir.resolve(c.id()), listener);
    }

    public List<Outcome> run(List<TrainConfig> runs, Function<TrainConfig, Path> runDirOf, TrainingListener listener)
            throws IOException {
        refuseToOverwrite(runs);
        for (TrainConfig c : runs) {
            prepare(c); // load and check every dataset before the first epoch, so a bad path fails at once
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (TrainConfig c : runs) {
                futures.add(pool.submit(() -> runOne(c, runDirOf.apply(c), listener)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
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

    private Outcome runOne(TrainConfig config, Path runDir, TrainingListener listener) throws IOException {
        Prepared p = prepare(config);
        Trainer trainer = new Trainer(config, p.data());
        RunRecord record = trainer.run(runDir, p.testImagesMd5(), listener);
        Path model = modelsDir == null ? null
                : OnnxExporter.export(trainer.graph().sameDiff(), RunMetadata.of(record), modelsDir, replace);
        return new Outcome(record, model);
    }

    private void refuseToOverwrite(List<TrainConfig> runs) throws IOException {
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
        String key = c.dataset() + "/" + c.split() + "/" + c.scaling();
        Prepared p = prepared.get(key);
        if (p == null) {
            DigitDataset.SplitData split = DigitDataset.named(dataDir, c.dataset()).load(c.split());
            p = new Prepared(new TrainingData(split, c.scaling()), split.testImagesChecksum());
            prepared.put(key, p);
        }
        return p;
    }
}
