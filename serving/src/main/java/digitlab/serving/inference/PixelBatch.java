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
        if (rows.isEmpty()) {
            throw new InvalidInputException("The batch is empty: send at least one digit.");
        }
        if (rows.size() > MAX_ROWS) {
            throw new InvalidInputException("The batch has " + rows.size() + " digits; at most " + MAX_ROWS
                    + " are answered at once.");
        }
        float[] values = new float[rows.size() * ModelContract.FEATURES];
        for (int r = 0; r < rows.size(); r++) {
            float[] row = rows.get(r);
            String where = rows.size() == 1 ? "The digit" : "Digit " + r + " of the batch";
            if (row.length != ModelContract.FEATURES) {
                throw new InvalidInputException(where + " has " + row.length + " pixels; the model needs "
                        + ModelContract.FEATURES + " (28x28, row by row).");
            }
            for (int p = 0; p < row.length; p++) {
                float v = row[p];
                if (!(v >= 0f && v <= 1f)) {
                    throw new InvalidInputException(where + " has pixel " + p + " = " + v
                            + "; pixels must be numbers in 0..1 (divide 0..255 values by 255).");
                }
            }
            System.arraycopy(row, 0, values, r * ModelContract.FEATURES, row.length);
        }
        return new PixelBatch(values, rows.size(), single);
    }

    public float[] row(int r) {
        float[] out = new float[ModelContract.FEATURES];
        System.arraycopy(values, r * ModelContract.FEATURES, out, 0, out.length);
        return out;
    }
}
