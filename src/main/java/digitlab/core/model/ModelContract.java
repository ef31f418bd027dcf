package digitlab.core.model;

/**
 * The only interface between training and serving: what an exported ONNX file looks like.
 *
 * <p>Input {@value #INPUT}: float32 {@code [N, 784]}, pixels in [0, 1], row-major 28x28, white ink on
 * black as in MNIST. Output {@value #OUTPUT}: float32 {@code [N, 10]}, softmax already applied. N is
 * the dynamic dimension {@value #BATCH_DIM}.
 */
public final class ModelContract {
    public static final String INPUT = "pixels";
    public static final String OUTPUT = "probabilities";
    public static final String BATCH_DIM = "batch";
    public static final int IMAGE_SIDE = 28;
    public static final int FEATURES = IMAGE_SIDE * IMAGE_SIDE;
    public static final int CLASSES = 10;
    public static final String FILE_SUFFIX = ".onnx";
    /** ONNX opset and IR version: what ONNX Runtime 1.23 and Debian's onnx checker both accept. */
    public static final int OPSET = 13;
    public static final int IR_VERSION = 7;
    public static final String PRODUCER = "digit-lab";

    private ModelContract() {}
}
