package digitlab.serving.image;

/**
 * Brings a digit's strokes to the width MNIST's own digits have. A marker, a bold font or a blurred
 * low-resolution scan draws strokes two or three times as wide as MNIST's pen, a fine pen or an
 * eroded scan half as wide, and a model that learned MNIST reads both worse. The width is measured
 * on the digit boxed at {@link #FINE} times the model's resolution, as twice its inked area over its
 * outline (a stroke of length L and width w has area L w and an outline of about 2 L), and changed
 * by a grey erosion or dilation there when it lies outside the range MNIST's digits span. An
 * erosion, not a skeleton drawn again with MNIST's pen: the skeleton of a bold digit whose loops
 * have closed is no longer that digit's.
 */
final class StrokeWidth {
    /** The digit is boxed at this many times the 20-pixel box while its strokes are measured and changed. */
    static final int FINE = 4;
    /** Pixels at or above this ink are inked for measuring. */
    private static final float INKED = 0.5f;
    /**
     * The range of MNIST's own stroke widths, in pixels of the fine box, over its 10000 test digits
     * boxed the same way: median 8.0, 5th percentile 5.3, 75th 9.5, 95th 12.5. Digits inside it are
     * left as they are; thinner ones are dilated to the 5th percentile, wider ones eroded to about
     * the 85th: the models read a bold digit best a little thinner than MNIST's boldest.
     */
    static final double NARROWEST = 5.3;
    static final double WIDEST = 10.5;

    private StrokeWidth() {}

    /** The stroke width of {@code digit}, in its own pixels; 0 for a digit with no inked pixel. */
    static double of(Gray digit) {
        int w = digit.width();
        int h = digit.height();
        int area = 0;
        int outline = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!inked(digit, x, y)) {
                    continue;
                }
                area++;
                outline += (x == 0 || !inked(digit, x - 1, y) ? 1 : 0) + (x == w - 1 || !inked(digit, x + 1, y) ? 1 : 0)
                        + (y == 0 || !inked(digit, x, y - 1) ? 1 : 0) + (y == h - 1 || !inked(digit, x, y + 1) ? 1 : 0);
            }
        }
        return outline == 0 ? 0 : 2.0 * area / outline;
    }

    private static boolean inked(Gray digit, int x, int y) {
        return digit.at(x, y) >= INKED;
    }

    /** {@code ink} (cropped to its ink) boxed to {@code width x height} with strokes of MNIST's width. */
    static Gray boxed(Gray ink, int width, int height) {
        Gray fine = ink.resize(width * FINE, height * FINE);
        fine.normaliseMax();
        double stroke = of(fine);
        if (stroke > WIDEST) {
            return fine.morph((int) Math.round((stroke - WIDEST) / 2), false).resize(width, height);
        }
        if (stroke > 0 && stroke < NARROWEST) {
            return fine.morph((int) Math.round((NARROWEST - stroke) / 2), true).resize(width, height);
        }
        return ink.resize(width, height);
    }
}
