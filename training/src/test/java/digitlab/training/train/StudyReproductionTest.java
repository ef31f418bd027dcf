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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;
import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training the study's networks gives today what it gave before the network became a list of
 * layer specs and regularizers became objects: the run's config as run.json writes it and the
 * exported ONNX file's graph and metadata byte for byte (its weights' bytes left out, the one
 * wall-clock figure, the training time, fixed); metrics.csv's rows and each weight array's change
 * from its initial values to within rounding.
 *
 * <p>Why the weights to within rounding and not by their bytes: the last bits of a float sum
 * depend on the CPU's BLAS kernel (OpenBLAS picks one per CPU model), so the bytes recorded on one
 * machine differ on another, and a loss may move across its last printed digit. Three figures of
 * each array's change from its initial weights catch a changed update or a swapped or misplaced
 * array, where rounding moves them by less than a thousandth: its L1 and L2 norms and its
 * projection on a fixed random sign vector.
 *
 * <p>The expected texts in {@code src/test/resources/study-reproduction/} are written by this very test
 * with {@code DIGITLAB_WRITE_FIXTURE=<that folder>} set; see the folder's README.
 */
class StudyReproductionTest {
    private static final TrainingData DATA = TestData.trainingData(1000, 1000);
    private static final Split SPLIT = new Split("seed", 1000, 1000);
    private static final Path FIXTURE = Path.of("src", "test", "resources", "study-reproduction");

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
    void the_study_stack_trains_to_the_same_figures_as_before(@TempDir Path dir) throws Exception {
        check(studyStack(), dir);
    }

    @Test
    void runs_trained_alone_train_to_the_same_figures_as_before(@TempDir Path dir) throws Exception {
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
            assertSameRun(Files.readString(FIXTURE.resolve(id + ".txt")), actual, id);
        }
    }

    /** Every line the same, but the metrics rows' and the weights' figures, which may move by rounding (see the class comment). */
    private static void assertSameRun(String expected, String actual, String id) {
        List<String> want = expected.lines().toList();
        List<String> got = actual.lines().toList();
        assertEquals(want.size(), got.size(), id + ": lines\n" + actual);
        for (int i = 0; i < want.size(); i++) {
            if (METRICS_ROW.matcher(want.get(i)).matches()) {
                assertSameMetrics(want.get(i), got.get(i), id);
                continue;
            }
            if (!want.get(i).startsWith(WEIGHT_LINE)) {
                assertEquals(want.get(i), got.get(i), id);
                continue;
            }
            String[] w = want.get(i).split(" ");
            String[] g = got.get(i).split(" ");
            assertEquals(String.join(" ", List.of(w).subList(0, 4)), String.join(" ", List.of(g).subList(0, 4)), id);
            double l1 = Double.parseDouble(w[5]);
            double l2 = Double.parseDouble(w[7]);
            double projection = Double.parseDouble(w[9]);
            // Other BLAS kernels moved the norms by up to 7e-5 of themselves and the projection by up to
            // 7e-4 of the norm (the L1 run, whose sign gradient flips near zero); a learning rate 1% off
            // moves the norms by 1%, a swapped or misplaced array the projection by about the norm.
            assertEquals(l1, Double.parseDouble(g[5]), 1e-3 * l1, id + ": " + got.get(i));
            assertEquals(l2, Double.parseDouble(g[7]), 1e-3 * l2, id + ": " + got.get(i));
            assertEquals(projection, Double.parseDouble(g[9]), 5e-3 * l2, id + ": " + got.get(i));
        }
    }

    private static final String WEIGHT_LINE = "change of ";
    private static final Pattern METRICS_ROW = Pattern.compile("\\d+,.*");

    /**
     * A metrics.csv row: the epoch exact, the loss (printed to 6 decimals) within 2 units of its last
     * digit, the accuracies and gap (to 2 decimals) exact: rounding moved a loss across its last
     * printed digit on another CPU, never an accuracy.
     */
    private static void assertSameMetrics(String want, String got, String id) {
        String[] w = want.split(",");
        String[] g = got.split(",");
        assertEquals(w.length, g.length, id + ": " + got);
        assertEquals(w[0], g[0], id + ": " + got);
        assertEquals(Double.parseDouble(w[1]), Double.parseDouble(g[1]), 2e-6, id + ": loss in " + got);
        assertEquals(String.join(",", List.of(w).subList(2, w.length)), String.join(",", List.of(g).subList(2, g.length)),
                id + ": accuracies in " + got);
    }

    /**
     * metrics.csv verbatim, then the config JSON, the SHA-256 of the ONNX file with its weights'
     * bytes cleared, the ONNX node list, and per weight array its change from the initial weights.
     */
    private static String fingerprint(Trainer.TrainedRun run, Path runDir) throws IOException, NoSuchAlgorithmException {
        StringBuilder text = new StringBuilder();
        text.append(Files.readString(runDir.resolve(MetricsCsv.FILE_NAME)));
        RunRecord fixedTime = new RunRecord(run.record().config(), run.record().testImagesMd5(), run.record().epochsDone(),
                true, 1234, run.record().last());
        text.append("config ").append(RunRecord.read(runDir).toFile().config()).append('\n');
        byte[] onnx = OnnxExporter.toBytes(run.network().inferenceGraph(), RunMetadata.of(fixedTime));
        Onnx.ModelProto model = Onnx.ModelProto.parseFrom(onnx);
        Onnx.ModelProto.Builder withoutWeights = model.toBuilder();
        for (Onnx.TensorProto.Builder t : withoutWeights.getGraphBuilder().getInitializerBuilderList()) {
            t.clearRawData();
        }
        text.append("onnx without weights ").append(sha256(withoutWeights.build().toByteArray())).append('\n');
        List<String> nodes = new ArrayList<>();
        for (Onnx.NodeProto n : model.getGraph().getNodeList()) {
            nodes.add(n.getOpType() + "(" + String.join(",", n.getInputList()) + ")");
        }
        text.append("nodes ").append(String.join(" ", nodes)).append('\n');
        TrainConfig config = run.record().config();
        List<INDArray> initial = config.network().initialParameters(new Random(config.seed()));
        List<Onnx.TensorProto> weights = model.getGraph().getInitializerList();
        for (int k = 0; k < weights.size(); k++) {
            float[] now = floats(weights.get(k));
            float[] before = initial.get(k).dup('c').data().asFloat();
            text.append(changeLine(weights.get(k), now, before)).append('\n');
        }
        return text.toString();
    }

    /** {@code change of <name> <dims> l1 <x> l2 <x> projection <x>}: norms of now - before, and its dot product with signs from a fixed seed. */
    private static String changeLine(Onnx.TensorProto tensor, float[] now, float[] before) {
        assertEquals(before.length, now.length, tensor.getName());
        Random signs = new Random(7);
        double l1 = 0;
        double squares = 0;
        double projection = 0;
        for (int i = 0; i < now.length; i++) {
            double d = (double) now[i] - before[i];
            l1 += Math.abs(d);
            squares += d * d;
            projection += signs.nextBoolean() ? d : -d;
        }
        return String.format(Locale.ROOT, "%s%s %s l1 %.6e l2 %.6e projection %.6e", WEIGHT_LINE, tensor.getName(),
                tensor.getDimsList().toString().replace(" ", ""), l1, Math.sqrt(squares), projection);
    }

    private static float[] floats(Onnx.TensorProto tensor) {
        ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[raw.remaining() / Float.BYTES];
        raw.asFloatBuffer().get(values);
        return values;
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

}
