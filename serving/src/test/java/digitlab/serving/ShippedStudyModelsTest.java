package digitlab.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.data.Digits;
import digitlab.core.data.PixelScaling;
import digitlab.core.metrics.Calibration;
import digitlab.core.model.ModelContract;
import digitlab.core.model.ModelMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The served study beyond the reference grid (./digit-lab experiment study --seeds 3): expanded
 * training data, early stopping and the L1 and L2 strengths its sweep showed acting, 3 seeds each.
 * ONNX Runtime alone reads every file back on the study's 2000 test digits and must get the accuracy
 * and calibration the trainer recorded for the epoch it kept, so each file holds that epoch's weights.
 */
class ShippedStudyModelsTest {
    private static final Path MODELS = Path.of("..", "models");
    /** The settings shipped, with the family serving groups each under. */
    private static final List<List<String>> SETTINGS = List.of(
            List.of("ce-expanded", "expanded"), List.of("ce-early-stop-100", "early-stop"),
            List.of("ce-l1-1", "l1"), List.of("ce-l1-3", "l1"), List.of("ce-l1-10", "l1"), List.of("ce-l2-30", "l2"), List.of("ce-l2-100", "l2"));

    @Test
    void each_study_family_is_shipped_for_seeds_0_1_and_2_with_the_figures_of_its_kept_epoch() throws Exception {
        Digits test = Mnist.test().first(2000);
        for (List<String> setting : SETTINGS) {
            for (long seed = 0; seed < 3; seed++) {
                String id = setting.get(0) + "-s" + seed;
                Path file = MODELS.resolve(id + ModelContract.FILE_SUFFIX);
                assertTrue(Files.isRegularFile(file), file + " is shipped");
                try (ReferenceRuntime runtime = new ReferenceRuntime(file)) {
                    ModelMetadata m = ModelMetadata.fromProps(runtime.metadata());
                    assertEquals(id, m.id());
                    assertEquals(seed, m.seed(), id);
                    assertEquals(setting.get(1), m.family(), id);
                    assertEquals(1000, m.trainSize(), id + ": the study's 1000 training images");
                    assertEquals(2000, m.testSize(), id);
                    assertTrue(m.epochs() <= 1000 && m.keptEpoch() < m.epochs(), id);
                    if (!"early-stop".equals(setting.get(1))) {
                        assertEquals(1000, m.epochs(), id + ": every epoch trained");
                        assertEquals(999, m.keptEpoch(), id + ": the last epoch kept");
                    }
                    float[] p = runtime.probabilities(test.pixels(PixelScaling.UNIT), test.size());
                    int correct = 0;
                    for (int i = 0; i < test.size(); i++) {
                        correct += ReferenceRuntime.argmax(p, i) == test.label(i) ? 1 : 0;
                    }
                    // one digit is 0.05 points: ONNX Runtime reads what the trainer measured at the kept epoch
                    assertEquals(m.testAccuracy(), 100.0 * correct / test.size(), 0.051, id);
                    assertTrue(m.hasCalibration(), id + " records its calibration");
                    Calibration served = Calibration.of(p, test.labels(), ModelContract.CLASSES);
                    assertEquals(m.ecePercent(), served.ecePercent(), 0.1, id + ": ECE");
                    assertEquals(m.nll(), served.nll(), 0.01, id + ": NLL");
                }
            }
        }
    }
}
