package digitlab.serving.inference;

import digitlab.core.model.ModelContract;
import java.util.List;

/**
 * Rows of 784 pixels in the model contract's form, checked once here so every model gets the same
 * guarantee: the right length, finite, and inside [0, 1].
 *
 * @param values row-major {@code [rows, 784]}
 * @param single true when the client sent one digit (not a batch of one), so the answer mirrors it
 *
 * <p>The canonical constructor trusts its values (the server's own test set uses it); input from
 * clients goes through {@link #single} or {@link #of}, which check it.
 */
public record PixelBatch(float[] values, int rows, boolean single) {
    /** Keeps one answer from allocating unbounded tensors; the body limit usually binds first. */
    public static final int MAX_ROWS = 10_000;

    public static PixelBatch single(float[] pixels) {
        return of(List.of(pixels), true);
    }

    public static PixelBatch of(List<float[]> rows, boolean single) {
        checkCount(rows.size());
        float[] values = new float[rows.size() * ModelContract.FEATURES];
        for (int r = 0; r < rows.size(); r++) {
            float[] row = rows.get(r);
            if (row.length != ModelContract.FEATURES) {
                throw new InvalidInputException(where(r, rows.size()) + " has " + row.length + " pixels; the model needs "
                        + ModelContract.FEATURES + " (28x28, row by row).");
            }
            System.arraycopy(row, 0, values, r * ModelContract.FEATURES, row.length);
        }
        return checked(values, rows.size(), single);
    }

    /**
     * A batch already laid out row-major, {@code rows * 784} values (a tensor's data), checked where it
     * lies: split into rows and joined again, every batch was copied twice more on its way in.
     */
    public static PixelBatch ofRowMajor(float[] values, int rows) {
        checkCount(rows);
        if (values.length != rows * ModelContract.FEATURES) {
            throw new InvalidInputException("The input holds " + values.length + " values; shape [" + rows + ", "
                    + ModelContract.FEATURES + "] needs " + rows * ModelContract.FEATURES + ".");
        }
        return checked(values, rows, false);
    }

    private static void checkCount(int rows) {
        if (rows == 0) {
            throw new InvalidInputException("The batch is empty: send at least one digit.");
        }
        if (rows > MAX_ROWS) {
            throw new InvalidInputException("The batch has " + rows + " digits; at most " + MAX_ROWS
                    + " are answered at once.");
        }
    }

    private static PixelBatch checked(float[] values, int rows, boolean single) {
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!(v >= 0f && v <= 1f)) {
                throw new InvalidInputException(where(i / ModelContract.FEATURES, rows) + " has pixel "
                        + i % ModelContract.FEATURES + " = " + v
                        + "; pixels must be numbers in 0..1 (divide 0..255 values by 255).");
            }
        }
        return new PixelBatch(values, rows, single);
    }

    private static String where(int row, int rows) {
        return rows == 1 ? "The digit" : "Digit " + row + " of the batch";
    }

    public float[] row(int r) {
        float[] out = new float[ModelContract.FEATURES];
        System.arraycopy(values, r * ModelContract.FEATURES, out, 0, out.length);
        return out;
    }
}
