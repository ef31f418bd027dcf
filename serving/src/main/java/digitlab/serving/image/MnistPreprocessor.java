package digitlab.serving.image;

import digitlab.core.model.ModelContract;
import java.awt.image.BufferedImage;

/**
 * Turns a picture of one digit into the model contract's input the way MNIST itself was made. A
 * phone photo first loses what is not the digit: the paper's colour, uneven light and shadows
 * ({@link InkMap}), then specks, ruled lines and page edges ({@link DigitFinder}). What is left, ink
 * made white on black, is cropped to the ink, scaled to fit a 20x20 box keeping its aspect ratio,
 * and placed in 28x28 so that its centre of mass sits at the centre.
 */
public final class MnistPreprocessor {
    static final int BOX = 20;
    private static final int SIDE = ModelContract.IMAGE_SIDE;
    /**
     * Where MNIST puts the centre of mass, in pixel-index coordinates: measured over its 10000 test
     * images, the mean is 14.0 in both directions (not 13.5, the geometric centre).
     */
    static final double CENTRE = 14.0;
    /**
     * Larger pictures are first scaled down to this longer side: a 12-megapixel photo holds no more
     * of a 20x20 digit than a 640-pixel one, and costs 30 times as much to clean up.
     */
    static final int WORKING_SIDE = 640;

    /**
     * Neighbouring pixels of a picture with strokes in it are alike (above 0.5 even for an 8x8
     * scan); those of pure noise are not (about 0).
     */
    static final double MIN_NEIGHBOUR_CORRELATION = 0.2;
    /** The margin, in pixels, a picture whose ink reaches its edges is laid on at least. */
    private static final int MIN_MARGIN = 4;
    static final String BLANK = "The image is blank: no ink stands out from the paper.";
    static final String NOISE = "The image is blank: it holds only noise, no stroke stands out from the paper.";

    private MnistPreprocessor() {}

    public static float[] toMnist(BufferedImage image) {
        Rgb picture = Rgb.of(image).fitWithin(WORKING_SIDE);
        if (picture.luma().neighbourCorrelation() < MIN_NEIGHBOUR_CORRELATION) {
            throw new ImageRejectedException(NOISE);
        }
        Gray digit = picture.evenWithInkAtBorder() ? null : digitOnPageOrNull(picture);
        if (digit == null) {
            digit = digitWithoutMargin(picture);
        }
        Gray ink = digit.cropToInk();
        double scale = (double) BOX / Math.max(ink.width(), ink.height());
        int width = Math.max(1, (int) Math.round(ink.width() * scale));
        int height = Math.max(1, (int) Math.round(ink.height() * scale));
        Gray boxed = StrokeWidth.boxed(ink, width, height);
        boxed.normaliseMax();
        return centreByMass(boxed);
    }

    /** The digit on a page with paper around it (a photo, a drawing, an MNIST digit); null if none is found. */
    private static Gray digitOnPageOrNull(Rgb original) {
        Rgb picture = original.copy();
        // Light ink on dark paper, as MNIST itself: the steps below want dark ink. A bold digit that
        // fills most of the picture makes the paper the thin minority, so the border must agree.
        if (picture.inkIsLight() && picture.borderIsDark()) {
            picture.invert();
        }
        try {
            return digitInk(InkMap.of(picture));
        } catch (ImageRejectedException e) {
            return null; // perhaps a digit without a margin: read again as one
        }
    }

    /**
     * The digit of a picture whose ink reaches its edges (a tight crop, a drawing that fills the
     * canvas), where neither the paper around it nor its polarity can be read from its surroundings.
     * The paper is the level most of the border shows: a crop cut at the ink's extremes touches each
     * side at a point or two. The picture is laid on a margin of that paper and read as a page lit
     * evenly: a crop is too small a piece of a page for its light to change across it, and strokes
     * as wide as a blown-up scan's are wider than any window that estimates paper locally.
     */
    private static Gray digitWithoutMargin(Rgb picture) {
        Rgb page = picture.copy();
        if (page.borderIsDark()) {
            page.invert();
        }
        int margin = Math.max(MIN_MARGIN, Math.max(page.width, page.height) / 4);
        return digitInk(InkMap.of(page.onPaper(margin), true));
    }

    private static Gray digitInk(InkMap map) {
        Gray digit = new Gray(map.width, map.height, DigitFinder.digitInk(map));
        if (digit.max() <= 0) {
            throw new ImageRejectedException(BLANK);
        }
        return digit;
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
