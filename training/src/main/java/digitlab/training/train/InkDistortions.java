package digitlab.training.train;

import static digitlab.training.train.ImageSampling.SIDE;

import digitlab.training.regularizer.BatchTransform;
import java.util.Random;

/**
 * What digits from outside MNIST do to the ink, after {@link ImageAugmenter}'s rotation, scale and
 * shift ({@link digitlab.training.model.Augmentation#REAL_INPUTS}): each image, each time it is fed,
 * has its own chance of thicker or thinner strokes, an elastic warp (another writer's hand), a tight
 * crop that fills the frame, and a coarse scan enlarged again. All drawn from one seeded stream.
 */
final class InkDistortions implements BatchTransform {
    static final double STROKE_CHANCE = 0.3;
    static final double ELASTIC_CHANCE = 0.3;
    static final double CROP_CHANCE = 0.15;
    static final double SCAN_CHANCE = 0.15;
    /** Simard et al.'s elastic distortion for 28x28 digits: displacement scale and smoothing. */
    static final double ELASTIC_ALPHA = 34;
    static final double ELASTIC_SIGMA = 4;
    static final int MIN_CROP_SIDE = 22;
    static final int MIN_SCAN_SIDE = 8;
    static final int MAX_SCAN_SIDE = 16;
    static final int MIN_LEVELS = 4;
    static final int MAX_LEVELS = 16;
    /** What counts as ink when a crop looks for the digit's edges. */
    private static final float INK = 0.1f;
    private static final int N = SIDE * SIDE;

    private final Random rng;
    private final float[] image = new float[N]; // the image being distorted (the methods take it, to be tried one by one)
    private final float[] work = new float[N];
    private final double[] dx = new double[N];
    private final double[] dy = new double[N];
    private final double[] blur = new double[N];
    private final double[] kernel = gaussian(ELASTIC_SIGMA);

    /** Distortions drawn from {@code rng}: give it {@link SeedStreams#inkDistortions} of the run's seed. */
    InkDistortions(Random rng) {
        this.rng = rng;
    }

    @Override
    public void apply(float[] rows) {
        for (int from = 0; from < rows.length; from += N) {
            System.arraycopy(rows, from, image, 0, N);
            if (rng.nextDouble() < STROKE_CHANCE) {
                stroke(image, rng.nextBoolean(), 0.5 + 0.5 * rng.nextDouble());
            }
            if (rng.nextDouble() < ELASTIC_CHANCE) {
                elastic(image);
            }
            if (rng.nextDouble() < CROP_CHANCE) {
                tightCrop(image, MIN_CROP_SIDE + rng.nextInt(SIDE - MIN_CROP_SIDE + 1));
            }
            if (rng.nextDouble() < SCAN_CHANCE) {
                scan(image, MIN_SCAN_SIDE + rng.nextInt(MAX_SCAN_SIDE - MIN_SCAN_SIDE + 1),
                        MIN_LEVELS + rng.nextInt(MAX_LEVELS - MIN_LEVELS + 1));
            }
            System.arraycopy(image, 0, rows, from, N);
        }
    }

