package digitlab.training.train;

import digitlab.core.metrics.Calibration;
import digitlab.core.model.ModelContract;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A trained network's calibration on the test split: its inference graph's probabilities on every
 * test image, judged by core's {@link Calibration} (15 equal-width confidence bins, mean negative
 * log-likelihood), the same maths the server applies to the exported file.
 */
public final class TestCalibration {
    private TestCalibration() {}

    /** {@code inference}: a graph from pixels to probabilities, as {@link digitlab.training.model.TrainedNetwork#inferenceGraph()}. */
    public static RunFile.Calibration of(SameDiff inference, TrainingData data) {
        float[] probabilities = inference.outputSingle(Map.of(ModelContract.INPUT, data.testX()), ModelContract.OUTPUT)
                .dup('c').data().asFloat();
        Calibration c = Calibration.of(probabilities, data.testLabels(), ModelContract.CLASSES);
        return new RunFile.Calibration(Calibration.BINS, c.images(), c.ecePercent(), c.nll());
    }
}
