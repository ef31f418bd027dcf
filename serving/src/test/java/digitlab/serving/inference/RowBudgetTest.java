package digitlab.serving.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.model.ModelContract;
import digitlab.serving.Mnist;
import digitlab.serving.TestServer;
import digitlab.serving.inference.foreign.ModelAdapter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Digits per request bounded by what they cost each model, measured at load; large batches run in calls. */
class RowBudgetTest {
    private static final Path SHIPPED = Path.of("../models");
    private final ModelLoader loader = new ModelLoader(1);

    @Test
    void the_budget_allows_as_many_digits_as_fit_in_its_cpu_time_and_never_none_or_more_than_the_batch_limit() {
        assertEquals(5000, RowCost.maxRows(RowCost.INFERENCE_CPU_SECONDS_PER_REQUEST / 5000));
        assertEquals(PixelBatch.MAX_ROWS, RowCost.maxRows(1e-9));
        assertEquals(1, RowCost.maxRows(10));
    }

    @Test
    void the_shipped_cnn_is_measured_costlier_per_digit_than_the_shipped_mlp() throws Exception {
        try (OnnxModel cnn = loader.load(SHIPPED.resolve("ce-cnn-full-adam-decay0.8-augreal-s0.onnx"));
                OnnxModel mlp = loader.load(SHIPPED.resolve("ce-full-adam-decay0.93-aug-s0.onnx"))) {
            // 2 conv layers against 4 dense ones: about 17x here (0.085 against 0.005 ms); noise cannot close 3x.
            assertTrue(cnn.cpuSecondsPerRow() > 3 * mlp.cpuSecondsPerRow(),
                    cnn.cpuSecondsPerRow() + " against " + mlp.cpuSecondsPerRow());
            assertEquals(RowCost.maxRows(cnn.cpuSecondsPerRow()), cnn.maxRows());
        }
    }

    @Test
    void a_batch_over_a_models_limit_is_refused_before_it_runs() throws Exception {
        OnnxModel model = loader.load(TestServer.fixtureFiles().get(0));
        String id = model.id();
        ModelRegistry registry = serving(model);
        int over = model.maxRows() + 1;
        PixelBatch batch = new PixelBatch(new float[over * ModelContract.FEATURES], over, false);
        OverBudgetException refused = assertThrows(OverBudgetException.class, () -> registry.answer(id, batch));
        assertTrue(refused.getMessage().startsWith("The model '" + id + "' answers at most " + model.maxRows() + " digits"),
                refused.getMessage());
        assertEquals(0, model.runs());
        model.close();
    }

    @Test
    void a_batch_larger_than_one_call_runs_in_calls_and_answers_each_digit_as_alone() throws Exception {
        OnnxModel model = loader.load(TestServer.fixtureFiles().get(0));
        String id = model.id();
        ModelRegistry registry = serving(model);
        int rows = 2 * ModelAdapter.MAX_ROWS_PER_CALL + 1;
        float[] values = new float[rows * ModelContract.FEATURES];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(Mnist.pixels(r), 0, values, r * ModelContract.FEATURES, ModelContract.FEATURES);
        }
        ModelAnswer batch = registry.answer(id, new PixelBatch(values, rows, false));
        assertEquals(3, model.runs());
        for (int r : new int[] {0, ModelAdapter.MAX_ROWS_PER_CALL, rows - 1}) {
            ModelAnswer alone = registry.answer(id, PixelBatch.single(Mnist.pixels(r)));
            assertArrayEquals(alone.predictions().get(0).probabilities(), batch.predictions().get(r).probabilities(), 1e-6f);
        }
        model.close();
    }

    private static ModelRegistry serving(OnnxModel model) {
        ModelRegistry registry = new ModelRegistry();
        registry.publish(Map.of(model.id(), model), Map.of());
        return registry;
    }
}
