package digitlab.training.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import digitlab.core.data.PixelScaling;
import digitlab.core.data.Split;
import digitlab.core.metrics.Predictions;
import digitlab.core.model.ModelContract;
import digitlab.core.model.ModelMetadata;
import digitlab.training.TestData;
import digitlab.training.model.ActivationKind;
import digitlab.training.model.LossKind;
import digitlab.training.model.TrainedNetwork;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.training.model.TrainConfig;
import digitlab.training.train.RunRecord;
import digitlab.training.train.Trainer;
import digitlab.training.train.TrainingData;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every kind of model, trained for real, computes the same in ONNX Runtime as in SameDiff. */
class OnnxParityTest {
    private static final int TEST_DIGITS = 1000;
    private static final TrainingData DATA = TestData.trainingData(500, TEST_DIGITS);

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of(LossKind.CE, Regularizers.NONE, 0.0, ActivationKind.RELU),
                Arguments.of(LossKind.MSE, Regularizers.NONE, 0.0, ActivationKind.RELU),
                Arguments.of(LossKind.CE, Regularizers.L1, 0.005, ActivationKind.RELU),
                Arguments.of(LossKind.CE, Regularizers.L2, 0.1, ActivationKind.RELU),
                Arguments.of(LossKind.CE, Regularizers.DROPOUT, 0.5, ActivationKind.RELU),
                Arguments.of(LossKind.CE, Regularizers.NONE, 0.0, ActivationKind.SIGMOID),
                Arguments.of(LossKind.MSE, Regularizers.DROPOUT, 0.1, ActivationKind.TANH));
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("models")
    void onnx_runtime_output_matches_samediff_on_1000_test_digits(LossKind loss, Regularizer reg, double strength,
            ActivationKind activation) throws Exception {
        TrainConfig config = new TrainConfig(loss, reg, strength, new int[] {784, 64, 32, 10}, activation, 0.1, 64, 3,
                7, "mnist", new Split("seed", 500, TEST_DIGITS), PixelScaling.UNIT);
        Trainer trainer = new Trainer(List.of(config), DATA);
        for (int e = 0; e < config.epochs(); e++) {
            trainer.trainEpoch();
        }
        RunRecord run = new RunRecord(config, "md5", config.epochs(), true, 1234, trainer.evaluate(config.epochs() - 1).get(0));
        ModelMetadata metadata = RunMetadata.of(run);
        TrainedNetwork trained = trainer.trainedNetwork(0);
        byte[] onnx = OnnxExporter.toBytes(trained.inferenceGraph(), metadata);

        float[] expected = trained.probabilities(DATA.testX()).dup('c').data().asFloat();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            float[] pixels = DATA.testX().dup('c').data().asFloat();
            float[] actual = run(env, session, pixels, TEST_DIGITS);
            double maxDiff = 0;
            for (int i = 0; i < expected.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
            }
            assertTrue(maxDiff <= 1e-5, "max abs difference " + maxDiff);
            assertArrayEquals(Predictions.argmaxRows(expected, 10), Predictions.argmaxRows(actual, 10));

            for (int batch : new int[] {1, 7}) {
                float[] part = run(env, session, Arrays.copyOf(pixels, batch * ModelContract.FEATURES), batch);
                for (int i = 0; i < part.length; i++) {
                    assertEquals(actual[i], part[i], 1e-6, "batch of " + batch + ", value " + i);
                }
            }
            assertEquals(metadata, ModelMetadata.fromProps(session.getMetadata().getCustomMetadata()));
            assertEquals(ModelContract.PRODUCER, session.getMetadata().getProducerName());
        }
    }

    private static float[] run(OrtEnvironment env, OrtSession session, float[] pixels, int rows) throws Exception {
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {rows, ModelContract.FEATURES});
                OrtSession.Result result = session.run(Map.of(ModelContract.INPUT, input))) {
            OnnxTensor out = (OnnxTensor) result.get(ModelContract.OUTPUT).orElseThrow();
            assertArrayEquals(new long[] {rows, ModelContract.CLASSES}, out.getInfo().getShape());
            FloatBuffer fb = out.getFloatBuffer();
            float[] values = new float[fb.remaining()];
            fb.get(values);
            return values;
        }
    }
}
