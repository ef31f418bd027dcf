package digitlab.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import digitlab.core.data.PixelScaling;
import digitlab.core.data.Split;
import digitlab.training.TestData;
import digitlab.training.export.OnnxExporter;
import digitlab.training.export.RunMetadata;
import digitlab.training.model.ActivationKind;
import digitlab.training.model.LossKind;
import digitlab.training.model.OptimizerKind;
import digitlab.training.model.Recipe;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.training.model.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training the study's networks gives today the very bytes it gave before the network became a
 * list of layer specs and regularizers became objects: metrics.csv, the run's config as run.json
 * writes it, and the exported ONNX file (graph, weights and metadata, with the one wall-clock
 * figure, the training time, fixed).
 *
 * <p>The expected bytes in {@code src/test/resources/bit-identity/} were written by this very test
 * on the code before that change (commit 2324dd8) with {@code DIGITLAB_WRITE_FIXTURE=<that folder>}
 * set; see the folder's README.
 */
class StudyBitIdentityTest {
    private static final TrainingData DATA = TestData.trainingData(1000, 1000);
    private static final Split SPLIT = new Split("seed", 1000, 1000);
    private static final Path FIXTURE = Path.of("src", "test", "resources", "bit-identity");

    /** The study's protocol (784-128-128-128-10, relu, SGD 0.01, batch 128), 3 epochs, one stack of five. */
    private static List<TrainConfig> studyStack() {
        TrainConfig ce = TrainConfig.reference(LossKind.CE, Regularizers.NONE, 0, 0).withEpochs(3).withSplit(SPLIT);
        return List.of(ce,
                ce.withObjective(LossKind.MSE, Regularizers.NONE, 0),
                ce.withObjective(LossKind.CE, Regularizers.L1, 5),
                ce.withObjective(LossKind.CE, Regularizers.L2, 50),
                ce.withObjective(LossKind.CE, Regularizers.DROPOUT, 0.3));
    }

    /** Runs trained alone (the fused cross-entropy path), with another network, activation and recipe. */
    private static List<TrainConfig> lonerRuns() {
        return List.of(
                new TrainConfig(LossKind.CE, Regularizers.DROPOUT, 0.5, new int[] {784, 64, 32, 10}, ActivationKind.TANH,
                        0.001, 64, 3, 11, "mnist", SPLIT, PixelScaling.UNIT, new Recipe(OptimizerKind.ADAM, 0.9, true)),
                new TrainConfig(LossKind.MSE, Regularizers.L1, 2, new int[] {784, 48, 10}, ActivationKind.SIGMOID,
                        0.1, 32, 2, 3, "mnist", SPLIT, PixelScaling.UNIT));
    }

    @Test
    void the_study_stack_trains_to_the_same_bytes_as_before(@TempDir Path dir) throws Exception {
        check(studyStack(), dir);
    }

    @Test
    void runs_trained_alone_train_to_the_same_bytes_as_before(@TempDir Path dir) throws Exception {
        for (TrainConfig c : lonerRuns()) {
            check(List.of(c), dir);
        }
    }

    private static void check(List<TrainConfig> stack, Path dir) throws Exception {
        List<Trainer.TrainedRun> trained = new Trainer(stack, DATA).run(c -> dir.resolve(c.id()), "md5", TrainingListener.NONE);
        for (Trainer.TrainedRun run : trained) {
            String id = run.record().config().id();
            String actual = fingerprint(run, dir.resolve(id));
            String writeTo = System.getenv("DIGITLAB_WRITE_FIXTURE");
            if (writeTo != null) {
                Files.createDirectories(Path.of(writeTo));
                Files.writeString(Path.of(writeTo).resolve(id + ".txt"), actual);
            }
            assertEquals(Files.readString(FIXTURE.resolve(id + ".txt")), actual, id);
        }
    }

    /** metrics.csv verbatim, then the config JSON, then SHA-256 of the ONNX file and of each initializer. */
    private static String fingerprint(Trainer.TrainedRun run, Path runDir) throws IOException, NoSuchAlgorithmException {
        StringBuilder text = new StringBuilder();
        text.append(Files.readString(runDir.resolve(MetricsCsv.FILE_NAME)));
        RunRecord fixedTime = new RunRecord(run.record().config(), run.record().testImagesMd5(), run.record().epochsDone(),
                true, 1234, run.record().last());
        text.append("config ").append(RunRecord.read(runDir).toFile().config()).append('\n');
        byte[] onnx = OnnxExporter.toBytes(run.network().inferenceGraph(), RunMetadata.of(fixedTime));
        text.append("onnx ").append(sha256(onnx)).append('\n');
        Onnx.ModelProto model = Onnx.ModelProto.parseFrom(onnx);
        for (Onnx.TensorProto t : model.getGraph().getInitializerList()) {
            text.append("initializer ").append(t.getName()).append(' ').append(t.getDimsList()).append(' ')
                    .append(sha256(t.getRawData().toByteArray())).append('\n');
        }
        List<String> nodes = new ArrayList<>();
        for (Onnx.NodeProto n : model.getGraph().getNodeList()) {
            nodes.add(n.getOpType() + "(" + String.join(",", n.getInputList()) + ")");
        }
        text.append("nodes ").append(String.join(" ", nodes)).append('\n');
        return text.toString();
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

}
