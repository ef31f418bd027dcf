package digitlab.serving.image;

import java.util.Arrays;

/** A grayscale picture with values in [0, 1]: a plane of {@link Rgb}, or the digit {@link MnistPreprocessor} boxes. */
final class Gray {
    private final int width;
    private final int height;
    private final float[] v;

    Gray(int width, int height, float[] values) {
        this.width = width;
        this.height = height;
        this.v = values;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    float[] values() {
        return v;
    }

    float at(int x, int y) {
        return v[y * width + x];
    }

    /** The paper's shade: the median of the outermost pixels, which a digit rarely covers. */
    float borderMedian() {
        float[] border = new float[2 * width + 2 * Math.max(0, height - 2)];
        int n = 0;
        for (int x = 0; x < width; x++) {
            border[n++] = at(x, 0);
            if (height > 1) {
                border[n++] = at(x, height - 1);
            }
        }
        for (int y = 1; y < height - 1; y++) {
            border[n++] = at(0, y);
            if (width > 1) {
                border[n++] = at(width - 1, y);
            }
        }
        float[] used = Arrays.copyOf(border, n);
        Arrays.sort(used);
        return used[n / 2];
    }

    /** A grey dilation (the strongest ink) or erosion (the faintest) over a disc of the given radius. */
    Gray morph(int radius, boolean dilate) {
        return new Gray(width, height, DiscMorphology.apply(width, height, v, radius, dilate));
    }

    /**
     * The correlation between each pixel and its right and lower neighbours: close to 1 for strokes,
     * paper and light (smooth at the scale of a pixel), close to 0 for pure noise. A uniform picture counts as smooth.
     */
    double neighbourCorrelation() {
        double sum = 0;
        for (float x : v) {
            sum += x;
        }
        double mean = sum / v.length;
        double variance = 0;
        double covariance = 0;
        int pairs = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double d = at(x, y) - mean;
                variance += d * d;
                if (x + 1 < width) {
                    covariance += d * (at(x + 1, y) - mean);
                    pairs++;
                }
                if (y + 1 < height) {
                    covariance += d * (at(x, y + 1) - mean);
                    pairs++;
                }
            }
        }
        if (variance <= 1e-9 * v.length || pairs == 0) {
            return 1;
        }
        return (covariance / pairs) / (variance / v.length);
    }

    float max() {
        float m = 0;
        for (float x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    void normaliseMax() {
        float m = max();
        if (m > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= m;
            }
        }
    }

    /** The smallest rectangle holding every inked pixel. */
    Gray cropToInk() {
        int minX = width;
        int minY = height;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (at(x, y) > 0) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        int w = maxX - minX + 1;
        int h = maxY - minY + 1;
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(v, (y + minY) * width + minX, out, y * w, w);
        }
        return new Gray(w, h, out);
    }

    /**
     * Area-weighted resampling: each target pixel is the average of the source area it covers.
     * Downscaling thus anti-aliases like MNIST's own reduction; it is done separably, rows then columns.
     */
    Gray resize(int newWidth, int newHeight) {
        float[] rows = new float[newWidth * height];
        for (int y = 0; y < height; y++) {
            resample(v, y * width, 1, width, rows, y * newWidth, 1, newWidth);
        }
        float[] out = new float[newWidth * newHeight];
        for (int x = 0; x < newWidth; x++) {
            resample(rows, x, newWidth, height, out, x, newWidth, newHeight);
        }
        return new Gray(newWidth, newHeight, out);
    }

    /** One line of {@code n} samples (from {@code src} at offset/stride) averaged into {@code m} samples. */
    private static void resample(float[] src, int srcOffset, int srcStride, int n,
            float[] dst, int dstOffset, int dstStride, int m) {
        double step = (double) n / m;
        for (int j = 0; j < m; j++) {
            double from = j * step;
            double to = from + step;
            double sum = 0;
            for (int i = (int) Math.floor(from); i < n && i < to; i++) {
                double overlap = Math.min(to, i + 1) - Math.max(from, i);
                if (overlap > 0) {
                    sum += overlap * src[srcOffset + i * srcStride];
                }
            }
            dst[dstOffset + j * dstStride] = (float) (sum / step);
        }
    }
}
