package digitlab.training.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitlab.core.model.ModelMetadata;
import digitlab.training.model.TrainConfig;
import digitlab.training.train.RunRecord;

/** What a finished run writes into its ONNX file's metadata. */
public final class RunMetadata {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunMetadata() {}

    public static ModelMetadata of(RunRecord run) {
        if (run.last() == null) {
            throw new IllegalStateException("The run " + run.config().id() + " has no finished epoch to export.");
        }
        TrainConfig c = run.config();
        try {
            return new ModelMetadata(c.id(), JSON.writeValueAsString(c.toMap()), c.loss().id(), c.regularizer().id(),
                    c.strength(), c.seed(), run.epochsDone(), c.dataset(), c.split().name(), c.split().trainSize(),
                    c.split().testSize(), run.testImagesMd5(), run.last().trainAccuracy(), run.last().testAccuracy(),
                    run.trainingMillis(), c.scaling().name());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The run config could not be written as JSON.", e);
        }
    }
}
