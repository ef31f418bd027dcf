package digitlab.serving.image;

import java.util.Arrays;

/**
 * How much ink covers each pixel, in [0, 1]: one minus the pixel's brightness relative to the paper
 * right around it, colour by colour. Dividing by the local paper takes out uneven light and shadows
 * (a shadowed patch of paper is as blank as a lit one) and tinted or grey paper (paper is 0 whatever
 * its colour); measuring every colour channel keeps blue and red ink as dark as black ink.
 *
 * <p>Small pictures (MNIST-sized, drawn or cropped digits) have even paper and strokes too close to
 * their size to estimate paper locally: their paper is the border's median, one level for the whole.
 */
final class InkMap {
    /** Below this shorter side a picture is taken as evenly lit. */
    static final int LOCAL_PAPER_MIN_SIDE = 64;
    /** The local paper is the brightest level within a window this share of the shorter side: wider than strokes. */
    private static final int WINDOW_DIVISOR = 3;
    /** Paper estimates are made on a grid about this many cells across the shorter side, then interpolated. */
    private static final int GRID = 64;
    /** No paper is darker than this: below it a shadow's noise would be amplified into ink. */
    private static final float DARKEST_PAPER = 0.05f;

    final int width;
    final int height;
    /** Ink per pixel from the picture as sent: the values the model will see. */
    final float[] ink;
    /** The same after a 3x3 average on large pictures: steadier against sensor and JPEG noise, for finding the digit. */
    final float[] smoothInk;

    private InkMap(int width, int height, float[] ink, float[] smoothInk) {
        this.width = width;
        this.height = height;
        this.ink = ink;
        this.smoothInk = smoothInk;
    }

    static InkMap of(Rgb picture) {
        return of(picture, Math.min(picture.width, picture.height) < LOCAL_PAPER_MIN_SIDE);
    }

    /** @param evenlyLit one paper level for the whole picture, its border's median, whatever its size */
    static InkMap of(Rgb picture, boolean evenlyLit) {
        int w = picture.width;
        int h = picture.height;
        float[][] paper = new float[3][];
        if (evenlyLit) {
            for (int c = 0; c < 3; c++) {
                paper[c] = filled(w * h, new Gray(w, h, picture.planes[c]).borderMedian());
            }
            return new InkMap(w, h, darkness(picture.planes, paper), null);
        }
        // Light changes how bright the paper is, not its colour: the paper's brightness is found
        // locally, its tint once for the whole page. (A closing per colour channel would take red
        // ink, brighter than grey paper in the red channel, for paper.)
        float[][] smooth = new float[3][];
        for (int c = 0; c < 3; c++) {
            smooth[c] = boxBlur3(picture.planes[c], w, h);
        }
        float[] smoothLuma = new float[w * h];
        for (int i = 0; i < smoothLuma.length; i++) {
            smoothLuma[i] = Rgb.luma(smooth[0][i], smooth[1][i], smooth[2][i]);
        }
        float[] paperLuma = localPaper(smoothLuma, w, h);
        float lumaMedian = Histogram.median(smoothLuma);
        for (int c = 0; c < 3; c++) {
            float tint = Histogram.median(smooth[c]) / Math.max(lumaMedian, DARKEST_PAPER);
            paper[c] = new float[w * h];
            for (int i = 0; i < paperLuma.length; i++) {
                paper[c][i] = paperLuma[i] * tint;
            }
        }
        return new InkMap(w, h, darkness(picture.planes, paper), darkness(smooth, paper));
    }

    /** Whether the paper was estimated around each pixel (a photo) rather than once for the whole picture. */
    boolean localPaper() {
        return smoothInk != null;
    }

    float[] forFinding() {
        return smoothInk != null ? smoothInk : ink;
    }

    private static float[] darkness(float[][] planes, float[][] paper) {
        float[] out = new float[planes[0].length];
        for (int i = 0; i < out.length; i++) {
            float r = planes[0][i] / Math.max(paper[0][i], DARKEST_PAPER);
            float g = planes[1][i] / Math.max(paper[1][i], DARKEST_PAPER);
            float b = planes[2][i] / Math.max(paper[2][i], DARKEST_PAPER);
            out[i] = Math.max(0f, Math.min(1f, 1f - Rgb.luma(Math.min(r, 1f), Math.min(g, 1f), Math.min(b, 1f))));
        }
        return out;
    }

