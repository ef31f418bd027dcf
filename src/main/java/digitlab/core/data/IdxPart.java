package digitlab.core.data;

/** The four files of an MNIST-style dataset, by their original names. */
public enum IdxPart {
    TRAIN_IMAGES("train-images-idx3-ubyte", 3),
    TRAIN_LABELS("train-labels-idx1-ubyte", 1),
    TEST_IMAGES("t10k-images-idx3-ubyte", 3),
    TEST_LABELS("t10k-labels-idx1-ubyte", 1);

    private final String fileName;
    private final int dims;

    IdxPart(String fileName, int dims) {
        this.fileName = fileName;
        this.dims = dims;
    }

    public String fileName() {
        return fileName;
    }

    public int dims() {
        return dims;
    }
}
