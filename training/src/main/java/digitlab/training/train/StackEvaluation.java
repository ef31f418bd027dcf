package digitlab.training.train;

import digitlab.core.metrics.Predictions;
import digitlab.core.model.ModelContract;
import digitlab.training.model.GraphNames;
import digitlab.training.model.TrainingGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What a stack's runs score after an epoch, in inference mode (dropout masks of ones): loss and
 * accuracy on the training images the recipe measures on (all, unless it names a subset), accuracy
 * on the whole test set, and on the validation set when the data has one. The inputs are built once.
 */
final class StackEvaluation {
    private final TrainingGraph graph;
    private final TrainingData data;
    private final Map<String, INDArray> trainInputs;
    /** The labels of the training images the training figures are measured on (the recipe's subset, or all). */
    private final int[] trainLabels;
    private final Map<String, INDArray> testInputs;
    /** The validation set's inputs, for runs whose epoch rule watches it; null when the data has none. */
    private final Map<String, INDArray> validationInputs;

    /** @param trainEvalSize how many of the first training images the training figures are measured on; 0 for all */
    StackEvaluation(TrainingGraph graph, TrainingData data, int trainEvalSize) {
        this.graph = graph;
        this.data = data;
        int rows = trainEvalSize > 0 ? Math.min(trainEvalSize, data.trainSize()) : data.trainSize();
        trainInputs = inputs(firstRows(data.trainX(), rows), firstRows(data.trainY(), rows));
        trainLabels = Arrays.copyOf(data.trainLabels(), rows);
        testInputs = inputs(data.testX(), data.testY());
        validationInputs = data.validationX() == null ? null : inputs(data.validationX(), null);
    }

    /** The first {@code rows} rows of {@code x} (x itself when that is all of it). */
    private static INDArray firstRows(INDArray x, int rows) {
        return rows == x.rows() ? x : x.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all()).dup('c');
    }

    private Map<String, INDArray> inputs(INDArray x, INDArray y) {
        Map<String, INDArray> in = new HashMap<>();
        in.put(ModelContract.INPUT, x);
        if (y != null) {
            in.put(GraphNames.LABELS, y);
        }
        for (int l = 0; l < graph.maskNames().size(); l++) {
            in.put(graph.maskNames().get(l), Nd4j.create(graph.maskShape(l, (int) x.rows())).assign(1));
        }
        return in;
    }

    /** Every run's figures after {@code epoch}, in stack order. */
    List<EpochMetrics> after(int epoch) {
        SameDiff sd = graph.sameDiff();
        Map<String, INDArray> train = sd.output(trainInputs, ModelContract.OUTPUT, GraphNames.DATA_LOSS);
        INDArray testProbabilities = sd.outputSingle(testInputs, ModelContract.OUTPUT);
        INDArray validationProbabilities = validationInputs == null ? null
                : sd.outputSingle(validationInputs, ModelContract.OUTPUT);
        INDArray trainLoss = train.get(GraphNames.DATA_LOSS);
        List<EpochMetrics> metrics = new ArrayList<>();
        for (int i = 0; i < graph.runs().size(); i++) {
            metrics.add(new EpochMetrics(epoch, trainLoss.getDouble(i),
                    accuracy(train.get(ModelContract.OUTPUT), i, trainLabels),
                    accuracy(testProbabilities, i, data.testLabels()),
                    validationProbabilities == null ? Double.NaN
                            : accuracy(validationProbabilities, i, data.validationLabels())));
        }
        return metrics;
    }

    private static double accuracy(INDArray probabilities, int run, int[] labels) {
        float[] p = probabilities.get(NDArrayIndex.point(run), NDArrayIndex.all(), NDArrayIndex.all())
                .dup('c').data().asFloat();
        return Predictions.accuracyPercent(Predictions.argmaxRows(p, ModelContract.CLASSES), labels);
    }
}
