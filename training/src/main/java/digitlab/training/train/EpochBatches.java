package digitlab.training.train;

import java.util.function.BiFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * One epoch's batches in a given order, each made only when SameDiff asks for it, in order: one
 * {@code fit} call then runs every step in one training session, whose array cache hands each
 * step's arrays on to the next (a {@code fit} per batch built a new session, and allocated every
 * array afresh, each step).
 */
final class EpochBatches implements MultiDataSetIterator {
    private final int[] order;
    private final int batchSize;
    /** (from, to) of the order: the batch's features (pixels, then masks) and its labels. */
    private final BiFunction<Integer, Integer, INDArray[][]> batchOf;
    private int from;

    EpochBatches(int[] order, int batchSize, BiFunction<Integer, Integer, INDArray[][]> batchOf) {
        this.order = order;
        this.batchSize = batchSize;
        this.batchOf = batchOf;
    }

    @Override
    public boolean hasNext() {
        return from < order.length;
    }

    @Override
    public MultiDataSet next() {
        int to = Math.min(order.length, from + batchSize);
        INDArray[][] batch = batchOf.apply(from, to);
        from = to;
        return new MultiDataSet(batch[0], batch[1]);
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
