package digitlab.training.train;

import digitlab.core.metrics.Predictions;
import digitlab.core.model.ModelContract;
import digitlab.training.model.MlpGraph;
import digitlab.training.model.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * Mini-batch SGD on an {@link MlpGraph}, measuring every epoch. Three independent RNGs come from
 * the seed (initial weights, batch order, dropout masks), so runs with the same seed start from the
 * same weights and see the same batches whatever their regularizer: a paired comparison.
 */
public final class Trainer {
    /** The trained graph in SameDiff's FlatBuffers format, beside metrics.csv and run.json. */
    public static final String MODEL_FILE = "model.fb";

    private final TrainConfig config;
    private final TrainingData data;
    private final MlpGraph graph;
    private final Random orderRng;
    private final DropoutMasks masks;
    private final Map<String, INDArray> trainEvalInputs;
    private final Map<String, INDArray> testEvalInputs;

    public Trainer(TrainConfig config, TrainingData data) {
        this.config = config;
        this.data = data;
        this.graph = MlpGraph.build(config, new Random(config.seed()), data.trainSize());
        this.orderRng = new Random(config.seed() * 0x9E3779B97F4A7C15L + 1);
        this.masks = new DropoutMasks(new Random(config.seed() * 0x9E3779B97F4A7C15L + 2), config.strength());
        List<String> features = new ArrayList<>(List.of(ModelContract.INPUT));
        features.addAll(graph.maskNames());
        graph.sameDiff().setTrainingConfig(TrainingConfig.builder()
                .updater(new Sgd(config.learningRate()))
                .dataSetFeatureMapping(features)
                .dataSetLabelMapping(MlpGraph.LABELS)
                .build());
        QuietStdout.run(graph.sameDiff()::createGradFunction);
        // Evaluation inputs are built once: whole sets, masks of ones (no dropout at evaluation).
        trainEvalInputs = evalInputs(data.trainX(), data.trainY());
        testEvalInputs = evalInputs(data.testX(), data.testY());
    }

    private Map<String, INDArray> evalInputs(INDArray x, INDArray y) {
        Map<String, INDArray> in = new HashMap<>();
        in.put(ModelContract.INPUT, x);
        if (y != null) {
            in.put(MlpGraph.LABELS, y);
        }
        for (int l = 0; l < graph.maskNames().size(); l++) {
            in.put(graph.maskNames().get(l), DropoutMasks.ones((int) x.rows(), graph.hiddenWidth(l)));
        }
        return in;
    }

    public MlpGraph graph() {
        return graph;
    }

    /** One pass over the training set in a fresh random order. */
    public void trainEpoch() {
        SameDiff sd = graph.sameDiff();
        int n = data.trainSize();
        int[] order = permutation(n);
        for (int from = 0; from < n; from += config.batchSize()) {
            int to = Math.min(n, from + config.batchSize());
            INDArray[] features = new INDArray[1 + graph.maskNames().size()];
            features[0] = data.pixelsOf(order, from, to);
            for (int l = 1; l < features.length; l++) {
                features[l] = masks.draw(to - from, graph.hiddenWidth(l - 1));
            }
            sd.fit(new MultiDataSet(features, new INDArray[] {data.oneHotOf(order, from, to)}));
        }
    }

    private int[] permutation(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = orderRng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** The trained graph in SameDiff's own format, for {@code digit-lab export} to read later. */
    private void saveModel(Path runDir) throws IOException {
        AtomicFiles.write(runDir.resolve(MODEL_FILE), tmp -> graph.sameDiff().save(tmp.toFile(), false));
    }

    /** Loss and accuracy on the whole train and test sets, in inference mode. */
    public EpochMetrics evaluate(int epoch) {
        SameDiff sd = graph.sameDiff();
        Map<String, INDArray> train = sd.output(trainEvalInputs, ModelContract.OUTPUT, MlpGraph.DATA_LOSS);
        INDArray testProbabilities = sd.outputSingle(testEvalInputs, ModelContract.OUTPUT);
        return new EpochMetrics(epoch,
                train.get(MlpGraph.DATA_LOSS).getDouble(0),
                accuracy(train.get(ModelContract.OUTPUT), data.trainLabels()),
                accuracy(testProbabilities, data.testLabels()));
    }

    /** The model's probabilities for {@code pixels} in inference mode (dropout off). */
    public INDArray probabilities(INDArray pixels) {
        return graph.sameDiff().outputSingle(evalInputs(pixels, null), ModelContract.OUTPUT);
    }

    private static double accuracy(INDArray probabilities, int[] labels) {
        float[] p = probabilities.dup('c').data().asFloat();
        return Predictions.accuracyPercent(Predictions.argmaxRows(p, ModelContract.CLASSES), labels);
    }

    /**
     * Trains for the configured epochs, writing {@code metrics.csv} row by row and {@code run.json}
     * at the start and the end into {@code runDir}.
     */
    public RunRecord run(Path runDir, String testImagesMd5, TrainingListener listener) throws IOException {
        Files.createDirectories(runDir);
        new RunRecord(config, testImagesMd5, 0, false, 0, null).write(runDir);
        long start = System.nanoTime();
        EpochMetrics last = null;
        try (MetricsCsv csv = new MetricsCsv(runDir)) {
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                trainEpoch();
                last = evaluate(epoch);
                csv.append(last);
                listener.epochDone(config, last);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        saveModel(runDir);
        RunRecord record = new RunRecord(config, testImagesMd5, config.epochs(), true, millis, last);
        record.write(runDir);
        return record;
    }
}
