package digitlab.training.train;

import digitlab.core.data.DigitDataset.SplitData;
import digitlab.core.data.Digits;
import digitlab.core.data.PixelScaling;
import digitlab.core.model.ModelContract;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A split turned into arrays once, before the first epoch: batches are then cut from plain float
 * arrays, never re-merged example by example.
 */
public final class TrainingData {
    private final float[] trainPixels;
    private final float[] trainOneHot;
    private final int[] trainLabels;
    private final int[] testLabels;
    private final INDArray trainX;
    private final INDArray trainY;
    private final INDArray testX;
    private final INDArray testY;
    /** Images measured after every epoch for an epoch rule, never trained on; null when none. */
    private final INDArray validationX;
    private final int[] validationLabels;

    public TrainingData(SplitData split, PixelScaling scaling) {
        this(split.train(), split.test(), scaling);
    }

    public TrainingData(Digits train, Digits test, PixelScaling scaling) {
        this(train, test, null, scaling);
    }

    /** With a validation set ({@code validation} null: none). */
    public TrainingData(Digits train, Digits test, Digits validation, PixelScaling scaling) {
        trainPixels = train.pixels(scaling);
        trainLabels = train.labels();
        trainOneHot = oneHot(trainLabels);
        testLabels = test.labels();
        trainX = Nd4j.create(trainPixels, new long[] {train.size(), ModelContract.FEATURES}, 'c');
        trainY = Nd4j.create(trainOneHot, new long[] {train.size(), ModelContract.CLASSES}, 'c');
        testX = Nd4j.create(test.pixels(scaling), new long[] {test.size(), ModelContract.FEATURES}, 'c');
        testY = Nd4j.create(oneHot(testLabels), new long[] {test.size(), ModelContract.CLASSES}, 'c');
        validationX = validation == null ? null
                : Nd4j.create(validation.pixels(scaling), new long[] {validation.size(), ModelContract.FEATURES}, 'c');
        validationLabels = validation == null ? null : validation.labels();
    }

    private static float[] oneHot(int[] labels) {
        float[] out = new float[labels.length * ModelContract.CLASSES];
        for (int i = 0; i < labels.length; i++) {
            out[i * ModelContract.CLASSES + labels[i]] = 1f;
        }
        return out;
    }

    public int trainSize() {
        return trainLabels.length;
    }

    /** The pixels of the examples {@code order[from..to)}, as one {@code [to-from, 784]} array. */
    public INDArray pixelsOf(int[] order, int from, int to) {
        return gather(trainPixels, ModelContract.FEATURES, order, from, to);
    }

    /** The same pixels as plain rows, for changing before they become an array. */
    float[] pixelRowsOf(int[] order, int from, int to) {
        return gatherRows(trainPixels, ModelContract.FEATURES, order, from, to);
    }

    /** The one-hot labels of the examples {@code order[from..to)}. */
    public INDArray oneHotOf(int[] order, int from, int to) {
        return gather(trainOneHot, ModelContract.CLASSES, order, from, to);
    }

    private static INDArray gather(float[] rows, int width, int[] order, int from, int to) {
        return array(gatherRows(rows, width, order, from, to), to - from, width);
    }

    /**
     * A row-major float array of the given shape holding {@code values}, copied in one bulk copy:
     * {@code Nd4j.create(float[], ...)} copies element by element through an indexer, which took
     * about 7% of a single run's training steps in a profile (the batch pixels alone).
     */
    static INDArray array(float[] values, long... shape) {
        INDArray array = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        array.data().asNioFloat().put(values);
        return array;
    }

    private static float[] gatherRows(float[] rows, int width, int[] order, int from, int to) {
        float[] out = new float[(to - from) * width];
        for (int i = from; i < to; i++) {
            System.arraycopy(rows, order[i] * width, out, (i - from) * width, width);
        }
        return out;
    }

    public INDArray trainX() {
        return trainX;
    }

    public INDArray trainY() {
        return trainY;
    }

    public INDArray testX() {
        return testX;
    }

    public INDArray testY() {
        return testY;
    }

    /** The validation images, or null when there are none. */
    public INDArray validationX() {
        return validationX;
    }

    public int[] validationLabels() {
        return validationLabels == null ? null : validationLabels.clone();
    }

    public int[] trainLabels() {
        return trainLabels.clone();
    }

    public int[] testLabels() {
        return testLabels.clone();
    }
}
