package digitlab.serving.photos;

import digitlab.core.data.Digits;
import digitlab.serving.image.DiscMorphology;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * MNIST test digits made into the pictures people send that did not come from MNIST's own
 * pipeline: cut out tightly with no margin, scanned at low resolution and blown up again, written
 * with a thicker or a thinner pen. Dark ink on white paper, PNG, as a form's scan or a drawing
 * program saves them. Each picture comes from its own {@link Random} seeded by the set's seed and
 * the digit's index, so any one can be made alone.
 */
public final class DigitScans {
    private static final int SIDE = 28;
    /** No picture of these sets is larger than this on a side (a tight crop enlarged 4 times is 112). */
    public static final int MAX_SIDE = 128;
    /** Low-resolution scans are blown up to this side with a smooth (bicubic) resize, as a viewer would. */
    static final int ENLARGED_SIDE = 96;
    /** Grey levels of a low-resolution scan, as in the UCI optical digits (0..16). */
    static final int LOW_RES_LEVELS = 16;
    /** Stroke changes are made at twice MNIST's resolution, where one pixel is half an MNIST pixel. */
    private static final int FINE = 2;

    /** One kind of picture. */
    public enum Kind {
        /** Cropped to the ink, no margin at all, enlarged 1 to 4 times with a smooth resize. */
        TIGHT("tight"),
        /** Cropped to the ink, reduced to 16x16 with 16 grey levels, enlarged to 96x96. */
        LOW_RES_16("low-res-16"),
        /** Cropped to the ink, reduced to 8x8 with 16 grey levels, enlarged to 96x96. */
        LOW_RES_8("low-res-8"),
        /** Strokes about 2 MNIST pixels wider (a grey dilation by one MNIST pixel), 56x56: a marker. */
        THICK("thick"),
        /** Strokes about 1 MNIST pixel narrower (a grey erosion by half an MNIST pixel), 56x56: a fine pen. */
        THIN("thin");

        public final String id;

        Kind(String id) {
            this.id = id;
        }
    }

    private DigitScans() {}

    /** Digit {@code index} of {@code test} as a PNG of the given kind. */
    public static byte[] picture(Kind kind, Digits test, int index, long seed) {
        Random random = new Random(seed * 1_000_003L + index * 31L + kind.ordinal());
        float[] ink = new float[SIDE * SIDE];
        for (int p = 0; p < ink.length; p++) {
            ink[p] = test.pixel(index, p) / 255f;
        }
        Plane digit = new Plane(SIDE, SIDE, ink);
        Plane made = switch (kind) {
            case TIGHT -> {
                Plane tight = digit.cropToInk();
                double scale = 1 + 3 * random.nextDouble();
                yield tight.smoothResize((int) Math.round(tight.width * scale), (int) Math.round(tight.height * scale));
            }
            case LOW_RES_16 -> lowResolution(digit, 16);
            case LOW_RES_8 -> lowResolution(digit, 8);
            case THICK -> digit.smoothResize(SIDE * FINE, SIDE * FINE).morph(2, true);
            case THIN -> digit.smoothResize(SIDE * FINE, SIDE * FINE).morph(1, false);
        };
        return png(made);
    }

    /** The ink cropped tight, squared (the longer side kept), reduced by area averaging, quantised and enlarged. */
    private static Plane lowResolution(Plane digit, int side) {
        Plane tight = digit.cropToInk().squared();
        Plane small = tight.areaResize(side, side);
        for (int p = 0; p < small.v.length; p++) {
            small.v[p] = Math.round(small.v[p] * (LOW_RES_LEVELS - 1)) / (float) (LOW_RES_LEVELS - 1);
        }
        return small.smoothResize(ENLARGED_SIDE, ENLARGED_SIDE);
    }

    /** Dark ink on white paper, 8-bit gray PNG. */
    private static byte[] png(Plane ink) {
        BufferedImage image = new BufferedImage(ink.width, ink.height, BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < ink.v.length; p++) {
            int level = Math.round(255 * (1 - Math.max(0f, Math.min(1f, ink.v[p]))));
            image.getRaster().setSample(p % ink.width, p / ink.width, 0, level);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Ink values in [0, 1] on a grid. */
    private record Plane(int width, int height, float[] v) {
        Plane cropToInk() {
            int minX = width, minY = height, maxX = -1, maxY = -1;
            for (int p = 0; p < v.length; p++) {
                if (v[p] > 0) {
                    minX = Math.min(minX, p % width);
                    maxX = Math.max(maxX, p % width);
                    minY = Math.min(minY, p / width);
                    maxY = Math.max(maxY, p / width);
                }
            }
            int w = maxX - minX + 1;
            int h = maxY - minY + 1;
            float[] out = new float[w * h];
            for (int y = 0; y < h; y++) {
                System.arraycopy(v, (y + minY) * width + minX, out, y * w, w);
            }
            return new Plane(w, h, out);
        }

        /** Centred in a square of its longer side: a scanner's digit box keeps the digit's proportions. */
        Plane squared() {
            int side = Math.max(width, height);
            float[] out = new float[side * side];
            int left = (side - width) / 2;
            int top = (side - height) / 2;
            for (int y = 0; y < height; y++) {
                System.arraycopy(v, y * width, out, (y + top) * side + left, width);
            }
            return new Plane(side, side, out);
        }

        Plane areaResize(int w, int h) {
            float[] out = new float[w * h];
            for (int ty = 0; ty < h; ty++) {
                double y0 = (double) ty * height / h;
                double y1 = (double) (ty + 1) * height / h;
                for (int tx = 0; tx < w; tx++) {
                    double x0 = (double) tx * width / w;
                    double x1 = (double) (tx + 1) * width / w;
                    double sum = 0;
                    for (int y = (int) y0; y < Math.min(height, Math.ceil(y1)); y++) {
                        double oy = Math.min(y1, y + 1) - Math.max(y0, y);
                        for (int x = (int) x0; x < Math.min(width, Math.ceil(x1)); x++) {
                            double ox = Math.min(x1, x + 1) - Math.max(x0, x);
                            sum += oy * ox * v[y * width + x];
                        }
                    }
                    out[ty * w + tx] = (float) (sum / ((y1 - y0) * (x1 - x0)));
                }
            }
            return new Plane(w, h, out);
        }

        /** Java2D's bicubic resize, what an image viewer or a browser does to enlarge a picture. */
        Plane smoothResize(int w, int h) {
            BufferedImage from = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < v.length; p++) {
                from.getRaster().setSample(p % width, p / width, 0, Math.round(255 * v[p]));
            }
            BufferedImage to = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = to.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(from, 0, 0, w, h, null);
            g.dispose();
            float[] out = new float[w * h];
            for (int p = 0; p < out.length; p++) {
                out[p] = to.getRaster().getSample(p % w, p / w, 0) / 255f;
            }
            return new Plane(w, h, out);
        }

        /** A grey dilation (the brightest ink) or erosion (the faintest) over a disc of the given radius. */
        Plane morph(int radius, boolean dilate) {
            return new Plane(width, height, DiscMorphology.apply(width, height, v, radius, dilate));
        }
    }
}
