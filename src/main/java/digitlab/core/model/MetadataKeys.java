package digitlab.core.model;

/** Keys of the ONNX {@code metadata_props} that training writes and serving reads. */
public final class MetadataKeys {
    /** Model id, also the file name without ".onnx", e.g. {@code ce-l2-0.01-s0}. */
    public static final String ID = "digitlab.id";
    /** The whole training configuration as JSON. */
    public static final String CONFIG = "digitlab.config";
    public static final String LOSS = "digitlab.loss";
    public static final String REGULARIZER = "digitlab.regularizer";
    /** Lambda for L1/L2, drop probability for dropout, 0 for none. */
    public static final String STRENGTH = "digitlab.strength";
    public static final String SEED = "digitlab.seed";
    /** Epochs trained. */
    public static final String EPOCHS = "digitlab.epochs";
    /**
     * The epoch (from 0) whose weights the file holds, written when it is not the last
     * ({@code epochs - 1}, what its absence means): when early stopping kept an earlier one.
     */
    public static final String KEPT_EPOCH = "digitlab.kept_epoch";
    public static final String DATASET = "digitlab.dataset";
    public static final String SPLIT = "digitlab.split";
    public static final String TRAIN_SIZE = "digitlab.train_size";
    public static final String TEST_SIZE = "digitlab.test_size";
    /** MD5 of the uncompressed test images file the model was evaluated on. */
    public static final String DATASET_CHECKSUM = "digitlab.dataset_checksum";
    /** Percent, as measured by the trainer at the kept epoch. */
    public static final String TRAIN_ACCURACY = "digitlab.train_accuracy";
    public static final String TEST_ACCURACY = "digitlab.test_accuracy";
    public static final String TRAINING_MILLIS = "digitlab.training_ms";
    public static final String PIXEL_SCALING = "digitlab.pixel_scaling";
    /**
     * Train and test accuracy per epoch as JSON ({@link TrainingCurves}); optional: files exported
     * before it existed have none.
     */
    public static final String CURVES = "digitlab.curves";
    /**
     * The trainer's calibration of the kept epoch on the test split: expected calibration error over
     * 15 equal-width confidence bins in percentage points, and mean negative log-likelihood in nats;
     * optional: files exported before they were recorded have none.
     */
    public static final String ECE_PERCENT = "digitlab.ece_percent";
    public static final String NLL = "digitlab.nll";

    private MetadataKeys() {}
}
