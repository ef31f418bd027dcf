package digitlab.training.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import digitlab.training.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code experiment.json}: what was run, with which command and engine, and how long it took
 * ({@code wallMillis} null when the report was assembled from shards, whose wall time nobody saw whole).
 */
public record ExperimentRecord(String name, int seeds, int epochs, int runs, int parallel, Long wallMillis,
        String engine, String command) {
    public static final String FILE_NAME = "experiment.json";

    public void write(Path experimentDir) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("seeds", seeds);
        m.put("epochs", epochs);
        m.put("runs", runs);
        m.put("parallel", parallel);
        m.put("wallMillis", wallMillis);
        m.put("engine", engine);
        m.put("command", command);
        m.put("threads", "OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS")
                + " OPENBLAS_CORETYPE=" + System.getenv("OPENBLAS_CORETYPE"));
        byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(m);
        AtomicFiles.write(experimentDir.resolve(FILE_NAME), json);
    }
}
