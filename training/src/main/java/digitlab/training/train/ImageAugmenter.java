package digitlab.training.train;

import digitlab.core.model.ModelContract;
import digitlab.training.regularizer.BatchTransform;
import java.util.Random;

/**
 * Distorts training images the way handwriting and framing vary: each image rotated, scaled and
 * shifted by small random amounts , drawn
 * afresh every time it is fed, so the network never sees exactly the same picture twice and learns
 * digits that are not perfectly upright, sized and centred, as photos of paper are not
 * ({@link digitlab.training.model.Augmentation#SHAPE}).
 */
public final class ImageAugmenter implements BatchTransform {
    static final double MAX_ROTATION_DEGREES = 12;
    static final double MIN_SCALE = 0.9;
    static final double MAX_SCALE = 1.1;
    static final double MAX_SHIFT = 2;
    private static final int SIDE = ModelContract.IMAGE_SIDE;
    /** The point rotations and scalings keep in place: the middle of the 28x28 grid. */
    private static final double CENTRE = (SIDE - 1) / 2.0;

    private final Random rng;
    private final float[] source = new float[SIDE * SIDE];

    /** Distortions drawn from {@code rng}: give it {@link SeedStreams#augmentation} of the run's seed. */
    public ImageAugmenter(Random rng) {
        this.rng = rng;
    }

    /** Distorts every 784-pixel row of {@code rows} in place. */
    @Override
    public void apply(float[] rows) {
        for (int from = 0; from < rows.length; from += source.length) {
            System.arraycopy(rows, from, source, 0, source.length);
            double angle = Math.toRadians(uniform(-MAX_ROTATION_DEGREES, MAX_ROTATION_DEGREES));
            double scale = uniform(MIN_SCALE, MAX_SCALE);
            double shiftX = uniform(-MAX_SHIFT, MAX_SHIFT);
            double shiftY = uniform(-MAX_SHIFT, MAX_SHIFT);
            // Each output pixel samples the source at the inverse transform: undo the shift, then
            // rotate back by -angle and shrink by 1/scale around the centre.
            double cos = Math.cos(angle) / scale;
            double sin = Math.sin(angle) / scale;
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    double u = x - CENTRE - shiftX;
                    double v = y - CENTRE - shiftY;
                    rows[from + y * SIDE + x] = ImageSampling.bilinear(source, cos * u + sin * v + CENTRE,
                            -sin * u + cos * v + CENTRE);
                }
            }
        }
    }

    private double uniform(double low, double high) {
        return low + (high - low) * rng.nextDouble();
    }
}
