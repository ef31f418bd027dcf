package digitlab.training.train;

import digitlab.training.files.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import digitlab.training.model.TrainConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run.json}: the run's full config, dataset identity, timing and final figures. Written when
 * a run starts ({@code finished: false}) and replaced atomically when it ends; a run killed between
 * the two is read with the epochs its metrics.csv holds. Runs are trained in
 * stacks, so {@code trainingMillis} is the run's share: its stack's wall time over the stack's size.
 */
public record RunRecord(TrainConfig config, String testImagesMd5, int epochsDone, boolean finished,
        long trainingMillis, EpochMetrics last) {
    public static final String FILE_NAME = "run.json";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public double msPerEpoch() {
        return epochsDone == 0 ? 0 : (double) trainingMillis / epochsDone;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", config.id());
        m.put("name", config.name());
        m.put("family", config.family());
        m.put("seed", config.seed());
        m.put("config", config.toMap());
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("name", config.dataset());
        dataset.put("split", config.split().name());
        dataset.put("trainSize", config.split().trainSize());
        dataset.put("testSize", config.split().testSize());
        dataset.put("testImagesMd5", testImagesMd5);
        m.put("dataset", dataset);
        m.put("epochsDone", epochsDone);
        m.put("finished", finished);
        m.put("msPerEpoch", Math.round(msPerEpoch() * 100) / 100.0);
        m.put("trainingMillis", trainingMillis);
        if (last != null) {
            Map<String, Object> fin = new LinkedHashMap<>();
            fin.put("epoch", last.epoch());
            fin.put("trainLoss", last.trainLoss());
            fin.put("trainAcc", last.trainAccuracy());
            fin.put("testAcc", last.testAccuracy());
            fin.put("gap", last.gap());
            m.put("final", fin);
        }
        return m;
    }

    /** Reads a run folder's run.json back; fails with a sentence when it is missing or malformed. */
    @SuppressWarnings("unchecked")
    public static RunRecord read(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE_NAME);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new IOException(runDir + " is not a run folder: it has no " + FILE_NAME);
        }
        try {
            Map<String, Object> m = JSON.readValue(file.toFile(), Map.class);
            Map<String, Object> dataset = (Map<String, Object>) m.get("dataset");
            Map<String, Object> fin = (Map<String, Object>) m.get("final");
            EpochMetrics last = fin == null ? null : new EpochMetrics(((Number) fin.get("epoch")).intValue(),
                    ((Number) fin.get("trainLoss")).doubleValue(), ((Number) fin.get("trainAcc")).doubleValue(),
                    ((Number) fin.get("testAcc")).doubleValue());
            RunRecord record = new RunRecord(TrainConfig.fromMap((Map<String, Object>) m.get("config")),
                    (String) dataset.get("testImagesMd5"), ((Number) m.get("epochsDone")).intValue(),
                    Boolean.TRUE.equals(m.get("finished")), ((Number) m.get("trainingMillis")).longValue(), last);
            return record.finished() ? record : record.withEpochsFrom(MetricsCsv.read(runDir));
        } catch (RuntimeException | com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("The file " + file + " is not a valid run record: " + e.getMessage(), e);
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
        AtomicFiles.write(runDir.resolve(FILE_NAME), JSON.writeValueAsBytes(toMap()));
    }
}
