package digitlab.training.train;

import digitlab.training.model.TrainConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The trainer's and exporter's view of {@code run.json} ({@link RunFile}): the run's full config,
 * dataset identity, timing and final figures. Written when a run starts ({@code finished: false})
 * and replaced atomically when it ends; a run killed between the two is read with the epochs its
 * metrics.csv holds. Runs are trained in stacks, so {@code trainingMillis} is the run's share: its
 * stack's wall time over the stack's size.
 */
public record RunRecord(TrainConfig config, String testImagesMd5, int epochsDone, boolean finished,
        long trainingMillis, EpochMetrics last, RunFile.Calibration calibration) {
    public static final String FILE_NAME = RunFile.FILE_NAME;

    /** A record without calibration: a run starting, or killed before its end. */
    public RunRecord(TrainConfig config, String testImagesMd5, int epochsDone, boolean finished, long trainingMillis,
            EpochMetrics last) {
        this(config, testImagesMd5, epochsDone, finished, trainingMillis, last, null);
    }

    public double msPerEpoch() {
        return epochsDone == 0 ? 0 : (double) trainingMillis / epochsDone;
    }

    public RunFile toFile() {
        TrainConfig c = config;
        return new RunFile(c.id(), c.name(), c.family(), c.seed(), c.toMap(),
                new RunFile.Dataset(c.dataset(), c.split().name(), c.split().trainSize(), c.split().testSize(),
                        testImagesMd5),
                epochsDone, finished, Math.round(msPerEpoch() * 100) / 100.0, trainingMillis,
                last == null ? null : RunFile.Final.of(last), calibration);
    }

    /**
     * Reads a run folder's run.json back, with the config the trainer needs; fails with a sentence
     * when the file is missing, malformed or lacks a field the trainer wrote.
     */
    public static RunRecord read(Path runDir) throws IOException {
        RunFile file = RunFile.read(runDir);
        try {
            if (file.config() == null || file.dataset() == null || file.epochsDone() == null
                    || file.trainingMillis() == null) {
                throw new IllegalStateException("it lacks its config, dataset, epochsDone or trainingMillis");
            }
            RunRecord record = new RunRecord(TrainConfig.fromMap(file.config()), file.dataset().testImagesMd5(),
                    file.epochsDone(), file.isFinished(), file.trainingMillis(),
                    file.last() == null ? null : file.last().metrics(), file.calibration());
            return record.finished() ? record : record.withEpochsFrom(MetricsCsv.read(runDir));
        } catch (RuntimeException e) {
            throw new IOException("The file " + runDir.resolve(FILE_NAME) + " is not a valid run record: "
                    + e.getMessage(), e);
        }
    }

    /**
     * An unfinished run's run.json is the one written at its start (epochsDone 0): the epochs it did
     * finish before it was killed are the rows of its metrics.csv, flushed one by one.
     */
    private RunRecord withEpochsFrom(MetricsCsv.Rows metrics) {
        List<EpochMetrics> rows = metrics.rows();
        if (rows.size() <= epochsDone) {
            return this;
        }
        return new RunRecord(config, testImagesMd5, rows.size(), false, trainingMillis, rows.get(rows.size() - 1));
    }

    public void write(Path runDir) throws IOException {
        toFile().write(runDir);
    }
}
