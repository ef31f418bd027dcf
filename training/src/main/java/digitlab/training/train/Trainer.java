package digitlab.training.train;

import digitlab.training.files.AtomicFiles;
import digitlab.core.metrics.Predictions;
import digitlab.core.model.ModelContract;
import digitlab.training.model.GraphNames;
import digitlab.training.model.Recipe;
import digitlab.training.model.RegularizerKind;
import digitlab.training.model.StackedMlpGraph;
import digitlab.training.model.TrainedNetwork;
import digitlab.training.model.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Mini-batch SGD on a {@link StackedMlpGraph}: R runs trained together (one run is a stack of one),
 * measured every epoch.
 *
 * <p>Each run keeps the random streams it would have alone, all derived from the seed: the initial
 * weights, the batch order (shared, since the runs of a stack share the seed) and its own dropout
 * masks. So a run trained in a stack computes what it computes alone, up to the rounding of
 * differently shaped matmuls, and runs with the same seed are paired: same start, same batches.
 */
public final class Trainer {
    /** The trained graph in SameDiff's FlatBuffers format, beside metrics.csv and run.json. */
    public static final String MODEL_FILE = "model.fb";

    private final List<TrainConfig> runs;
    private final TrainConfig first;
    private final TrainingData data;
    private final StackedMlpGraph graph;
    private final Random orderRng;
    /** Null unless the recipe distorts the training images; shared by the stack like the batches. */
    private final ImageAugmenter augmenter;
    /** Per run, its own mask stream, or null for a run without dropout (its masks are ones). */
    private final List<DropoutMasks> masks = new ArrayList<>();
    private final Map<String, INDArray> trainEvalInputs;
    private final Map<String, INDArray> testEvalInputs;

    public Trainer(List<TrainConfig> runs, TrainingData data) {
        this.graph = new StackedMlpGraph(runs, data.trainSize());
        this.runs = graph.runs();
        this.first = runs.get(0);
        this.data = data;
        this.orderRng = batchOrderRng(first.seed());
        Recipe recipe = first.recipe();
        this.augmenter = recipe.augment() ? new ImageAugmenter(augmentationRng(first.seed())) : null;
        for (TrainConfig c : runs) {
            masks.add(c.regularizer() == RegularizerKind.DROPOUT ? new DropoutMasks(maskRng(c.seed()), c.strength()) : null);
        }
        List<String> features = new ArrayList<>(List.of(ModelContract.INPUT));
        features.addAll(graph.maskNames());
        graph.sameDiff().setTrainingConfig(TrainingConfig.builder()
                .updater(recipe.optimizer().updater(learningRate(first, data.trainSize())))
                .dataSetFeatureMapping(features)
                .dataSetLabelMapping(GraphNames.LABELS)
                .build());
        QuietStdout.run(graph.sameDiff()::createGradFunction);
        // Evaluation inputs are built once: whole sets, masks of ones (no dropout at evaluation).
        trainEvalInputs = evalInputs(data.trainX(), data.trainY());
        testEvalInputs = evalInputs(data.testX(), data.testY());
    }

    /** The seed's stream of batch orders (the initial weights draw from {@code new Random(seed)}). */
    static Random batchOrderRng(long seed) {
        return new Random(seed * 0x9E3779B97F4A7C15L + 1);
    }

    /**
     * The learning rate at each step: the configured rate, multiplied by the recipe's per-epoch
     * decay spread evenly over the epoch's steps (a constant rate when the decay is 1).
     */
    static ISchedule learningRate(TrainConfig c, int trainSize) {
        int stepsPerEpoch = (trainSize + c.batchSize() - 1) / c.batchSize();
        return new ExponentialSchedule(ScheduleType.ITERATION, c.learningRate(),
                Math.pow(c.recipe().lrDecay(), 1.0 / stepsPerEpoch));
    }

    /** The seed's stream of image distortions. */
    static Random augmentationRng(long seed) {
        return new Random(seed * 0x9E3779B97F4A7C15L + 3);
    }

    /** The seed's stream of dropout masks. */
    static Random maskRng(long seed) {
        return new Random(seed * 0x9E3779B97F4A7C15L + 2);
    }

    private Map<String, INDArray> evalInputs(INDArray x, INDArray y) {
        Map<String, INDArray> in = new HashMap<>();
        in.put(ModelContract.INPUT, x);
        in.put(GraphNames.LABELS, y);
        for (int l = 0; l < graph.maskNames().size(); l++) {
            in.put(graph.maskNames().get(l), Nd4j.create(graph.maskShape(l, (int) x.rows())).assign(1));
        }
        return in;
    }

    public List<TrainConfig> runs() {
        return runs;
    }

    public StackedMlpGraph graph() {
        return graph;
    }

    /**
     * One pass over the training set in a fresh random order, the same batches for every run. The
     * epoch's batches go to SameDiff as one iterator, drawn lazily in order: one {@code fit} call
     * then runs every step in one training session, whose array cache hands each step's arrays on to
     * the next (a {@code fit} per batch built a new session, and allocated every array afresh, each step).
     */
    public void trainEpoch() {
        graph.sameDiff().fit(new EpochBatches(permutation(data.trainSize(), orderRng)), 1);
    }

    /** One epoch's batches in the given order, each with its dropout masks, made when SameDiff asks for it. */
    private final class EpochBatches implements MultiDataSetIterator {
        private final int[] order;
        private int from;

        EpochBatches(int[] order) {
            this.order = order;
        }

