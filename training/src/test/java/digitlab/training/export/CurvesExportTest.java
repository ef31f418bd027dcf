package digitlab.training.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import digitlab.core.data.PixelScaling;
import digitlab.core.data.Split;
import digitlab.core.model.MetadataKeys;
import digitlab.core.model.ModelContract;
import digitlab.core.model.ModelMetadata;
import digitlab.core.model.TrainingCurves;
import digitlab.training.TestData;
import digitlab.training.model.ActivationKind;
import digitlab.training.model.LossKind;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.training.model.TrainConfig;
import digitlab.training.train.EpochMetrics;
import digitlab.training.train.MetricsCsv;
import digitlab.training.train.RunRecord;
import digitlab.training.train.Trainer;
import digitlab.training.train.TrainingJob;
import digitlab.training.train.TrainingListener;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;

/** The per-epoch accuracy a run measured travels in its ONNX file, written by the exporter and read back by core. */
class CurvesExportTest {
    private static TrainConfig config(long seed) {
        return new TrainConfig(LossKind.CE, Regularizers.L2, 0.1, new int[] {784, 16, 10}, ActivationKind.RELU, 0.1,
                64, 4, seed, "mnist", new Split("seed", 500, 500), PixelScaling.UNIT);
    }

    @Test
    void an_exported_model_carries_every_epochs_train_and_test_accuracy_from_metrics_csv(@TempDir Path dir) throws Exception {
        TrainConfig c = config(3);
        new TrainingJob(TestData.DATA_DIR, dir.resolve("models"), false, 1).run(List.of(c), dir.resolve("runs"),
                TrainingListener.NONE);
        Path file = dir.resolve("models").resolve(c.id() + ModelContract.FILE_SUFFIX);
        List<EpochMetrics> rows = MetricsCsv.read(dir.resolve("runs").resolve(c.id())).rows();
        assertEquals(4, rows.size());

        // Read back as the server reads it: ONNX Runtime's custom metadata, through core's ModelMetadata.
        Map<String, String> props;
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString(), new OrtSession.SessionOptions())) {
            props = session.getMetadata().getCustomMetadata();
        }
        TrainingCurves curves = ModelMetadata.fromProps(props).curves();
        assertEquals(List.of(0, 1, 2, 3), curves.epochs());
        for (int e = 0; e < 4; e++) {
            assertEquals(rows.get(e).trainAccuracy(), curves.train().get(e), 0.005, "train, epoch " + e);
            assertEquals(rows.get(e).testAccuracy(), curves.test().get(e), 0.005, "test, epoch " + e);
        }
        assertEquals(OnnxModelFile.readMetadata(file), ModelMetadata.fromProps(props));
    }

    @Test
    void curves_added_to_an_older_file_change_only_that_entry_and_not_a_single_output(@TempDir Path dir) throws Exception {
        TrainConfig c = config(4);
        Path runDir = dir.resolve("runs").resolve(c.id());
        new TrainingJob(TestData.DATA_DIR, null, false, 1).run(List.of(c), dir.resolve("runs"), TrainingListener.NONE);
        RunRecord run = RunRecord.read(runDir);
        // As every model was exported before curves existed.
        SameDiff sd = SameDiff.load(runDir.resolve(Trainer.MODEL_FILE).toFile(), false);
        Path file = OnnxExporter.export(sd, RunMetadata.of(run), dir, false);
        Map<String, String> before = metadataOf(file);
        assertFalse(before.containsKey(MetadataKeys.CURVES));
        float[] pixels = TestData.split(500, 500).test().pixels(PixelScaling.UNIT);
        float[] answersBefore = probabilities(file, pixels, 500);

        TrainingCurves added = CurvesAdder.add(file, runDir);

        Map<String, String> after = metadataOf(file);
        assertEquals(added, TrainingCurves.parse(after.remove(MetadataKeys.CURVES)));
        assertEquals(before, after, "every other entry as it was");
        assertEquals(RunMetadata.curves(runDir), added);
        assertArrayEquals(answersBefore, probabilities(file, pixels, 500), 0f);
    }

    @Test
    void curves_from_another_run_are_refused(@TempDir Path dir) throws Exception {
        TrainConfig a = config(5);
        TrainConfig b = config(6);
        new TrainingJob(TestData.DATA_DIR, dir.resolve("models"), false, 1).run(List.of(a, b), dir.resolve("runs"),
                TrainingListener.NONE);
        Path fileA = dir.resolve("models").resolve(a.id() + ModelContract.FILE_SUFFIX);
        byte[] bytes = Files.readAllBytes(fileA);
        IOException e = assertThrows(IOException.class, () -> CurvesAdder.add(fileA, dir.resolve("runs").resolve(b.id())));
        assertTrue(e.getMessage().contains(b.id()), e.getMessage());
        assertArrayEquals(bytes, Files.readAllBytes(fileA), "the file is left alone");
    }

    private static Map<String, String> metadataOf(Path file) throws Exception {
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString(), new OrtSession.SessionOptions())) {
            return new HashMap<>(session.getMetadata().getCustomMetadata());
        }
    }

    private static float[] probabilities(Path file, float[] pixels, int rows) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {rows, ModelContract.FEATURES});
                OrtSession.Result result = session.run(Map.of(ModelContract.INPUT, input))) {
            FloatBuffer out = ((OnnxTensor) result.get(ModelContract.OUTPUT).orElseThrow()).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }
}
