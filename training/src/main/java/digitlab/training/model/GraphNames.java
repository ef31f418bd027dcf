package digitlab.training.model;

/**
 * Names of the training graphs' own tensors, beside the model contract's {@code pixels} and
 * {@code probabilities} (core's ModelContract): defined once for the trainer, its graphs and tests.
 */
public final class GraphNames {
    /** One-hot labels placeholder, {@code [B, 10]}. */
    public static final String LABELS = "labels";
    /** The last layer's output before softmax. */
    public static final String LOGITS = "logits";
    /** The data loss, without any penalty. */
    public static final String DATA_LOSS = "data_loss";
    /** What training minimises: the data loss plus the penalty. */
    public static final String LOSS = "loss";

    private GraphNames() {}

    /** Layer {@code l}'s weight matrix and bias. */
    public static String weight(int l) {
        return "w" + l;
    }

    public static String bias(int l) {
        return "b" + l;
    }

    /** Hidden layer {@code l}'s dropout mask placeholder. */
    public static String mask(int l) {
        return "mask" + l;
    }
}
