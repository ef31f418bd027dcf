package digitlab.training.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import digitlab.training.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code run.json} exactly as it sits on disk, bound by Jackson; the one place its fields are named.
 * Every field may be missing (null) and unknown fields are skipped, because folders written by older
 * versions, or by a run killed at its start, must still be read: {@link RunRecord} is the trainer's
 * strict view of it, the report's {@code RunOnDisk} the lenient one.
 *
 * @param config {@code TrainConfig.toMap()}: the same map goes into the ONNX metadata as JSON
 * @param msPerEpoch written for people reading the file; readers derive it again
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunFile(String id, String name, String family, Long seed, Map<String, Object> config,
        Dataset dataset, Integer epochsDone, Boolean finished, Double msPerEpoch, Long trainingMillis,
        @JsonProperty("final") Final last, Calibration calibration) {
    public static final String FILE_NAME = "run.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Which data the run trained and tested on. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dataset(String name, String split, Integer trainSize, Integer testSize, String testImagesMd5) {
        public static final Dataset UNKNOWN = new Dataset(null, null, null, null, null);
    }

    /**
     * The figures of the epoch whose weights the run kept (the last finished one unless an epoch rule
     * chose another); {@code gap} is written for people and derived when read; {@code valAcc} only
     * for a run measured on a validation set.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Final(int epoch, double trainLoss, @JsonProperty("trainAcc") double trainAccuracy,
            @JsonProperty("testAcc") double testAccuracy, double gap, @JsonProperty("valAcc") Double validationAccuracy) {
        static Final of(EpochMetrics m) {
            return new Final(m.epoch(), m.trainLoss(), m.trainAccuracy(), m.testAccuracy(), m.gap(),
                    m.hasValidation() ? m.validationAccuracy() : null);
        }

        EpochMetrics metrics() {
            return new EpochMetrics(epoch, trainLoss, trainAccuracy, testAccuracy,
                    validationAccuracy == null ? Double.NaN : validationAccuracy);
        }
    }

    /**
     * How far the kept epoch's probabilities on the test split can be trusted, measured when the run
     * ends: expected calibration error over {@code bins} equal-width confidence bins, in percentage
     * points, and the mean negative log-likelihood of the true class, in nats.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Calibration(int bins, int images, double ecePercent, double nll) {}

    public boolean isFinished() {
        return Boolean.TRUE.equals(finished);
    }

    public static boolean existsIn(Path runDir) {
        return Files.isRegularFile(runDir.resolve(FILE_NAME));
    }

    /** Reads a folder's run.json; fails with a sentence naming the file when it is missing or not JSON. */
    public static RunFile read(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE_NAME);
        if (!existsIn(runDir)) {
            throw new IOException(runDir + " is not a run folder: it has no " + FILE_NAME);
        }
        try {
            RunFile run = JSON.readValue(file.toFile(), RunFile.class);
            if (run == null) {
                throw new IOException("The file " + file + " is empty");
            }
            return run;
        } catch (JacksonException e) {
            throw new IOException("The file " + file + " is not a valid run record: " + e.getOriginalMessage(), e);
        }
    }

    /** Replaces the folder's run.json atomically: a reader sees the old file or the new one. */
    public void write(Path runDir) throws IOException {
        AtomicFiles.write(runDir.resolve(FILE_NAME), JSON.writeValueAsBytes(this));
    }
}