    /**
     * Thicker strokes (the 3x3 maximum) or thinner ones (the minimum over the pixel and its four
     * neighbours: a 3x3 minimum erases MNIST's thinnest strokes), blended in by {@code amount}.
     */
    void stroke(float[] image, boolean thicken, double amount) {
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                float v = image[y * SIDE + x];
                for (int oy = -1; oy <= 1; oy++) {
                    for (int ox = -1; ox <= 1; ox++) {
                        int nx = x + ox;
                        int ny = y + oy;
                        boolean inside = nx >= 0 && ny >= 0 && nx < SIDE && ny < SIDE;
                        float n = inside ? image[ny * SIDE + nx] : 0f;
                        if (thicken) {
                            v = Math.max(v, n);
                        } else if (ox == 0 || oy == 0) {
                            v = Math.min(v, n);
                        }
                    }
                }
                work[y * SIDE + x] = (float) (image[y * SIDE + x] + amount * (v - image[y * SIDE + x]));
            }
        }
        System.arraycopy(work, 0, image, 0, N);
    }

    /** Each pixel moved by a smooth random field: uniform noise in [-1, 1], Gaussian-smoothed, times alpha. */
    void elastic(float[] image) {
        field(dx);
        field(dy);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int i = y * SIDE + x;
                work[i] = ImageSampling.bilinear(image, x + dx[i], y + dy[i]);
            }
        }
        System.arraycopy(work, 0, image, 0, N);
    }

    private void field(double[] d) {
        for (int i = 0; i < N; i++) {
            d[i] = 2 * rng.nextDouble() - 1;
        }
        int r = kernel.length / 2;
        for (int pass = 0; pass < 2; pass++) { // rows, then columns; zero beyond the edges
            double[] in = pass == 0 ? d : blur;
            double[] out = pass == 0 ? blur : d;
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    double sum = 0;
                    for (int k = -r; k <= r; k++) {
                        int px = pass == 0 ? x + k : x;
                        int py = pass == 0 ? y : y + k;
                        if (px >= 0 && py >= 0 && px < SIDE && py < SIDE) {
                            sum += kernel[k + r] * in[py * SIDE + px];
                        }
                    }
                    out[y * SIDE + x] = sum;
                }
            }
        }
        for (int i = 0; i < N; i++) {
            d[i] *= ELASTIC_ALPHA;
        }
    }

    private static double[] gaussian(double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /** The ink's bounding box scaled (aspect kept) so its longer side is {@code side} pixels, centred: no margin left to speak of. */
    void tightCrop(float[] image, int side) {
        int x0 = SIDE;
        int y0 = SIDE;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                if (image[y * SIDE + x] > INK) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) {
            return; // no ink to crop to
        }
        int w = x1 - x0 + 1;
        int h = y1 - y0 + 1;
        double s = (double) side / Math.max(w, h);
        double offX = (SIDE - w * s) / 2;
        double offY = (SIDE - h * s) / 2;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                // output pixel centre back to the source, pixel edges mapping to edges
                work[y * SIDE + x] = ImageSampling.bilinear(image, x0 - 0.5 + (x + 0.5 - offX) / s,
                        y0 - 0.5 + (y + 0.5 - offY) / s);
            }
        }
        System.arraycopy(work, 0, image, 0, N);
    }

    /** The image scanned at {@code n x n} pixels (4x4 samples averaged per cell) with {@code levels} grey levels, then enlarged bilinearly. */
    void scan(float[] image, int n, int levels) {
        float[] low = new float[n * n];
        double cell = (double) SIDE / n;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int sy = 0; sy < 4; sy++) {
                    for (int sx = 0; sx < 4; sx++) {
                        sum += ImageSampling.bilinear(image, (i + (sx + 0.5) / 4) * cell - 0.5,
                                (j + (sy + 0.5) / 4) * cell - 0.5);
                    }
                }
                double v = Math.min(1, Math.max(0, sum / 16));
                low[j * n + i] = (float) (Math.round(v * (levels - 1)) / (double) (levels - 1));
            }
        }
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double u = Math.min(n - 1, Math.max(0, (x + 0.5) / cell - 0.5));
                double v = Math.min(n - 1, Math.max(0, (y + 0.5) / cell - 0.5));
                int u0 = Math.min((int) u, n - 2);
                int v0 = Math.min((int) v, n - 2);
                double fu = u - u0;
                double fv = v - v0;
                image[y * SIDE + x] = (float) ((1 - fv) * ((1 - fu) * low[v0 * n + u0] + fu * low[v0 * n + u0 + 1])
                        + fv * ((1 - fu) * low[(v0 + 1) * n + u0] + fu * low[(v0 + 1) * n + u0 + 1]));
            }
        }
    }
}