        @Override
        public boolean hasNext() {
            return from < order.length;
        }

        @Override
        public MultiDataSet next() {
            int to = Math.min(order.length, from + first.batchSize());
            INDArray[] features = new INDArray[1 + graph.maskNames().size()];
            features[0] = batchPixels(order, from, to);
            for (int l = 1; l < features.length; l++) {
                features[l] = drawMask(l - 1, to - from);
            }
            MultiDataSet batch = new MultiDataSet(features, new INDArray[] {data.oneHotOf(order, from, to)});
            from = to;
            return batch;
        }

        @Override
        public MultiDataSet next(int num) {
            throw new UnsupportedOperationException("batches are one batch size");
        }

        @Override
        public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
            throw new UnsupportedOperationException("no pre-processing");
        }

        @Override
        public MultiDataSetPreProcessor getPreProcessor() {
            return null;
        }

        @Override
        public boolean resetSupported() {
            return false; // one pass: the next epoch draws a new order
        }

        @Override
        public boolean asyncSupported() {
            return false; // batches and masks are drawn on the training thread, in order
        }

        @Override
        public void reset() {
            throw new UnsupportedOperationException("one pass");
        }
    }

    private INDArray batchPixels(int[] order, int from, int to) {
        if (augmenter == null) {
            return data.pixelsOf(order, from, to);
        }
        float[] rows = data.pixelRowsOf(order, from, to);
        augmenter.distort(rows);
        return TrainingData.array(rows, to - from, ModelContract.FEATURES);
    }

    /**
     * Mask {@code k} for the whole stack: every dropout run draws its {@code [rows, width]} mask from
     * its own stream, in the order it would alone; the other runs get ones.
     */
    private INDArray drawMask(int k, int rows) {
        int width = graph.maskWidth(k);
        List<float[]> perRun = new ArrayList<>();
        for (DropoutMasks own : masks) {
            perRun.add(own == null ? null : own.drawValues(rows * width));
        }
        return graph.mask(k, rows, perRun);
    }

    /** A Fisher-Yates shuffle of 0..n-1 drawn from {@code rng}: one epoch's batch order. */
    public static int[] permutation(int n, Random rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Every run's loss and accuracy on the whole train and test sets, in inference mode, in stack order. */
    public List<EpochMetrics> evaluate(int epoch) {
        SameDiff sd = graph.sameDiff();
        Map<String, INDArray> train = sd.output(trainEvalInputs, ModelContract.OUTPUT, GraphNames.DATA_LOSS);
        INDArray testProbabilities = sd.outputSingle(testEvalInputs, ModelContract.OUTPUT);
        INDArray trainLoss = train.get(GraphNames.DATA_LOSS);
        List<EpochMetrics> metrics = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            metrics.add(new EpochMetrics(epoch, trainLoss.getDouble(i),
                    accuracy(train.get(ModelContract.OUTPUT), i, data.trainLabels()),
                    accuracy(testProbabilities, i, data.testLabels())));
        }
        return metrics;
    }

    private static double accuracy(INDArray probabilities, int run, int[] labels) {
        float[] p = probabilities.get(NDArrayIndex.point(run), NDArrayIndex.all(), NDArrayIndex.all())
                .dup('c').data().asFloat();
        return Predictions.accuracyPercent(Predictions.argmaxRows(p, ModelContract.CLASSES), labels);
    }

    /** Run {@code i}'s trained network alone, for saving and export. */
    public TrainedNetwork trainedNetwork(int i) {
        return graph.extract(i);
    }

    /** A finished run: its record and its trained network alone. */
    public record TrainedRun(RunRecord record, TrainedNetwork network) {}

    /**
     * Trains for the configured epochs, writing each run's {@code metrics.csv} row by row and its
     * {@code run.json} at the start and the end, into the folder {@code runDirOf} names. A run's
     * training time is its share of the stack's: the stack's wall time over R.
     */
    public List<TrainedRun> run(Function<TrainConfig, Path> runDirOf, String testImagesMd5, TrainingListener listener)
            throws IOException {
        List<Path> dirs = new ArrayList<>();
        List<MetricsCsv> csvs = new ArrayList<>();
        List<EpochMetrics> last = List.of();
        long start = System.nanoTime();
        try {
            for (TrainConfig c : runs) {
                Path dir = runDirOf.apply(c);
                Files.createDirectories(dir);
                new RunRecord(c, testImagesMd5, 0, false, 0, null).write(dir);
                dirs.add(dir);
                csvs.add(new MetricsCsv(dir));
            }
            for (int epoch = 0; epoch < first.epochs(); epoch++) {
                trainEpoch();
                last = evaluate(epoch);
                for (int i = 0; i < runs.size(); i++) {
                    csvs.get(i).append(last.get(i));
                    listener.epochDone(runs.get(i), last.get(i));
                }
            }
        } finally {
            for (MetricsCsv csv : csvs) {
                csv.close();
            }
        }
        long share = (System.nanoTime() - start) / 1_000_000 / runs.size();
        List<TrainedRun> trained = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            TrainedNetwork network = trainedNetwork(i);
            AtomicFiles.write(dirs.get(i).resolve(MODEL_FILE), tmp -> network.inferenceGraph().save(tmp.toFile(), false));
            RunRecord record = new RunRecord(runs.get(i), testImagesMd5, first.epochs(), true, share, last.get(i));
            record.write(dirs.get(i));
            trained.add(new TrainedRun(record, network));
        }
        return trained;
    }
}
