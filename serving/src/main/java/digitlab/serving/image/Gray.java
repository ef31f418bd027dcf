package digitlab.serving.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.Arrays;

/** A mutable grayscale picture with values in [0, 1]; the steps of {@link MnistPreprocessor}. */
final class Gray {
    private final int width;
    private final int height;
    private final float[] v;

    Gray(int width, int height, float[] values) {
        this.width = width;
        this.height = height;
        this.v = values;
    }

    /**
     * Luminance of each pixel. Transparent pixels are laid on paper that contrasts with the ink
     * (white under dark ink, black under light ink): a digit drawn on a transparent canvas has
     * colour only where the ink is, and would vanish on paper of its own colour.
     */
    static Gray of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] lum = new float[w * h];
        float[] alpha = new float[w * h];
        if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            readGray(image, lum, alpha);
        } else {
            readColour(image, lum, alpha);
        }
        double inkLum = 0;
        int opaque = 0;
        boolean transparent = false;
        for (int i = 0; i < lum.length; i++) {
            if (alpha[i] >= 0.5f) {
                inkLum += lum[i];
                opaque++;
            } else {
                transparent = true;
            }
        }
        if (transparent) {
            float paper = opaque > 0 && inkLum / opaque > 0.5 ? 0f : 1f;
            for (int i = 0; i < lum.length; i++) {
                lum[i] = alpha[i] * lum[i] + (1 - alpha[i]) * paper;
            }
        }
        return new Gray(w, h, lum);
    }

    /**
     * Gray images are read from their samples: {@code getRGB} would pass them through Java's linear
     * gray colour space and brighten every mid tone, while a gray PNG's numbers mean what they say.
     */
    private static void readGray(BufferedImage image, float[] lum, float[] alpha) {
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int bands = raster.getNumBands();
        float grayMax = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
        float alphaMax = bands > 1 ? (1 << raster.getSampleModel().getSampleSize(1)) - 1 : 1;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                lum[y * w + x] = raster.getSample(x, y, 0) / grayMax;
                alpha[y * w + x] = bands > 1 ? raster.getSample(x, y, 1) / alphaMax : 1f;
            }
        }
    }

    private static void readColour(BufferedImage image, float[] lum, float[] alpha) {
        int w = image.getWidth();
        int[] argb = image.getRGB(0, 0, w, image.getHeight(), null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            alpha[i] = ((p >>> 24) & 0xFF) / 255f;
            // ITU-R BT.601 luma, the weights MNIST-era tools used for grayscale.
            lum[i] = (0.299f * ((p >> 16) & 0xFF) + 0.587f * ((p >> 8) & 0xFF) + 0.114f * (p & 0xFF)) / 255f;
        }
    }

    int width() {
        return width;
    }

    int height() {
        return height;
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

    void invert() {
        for (int i = 0; i < v.length; i++) {
            v[i] = 1f - v[i];
        }
    }

    float max() {
        float m = 0;
        for (float x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    /** Maps paper to 0 and the strongest ink to 1, so grey paper or faint pencil look like MNIST. */
    void stretch(float paper, float ink, float floor) {
        float range = ink - paper;
        for (int i = 0; i < v.length; i++) {
            float s = (v[i] - paper) / range;
            v[i] = s < floor ? 0f : Math.min(1f, s);
        }
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
