package digitlab.training.train;

import digitlab.training.files.AtomicFiles;
import digitlab.training.model.TrainConfig;
import digitlab.training.model.TrainedNetwork;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What a stack's training writes into each run's folder: {@code run.json} at the start (unfinished)
 * and at the end, {@code metrics.csv} row by row (flushed, so a killed run keeps its epochs), and
 * the trained graph as {@link Trainer#MODEL_FILE}. A resumed stack keeps the rows each run's
 * metrics.csv had at its checkpoint and appends to them.
 */
final class RunFiles implements Closeable {
    private final List<Path> dirs = new ArrayList<>();
    private final List<MetricsCsv> csvs = new ArrayList<>();

    /** @param resumedRows per run, the metrics rows a resumed stack keeps (all zero for a fresh start) */
    RunFiles(List<TrainConfig> runs, Function<TrainConfig, Path> runDirOf, String testImagesMd5, int[] resumedRows)
            throws IOException {
        try {
            for (int i = 0; i < runs.size(); i++) {
                TrainConfig c = runs.get(i);
                int resumedEpochs = resumedRows[i];
                Path dir = runDirOf.apply(c);
                Files.createDirectories(dir);
                new RunRecord(c, testImagesMd5, 0, false, 0, null).write(dir);
                dirs.add(dir);
                boolean validation = c.regularizer().validationImages() > 0;
                csvs.add(resumedEpochs == 0 ? new MetricsCsv(dir, validation) : MetricsCsv.continueAfter(dir, resumedEpochs));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    void append(int run, EpochMetrics metrics) throws IOException {
        csvs.get(run).append(metrics);
    }

    /** The run's trained graph and its final run.json. */
    void finish(int run, TrainedNetwork network, RunRecord record) throws IOException {
        AtomicFiles.write(dirs.get(run).resolve(Trainer.MODEL_FILE), tmp -> network.inferenceGraph().save(tmp.toFile(), false));
        record.write(dirs.get(run));
    }

    @Override
    public void close() throws IOException {
        for (MetricsCsv csv : csvs) {
            csv.close();
        }
    }
}
