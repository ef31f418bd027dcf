package digitlab.serving.image;

import digitlab.core.model.ModelContract;
import java.awt.image.BufferedImage;

/**
 * Turns a picture of one digit into the model contract's input the way MNIST itself was made:
 * grayscale, ink made white on black, cropped to the ink, scaled to fit a 20x20 box keeping its
 * aspect ratio, then placed in 28x28 so that its centre of mass sits at the centre.
 */
public final class MnistPreprocessor {
    static final int BOX = 20;
    private static final int SIDE = ModelContract.IMAGE_SIDE;
    /**
     * Where MNIST puts the centre of mass, in pixel-index coordinates: measured over its 10000 test
     * images, the mean is 14.0 in both directions (not 13.5, the geometric centre).
     */
    static final double CENTRE = 14.0;
    /** Intensity (0..1, after normalising) below which a pixel counts as paper: keeps JPEG noise out of the crop. */
    private static final float NOISE_FLOOR = 0.05f;
    /** Minimum contrast between paper and ink for the picture to count as having a digit at all. */
    private static final float MIN_CONTRAST = 0.1f;

    private MnistPreprocessor() {}

    public static float[] toMnist(BufferedImage image) {
        Gray gray = Gray.of(image);
        float background = gray.borderMedian();
        if (background > 0.5f) {
            gray.invert();
            background = 1f - background;
        }
        float peak = gray.max();
        if (peak - background < MIN_CONTRAST) {
            throw new ImageRejectedException("The image is blank: no ink stands out from the paper.");
        }
        gray.stretch(background, peak, NOISE_FLOOR);
        Gray ink = gray.cropToInk();
        double scale = (double) BOX / Math.max(ink.width(), ink.height());
        int width = Math.max(1, (int) Math.round(ink.width() * scale));
        int height = Math.max(1, (int) Math.round(ink.height() * scale));
        Gray boxed = ink.resize(width, height);
        boxed.normaliseMax();
        return centreByMass(boxed);
    }

    private static float[] centreByMass(Gray digit) {
        double mass = 0;
        double sumX = 0;
        double sumY = 0;
        for (int y = 0; y < digit.height(); y++) {
            for (int x = 0; x < digit.width(); x++) {
                float v = digit.at(x, y);
                mass += v;
                sumX += v * x;
                sumY += v * y;
            }
        }
        int dx = (int) Math.round(CENTRE - sumX / mass);
        int dy = (int) Math.round(CENTRE - sumY / mass);
        float[] out = new float[SIDE * SIDE];
        for (int y = 0; y < digit.height(); y++) {
            for (int x = 0; x < digit.width(); x++) {
                int tx = x + dx;
                int ty = y + dy;
                if (tx >= 0 && tx < SIDE && ty >= 0 && ty < SIDE) {
                    out[ty * SIDE + tx] = digit.at(x, y);
                }
            }
        }
        return out;
    }
}