    /**
     * The paper's level at each pixel: a grayscale closing (the brightest level nearby, then the
     * darkest of those) removes every dark mark narrower than the window and keeps the edges of
     * shadows and light. Done on a coarse grid whose cells take their brightest pixel, then
     * interpolated back, so a 480x360 photo costs a 64x48 closing.
     */
    private static float[] localPaper(float[] plane, int w, int h) {
        int cell = Math.max(1, Math.min(w, h) / GRID);
        int gw = (w + cell - 1) / cell;
        int gh = (h + cell - 1) / cell;
        float[] grid = new float[gw * gh];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int g = (y / cell) * gw + x / cell;
                grid[g] = Math.max(grid[g], plane[y * w + x]);
            }
        }
        int radius = Math.max(1, Math.min(w, h) / WINDOW_DIVISOR / cell / 2);
        float[] closed = filter(filter(grid, gw, gh, radius, true), gw, gh, radius, false);
        return upsample(closed, gw, gh, cell, w, h);
    }

    /**
     * The mean brightness within about half the shorter side around each pixel, from a coarse grid:
     * wide enough that a digit filling the picture with thick strokes is still a minority of it.
     */
    static float[] localMean(float[] plane, int w, int h) {
        int cell = Math.max(1, Math.min(w, h) / GRID);
        int gw = (w + cell - 1) / cell;
        int gh = (h + cell - 1) / cell;
        float[] sum = new float[gw * gh];
        int[] count = new int[gw * gh];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int g = (y / cell) * gw + x / cell;
                sum[g] += plane[y * w + x];
                count[g]++;
            }
        }
        int radius = Math.max(1, Math.min(w, h) / 4 / cell);
        float[] mean = new float[gw * gh];
        for (int gy = 0; gy < gh; gy++) {
            for (int gx = 0; gx < gw; gx++) {
                float s = 0;
                int n = 0;
                for (int y = Math.max(0, gy - radius); y <= Math.min(gh - 1, gy + radius); y++) {
                    for (int x = Math.max(0, gx - radius); x <= Math.min(gw - 1, gx + radius); x++) {
                        s += sum[y * gw + x];
                        n += count[y * gw + x];
                    }
                }
                mean[gy * gw + gx] = s / n;
            }
        }
        return upsample(mean, gw, gh, cell, w, h);
    }

    /** A separable square max (or min) filter of the given radius; the window is cut at the edges. */
    private static float[] filter(float[] v, int w, int h, int radius, boolean max) {
        float[] rows = new float[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float best = v[y * w + x];
                for (int k = Math.max(0, x - radius); k <= Math.min(w - 1, x + radius); k++) {
                    best = max ? Math.max(best, v[y * w + k]) : Math.min(best, v[y * w + k]);
                }
                rows[y * w + x] = best;
            }
        }
        float[] out = new float[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float best = rows[y * w + x];
                for (int k = Math.max(0, y - radius); k <= Math.min(h - 1, y + radius); k++) {
                    best = max ? Math.max(best, rows[k * w + x]) : Math.min(best, rows[k * w + x]);
                }
                out[y * w + x] = best;
            }
        }
        return out;
    }

    /** Bilinear interpolation between cell centres back to full size. */
    private static float[] upsample(float[] grid, int gw, int gh, int cell, int w, int h) {
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            float gy = Math.max(0f, Math.min(gh - 1f, (y + 0.5f) / cell - 0.5f));
            int y0 = (int) gy;
            int y1 = Math.min(gh - 1, y0 + 1);
            float fy = gy - y0;
            for (int x = 0; x < w; x++) {
                float gx = Math.max(0f, Math.min(gw - 1f, (x + 0.5f) / cell - 0.5f));
                int x0 = (int) gx;
                int x1 = Math.min(gw - 1, x0 + 1);
                float fx = gx - x0;
                float top = grid[y0 * gw + x0] * (1 - fx) + grid[y0 * gw + x1] * fx;
                float bottom = grid[y1 * gw + x0] * (1 - fx) + grid[y1 * gw + x1] * fx;
                out[y * w + x] = top * (1 - fy) + bottom * fy;
            }
        }
        return out;
    }

    private static float[] boxBlur3(float[] v, int w, int h) {
        float[] out = new float[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float sum = 0;
                int n = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= h) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        if (xx >= 0 && xx < w) {
                            sum += v[yy * w + xx];
                            n++;
                        }
                    }
                }
                out[y * w + x] = sum / n;
            }
        }
        return out;
    }

    private static float[] filled(int n, float value) {
        float[] out = new float[n];
        Arrays.fill(out, value);
        return out;
    }
}
