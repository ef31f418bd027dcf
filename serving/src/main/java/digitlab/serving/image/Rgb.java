package digitlab.serving.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.Arrays;

/** A picture as three planes of values in [0, 1] (gray pictures have three equal planes). */
final class Rgb {
    /** The share of pixels at each end of the brightness range taken as the far reach of ink. */
    private static final double TAIL = 0.005;
    /** The most common paper levels of an evenly lit picture's four sides lie within this of each other: a bin of 1/64 and a bit. */
    private static final float EVEN_SPREAD = 0.02f;

    final int width;
    final int height;
    final float[][] planes;

    private Rgb(int width, int height, float[][] planes) {
        this.width = width;
        this.height = height;
        this.planes = planes;
    }

    /**
     * The picture's colours. Transparent pixels are laid on paper that contrasts with the ink (white
     * under dark ink, black under light ink): a digit drawn on a transparent canvas has colour only
     * where the ink is, and would vanish on paper of its own colour.
     */
    static Rgb of(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[][] planes = new float[3][w * h];
        float[] alpha = new float[w * h];
        if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            readGray(image, planes, alpha);
        } else {
            readColour(image, planes, alpha);
        }
        double inkLum = 0;
        int opaque = 0;
        boolean transparent = false;
        for (int i = 0; i < alpha.length; i++) {
            if (alpha[i] >= 0.5f) {
                inkLum += luma(planes[0][i], planes[1][i], planes[2][i]);
                opaque++;
            } else {
                transparent = true;
            }
        }
        if (transparent) {
            float paper = opaque > 0 && inkLum / opaque > 0.5 ? 0f : 1f;
            for (float[] plane : planes) {
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = alpha[i] * plane[i] + (1 - alpha[i]) * paper;
                }
            }
        }
        return new Rgb(w, h, planes);
    }

    /** ITU-R BT.601 luma, the weights MNIST-era tools used for grayscale. */
    static float luma(float r, float g, float b) {
        return 0.299f * r + 0.587f * g + 0.114f * b;
    }

    /**
     * Gray images are read from their samples: {@code getRGB} would pass them through Java's linear
     * gray colour space and brighten every mid tone, while a gray PNG's numbers mean what they say.
     */
    private static void readGray(BufferedImage image, float[][] planes, float[] alpha) {
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int bands = raster.getNumBands();
        float grayMax = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
        float alphaMax = bands > 1 ? (1 << raster.getSampleModel().getSampleSize(1)) - 1 : 1;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                float v = raster.getSample(x, y, 0) / grayMax;
                planes[0][y * w + x] = v;
                planes[1][y * w + x] = v;
                planes[2][y * w + x] = v;
                alpha[y * w + x] = bands > 1 ? raster.getSample(x, y, 1) / alphaMax : 1f;
            }
        }
    }

    private static void readColour(BufferedImage image, float[][] planes, float[] alpha) {
        int w = image.getWidth();
        int[] argb = image.getRGB(0, 0, w, image.getHeight(), null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            alpha[i] = ((p >>> 24) & 0xFF) / 255f;
            planes[0][i] = ((p >> 16) & 0xFF) / 255f;
            planes[1][i] = ((p >> 8) & 0xFF) / 255f;
            planes[2][i] = (p & 0xFF) / 255f;
        }
    }

    Gray luma() {
        float[] out = new float[width * height];
        for (int i = 0; i < out.length; i++) {
            out[i] = luma(planes[0][i], planes[1][i], planes[2][i]);
        }
        return new Gray(width, height, out);
    }

    /**
     * Whether the ink is lighter than the paper (MNIST's white on black, chalk on a board). Ink is a
     * thin mark far from its surroundings, so each pixel is compared with the mean around it (with
     * the picture's median on small pictures) and the ink is whichever tail reaches further. Neither
     * the paper's overall brightness (grey paper in dim light is darker than half) nor the whole
     * picture's tails (a lit strip beside a shadow over most of the page is a bright tail) can tell.
     */
    boolean inkIsLight() {
        float[] lum = luma().values();
        float[] residual = new float[lum.length];
        if (Math.min(width, height) >= InkMap.LOCAL_PAPER_MIN_SIDE) {
            float[] around = InkMap.localMean(lum, width, height);
            for (int i = 0; i < lum.length; i++) {
                residual[i] = lum[i] - around[i];
            }
        } else {
            float[] sorted = lum.clone();
            Arrays.sort(sorted);
            float median = sorted[sorted.length / 2];
            for (int i = 0; i < lum.length; i++) {
                residual[i] = lum[i] - median;
            }
        }
        // The tails from a histogram of the residuals (in [-1, 1]): sorting a photo's pixels cost more than the rest.
        int bins = 2048;
        int[] hist = Histogram.of(residual, -1, 1, bins);
        float darkTail = -(Histogram.quantileBin(hist, TAIL * residual.length) * 2f / bins - 1);
        float lightTail = Histogram.quantileBin(hist, (1 - TAIL) * residual.length) * 2f / bins - 1;
        return lightTail > darkTail;
    }

    Rgb copy() {
        return new Rgb(width, height, new float[][] {planes[0].clone(), planes[1].clone(), planes[2].clone()});
    }

    /**
     * Whether most of the border is on the dark side of the picture's own two-level split (Otsu on
     * luma): then the paper is dark and the ink light.
     */
    boolean borderIsDark() {
        float[] lum = luma().values();
        float threshold = Histogram.otsu(lum);
        int dark = 0;
        int[] border = borderIndices();
        for (int p : border) {
            if (lum[p] < threshold) {
                dark++;
            }
        }
        return 2 * dark > border.length;
    }

    /**
     * Whether the picture is evenly lit paper (a scan, a drawing, a crop) whose ink reaches its
     * border. Even: the most common paper level (on the paper's side of Otsu's split) of each side
     * is within {@link #EVEN_SPREAD} of the other sides', as a photo's light and shadows would not
     * leave it. Reaching: more than a few stray border pixels, yet less than a third of the border,
     * are ink, darker than halfway from that paper to the picture's darkest ink; a shadow over part
     * of the page covers a long stretch of the border and is not as dark.
     */
    boolean evenWithInkAtBorder() {
        float[] lum = luma().values();
        float threshold = Histogram.otsu(lum);
        boolean paperDark = borderIsDark();
        float[] levels = new float[4];
        for (int side = 0; side < 4; side++) {
            float[] paper = paperOf(lum, side(side), threshold, paperDark);
            if (paper.length == 0) {
                return false;
            }
            levels[side] = mode(paper);
        }
        Arrays.sort(levels);
        if (levels[3] - levels[0] > EVEN_SPREAD) {
            return false;
        }
        float paper = levels[1];
        float[] sorted = lum.clone();
        Arrays.sort(sorted);
        float ink = paperDark ? sorted[sorted.length - 1 - sorted.length / 100] : sorted[sorted.length / 100];
        float halfway = (paper + ink) / 2;
        int inked = 0;
        int[] border = borderIndices();
        for (int p : border) {
            if (paperDark ? lum[p] > halfway : lum[p] < halfway) {
                inked++;
            }
        }
        return inked > Math.max(1, border.length / 200) && inked < border.length / 3;
    }

    /** The most common level of values in [0, 1], in bins of 1/64: paper's level, whatever ink and blur add. */
    private static float mode(float[] values) {
        int[] hist = new int[64];
        int best = 0;
        for (float v : values) {
            int b = Math.min(63, (int) (v * 64));
            if (++hist[b] > hist[best]) {
                best = b;
            }
        }
        return (best + 0.5f) / 64;
    }

    /** The sorted values of {@code lum} at {@code indices} on the paper's side of {@code threshold}. */
    private static float[] paperOf(float[] lum, int[] indices, float threshold, boolean paperDark) {
        float[] out = new float[indices.length];
        int n = 0;
        for (int p : indices) {
            if ((lum[p] < threshold) == paperDark) {
                out[n++] = lum[p];
            }
        }
        float[] used = Arrays.copyOf(out, n);
        Arrays.sort(used);
        return used;
    }

    /** The pixel indices of one side: 0 top, 1 bottom, 2 left, 3 right. */
    private int[] side(int side) {
        int n = side < 2 ? width : height;
        int[] out = new int[n];
        for (int k = 0; k < n; k++) {
            out[k] = switch (side) {
                case 0 -> k;
                case 1 -> (height - 1) * width + k;
                case 2 -> k * width;
                default -> k * width + width - 1;
            };
        }
        return out;
    }

    /**
     * The picture laid on {@code margin} pixels of its paper on every side; the paper's colour is the
     * median of the border's light pixels (the light side of Otsu's split), channel by channel.
     */
    Rgb onPaper(int margin) {
        float[] lum = luma().values();
        float threshold = Histogram.otsu(lum);
        int[] border = borderIndices();
        int w = width + 2 * margin;
        int h = height + 2 * margin;
        float[][] out = new float[3][w * h];
        for (int c = 0; c < 3; c++) {
            float[] light = new float[border.length];
            int n = 0;
            for (int p : border) {
                if (lum[p] >= threshold) {
                    light[n++] = planes[c][p];
                }
            }
            float[] used = n > 0 ? Arrays.copyOf(light, n) : new float[] {1f};
            Arrays.sort(used);
            Arrays.fill(out[c], used[used.length / 2]);
            for (int y = 0; y < height; y++) {
                System.arraycopy(planes[c], y * width, out[c], (y + margin) * w + margin, width);
            }
        }
        return new Rgb(w, h, out);
    }

    private int[] borderIndices() {
        int[] out = new int[2 * width + 2 * Math.max(0, height - 2)];
        int n = 0;
        for (int x = 0; x < width; x++) {
            out[n++] = x;
            if (height > 1) {
                out[n++] = (height - 1) * width + x;
            }
        }
        for (int y = 1; y < height - 1; y++) {
            out[n++] = y * width;
            if (width > 1) {
                out[n++] = y * width + width - 1;
            }
        }
        return Arrays.copyOf(out, n);
    }

    void invert() {
        for (float[] plane : planes) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] = 1f - plane[i];
            }
        }
    }

    /** The picture area-averaged down so its longer side is at most {@code maxSide}; itself if it is already. */
    Rgb fitWithin(int maxSide) {
        int longer = Math.max(width, height);
        if (longer <= maxSide) {
            return this;
        }
        double scale = (double) maxSide / longer;
        int w = Math.max(1, (int) Math.round(width * scale));
        int h = Math.max(1, (int) Math.round(height * scale));
        float[][] out = new float[3][];
        for (int c = 0; c < 3; c++) {
            out[c] = new Gray(width, height, planes[c]).resize(w, h).values();
        }
        return new Rgb(w, h, out);
    }
}
