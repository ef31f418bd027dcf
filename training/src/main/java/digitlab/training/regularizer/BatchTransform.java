package digitlab.training.regularizer;

/** Alters one training batch's pixels in place, row-major {@code [rows, 784]}, drawing from its own seeded stream. */
@FunctionalInterface
public interface BatchTransform {
    void apply(float[] rows);
}
