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
import digitlab.training.model.LossKind;
import digitlab.training.model.Network;
import digitlab.training.model.OptimizerKind;
import digitlab.training.model.Recipe;
import digitlab.training.model.TrainConfig;
import digitlab.training.model.TrainedNetwork;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.training.train.RunRecord;
import digitlab.training.train.Trainer;
import digitlab.training.train.TrainingData;
import digitlab.training.train.TrainingListener;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import onnx.Onnx;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A convolutional network defined by layer specs trains with the same trainer, and its ONNX export
 * (Conv, MaxPool, Relu, Reshape, MatMul, Softmax; the contract's {@code pixels [N, 784]} in and
 * {@code probabilities [N, 10]} out) computes in ONNX Runtime what SameDiff computes, on 1000 real
 * test digits.
 */
class CnnOnnxParityTest {
    private static final int TEST_DIGITS = 1000;
    private static final TrainingData DATA = TestData.trainingData(500, TEST_DIGITS);
    /** Two convolutions (one 5x5, one 3x3), each pooled, then a hidden dense layer: small enough to train in seconds. */
    private static final String NETWORK = "conv5x5x6,relu,pool2,conv3x3x8,relu,pool2,flatten,dense32,relu,dense10";

    static Stream<Arguments> runs() {
        return Stream.of(Arguments.of(Regularizers.NONE, 0.0), Arguments.of(Regularizers.L2, 5.0),
                Arguments.of(Regularizers.DROPOUT, 0.2));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("runs")
    void a_cnn_exported_to_onnx_answers_as_samediff_on_1000_test_digits(Regularizer reg, double strength, @TempDir Path dir)
            throws Exception {
        TrainConfig config = new TrainConfig(LossKind.CE, reg, strength, Network.parse(NETWORK), 0.003, 32, 3, 7, "mnist",
                new Split("seed", 500, TEST_DIGITS), PixelScaling.UNIT, new Recipe(OptimizerKind.ADAM, 1, false));
        assertEquals(config, TrainConfig.fromMap(config.toMap()), "run.json reads the network back");
        Trainer.TrainedRun run = new Trainer(List.of(config), DATA).run(c -> dir, "md5", TrainingListener.NONE).get(0);
        assertTrue(run.record().last().testAccuracy() > 60, "the CNN learned: " + run.record().last().testAccuracy());
        RunRecord timed = new RunRecord(config, "md5", config.epochs(), true, 1234, run.record().last());
        ModelMetadata metadata = RunMetadata.of(timed);
        TrainedNetwork trained = run.network();
        byte[] onnx = OnnxExporter.toBytes(trained.inferenceGraph(), metadata);

        assertTrue(Onnx.ModelProto.parseFrom(onnx).getDocString().startsWith("MNIST network " + NETWORK + " "));
        List<String> ops = Onnx.ModelProto.parseFrom(onnx).getGraph().getNodeList().stream().map(Onnx.NodeProto::getOpType)
                .distinct().toList();
        assertTrue(ops.containsAll(List.of("Reshape", "Conv", "Relu", "MaxPool", "MatMul", "Softmax")), ops.toString());

        float[] expected = trained.probabilities(DATA.testX()).dup('c').data().asFloat();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions())) {
            float[] pixels = DATA.testX().dup('c').data().asFloat();
            float[] actual;
            try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {TEST_DIGITS, ModelContract.FEATURES});
                    OrtSession.Result result = session.run(Map.of(ModelContract.INPUT, input))) {
                OnnxTensor out = (OnnxTensor) result.get(ModelContract.OUTPUT).orElseThrow();
                assertArrayEquals(new long[] {TEST_DIGITS, ModelContract.CLASSES}, out.getInfo().getShape());
                FloatBuffer fb = out.getFloatBuffer();
                actual = new float[fb.remaining()];
                fb.get(actual);
            }
            double maxDiff = 0;
            for (int i = 0; i < expected.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
            }
            assertTrue(maxDiff <= 1e-5, "max abs difference " + maxDiff);
            int[] predicted = Predictions.argmaxRows(actual, ModelContract.CLASSES);
            assertArrayEquals(Predictions.argmaxRows(expected, ModelContract.CLASSES), predicted);
            assertEquals(run.record().last().testAccuracy(), Predictions.accuracyPercent(predicted, DATA.testLabels()), 0.051,
                    "ONNX Runtime's accuracy is the trainer's");
            assertEquals(metadata, ModelMetadata.fromProps(session.getMetadata().getCustomMetadata()));
        }
    }
}
