package digitlab.training.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import digitlab.training.model.TrainConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code run.json}: the run's full config, dataset identity, timing and final figures. Written when
 * a run starts ({@code finished: false}) and replaced atomically when it ends.
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

    public void write(Path runDir) throws IOException {
        AtomicFiles.write(runDir.resolve(FILE_NAME), JSON.writeValueAsBytes(toMap()));
    }
}
