package digitlab.training.train;

import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * The batches of epoch after epoch, each epoch in an order of its own, each batch made only when
 * SameDiff asks for it, in order: one {@code fit} call then runs every step of every epoch in one
 * training session, whose array cache hands each step's arrays on to the next (a session per epoch
 * allocated every array afresh at each epoch's first step, a session per batch at every step).
 */
final class EpochBatches implements MultiDataSetIterator {
    /** The batch {@code order[from..to)}: its features (pixels, then masks) and its labels. */
    @FunctionalInterface
    interface BatchMaker {
        INDArray[][] make(int[] order, int from, int to);
    }

    private final Supplier<int[]> newOrder;
    private final int batchSize;
    private final BatchMaker batchOf;
    /** This epoch's order; null until the epoch's first batch is asked for. */
    private int[] order;
    private int from;

    /** @param newOrder draws an epoch's order, when the epoch's first batch is asked for (so a reset that no batch follows draws none) */
    EpochBatches(Supplier<int[]> newOrder, int batchSize, BatchMaker batchOf) {
        this.newOrder = newOrder;
        this.batchSize = batchSize;
        this.batchOf = batchOf;
    }

    @Override
    public boolean hasNext() {
        if (order == null) {
            order = newOrder.get();
            from = 0;
        }
        return from < order.length;
    }

    @Override
    public MultiDataSet next() {
        if (!hasNext()) {
            throw new NoSuchElementException("The epoch's batches are all taken.");
        }
        int to = Math.min(order.length, from + batchSize);
        INDArray[][] batch = batchOf.make(order, from, to);
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
        return true; // the next epoch, in a new order
    }

    @Override
    public boolean asyncSupported() {
        return false; // batches and masks are drawn on the training thread, in order
    }

    @Override
    public void reset() {
        order = null;
    }
}
