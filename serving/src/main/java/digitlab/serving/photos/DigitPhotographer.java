package digitlab.serving.photos;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Renders an MNIST digit as if written on paper and photographed with a phone: the paper and its
 * rules, the digit in ink at some size, place and tilt, then the camera's share (uneven light, a
 * shadow, blur, sensor noise, JPEG). Plain Java2D; the same digit, style and noise seed give the
 * same bytes on the same JDK.
 */
public final class DigitPhotographer {
    public static final int WIDTH = 480;
    public static final int HEIGHT = 360;
    private static final int SIDE = 28;

    private DigitPhotographer() {}

    /** @param mnist the digit's 784 MNIST bytes (0 paper, 255 ink) */
    public static byte[] photograph(byte[] mnist, PhotoStyle style, Random noise) {
        return jpeg(render(mnist, style, noise), style.jpegQuality());
    }

    /** The photo before it is saved: the page as the camera's sensor saw it. */
    static BufferedImage render(byte[] mnist, PhotoStyle style, Random noise) {
        BufferedImage page = drawPage(mnist, style, noise);
        float[][] rgb = channels(page);
        light(rgb, style);
        for (float[] channel : rgb) {
            blur(channel, style.blurSigma());
        }
        addNoise(rgb, style.noiseSigma(), noise);
        return toImage(rgb);
    }

    /** Paper, rules, specks and the digit, before the camera. */
    static BufferedImage drawPage(byte[] mnist, PhotoStyle style, Random noise) {
        BufferedImage page = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(style.paper());
        g.fillRect(0, 0, WIDTH, HEIGHT);
        drawRules(g, style);
        g.setColor(style.ink());
        for (int i = 0; i < style.specks(); i++) {
            double radius = 1 + 2 * noise.nextDouble();
            g.fill(new Ellipse2D.Double(noise.nextDouble() * WIDTH, noise.nextDouble() * HEIGHT, radius, radius));
        }
        AffineTransform at = new AffineTransform();
        at.translate(style.centreX(), style.centreY());
        at.rotate(Math.toRadians(style.angleDegrees()));
        double scale = style.digitHeight() / 20;
        at.scale(scale, scale);
        at.translate(-SIDE / 2.0, -SIDE / 2.0);
        g.drawImage(inkLayer(mnist, style.ink()), at, null);
        g.dispose();
        return page;
    }

    private static void drawRules(Graphics2D g, PhotoStyle style) {
        if (style.ruling() == PhotoStyle.Ruling.PLAIN) {
            return;
        }
        g.setColor(style.ruleColour());
        g.setStroke(new BasicStroke(1.2f));
        int s = style.ruleSpacing();
        for (int y = s / 2; y < HEIGHT; y += s) {
            g.draw(new Line2D.Double(0, y, WIDTH, y));
        }
        if (style.ruling() == PhotoStyle.Ruling.SQUARED) {
            for (int x = s / 2; x < WIDTH; x += s) {
                g.draw(new Line2D.Double(x, 0, x, HEIGHT));
            }
        }
    }

    /** The digit as ink of one colour whose opacity is MNIST's grey level. */
    private static BufferedImage inkLayer(byte[] mnist, Color ink) {
        BufferedImage layer = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_ARGB);
        int rgb = ink.getRGB() & 0xFFFFFF;
        for (int p = 0; p < SIDE * SIDE; p++) {
            layer.setRGB(p % SIDE, p / SIDE, ((mnist[p] & 0xFF) << 24) | rgb);
        }
        return layer;
    }

    /** A linear fall-off of light across the page, times a soft-edged shadow over one half-plane. */
    private static void light(float[][] rgb, PhotoStyle style) {
        double dx = Math.cos(style.lightAngle());
        double dy = Math.sin(style.lightAngle());
        double reach = Math.abs(dx) * WIDTH + Math.abs(dy) * HEIGHT;
        double sx = Math.cos(style.shadowAngle());
        double sy = Math.sin(style.shadowAngle());
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                double along = ((x - WIDTH / 2.0) * dx + (y - HEIGHT / 2.0) * dy) / reach + 0.5;
                double factor = 1 - style.lightDrop() * along;
                if (style.shadowDepth() > 0) {
                    double signed = (x - WIDTH / 2.0) * sx + (y - HEIGHT / 2.0) * sy - style.shadowOffset();
                    double inside = 1 / (1 + Math.exp(-signed / style.shadowSoftness()));
                    factor *= 1 - style.shadowDepth() * inside;
                }
                int p = y * WIDTH + x;
                for (float[] channel : rgb) {
                    channel[p] *= (float) factor;
                }
            }
        }
    }

    /** A separable Gaussian blur: the lens and a slightly shaky hand. */
    private static void blur(float[] v, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = (float) Math.exp(-k * k / (2 * sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= (float) sum;
        }
        float[] tmp = new float[v.length];
        convolve(v, tmp, kernel, radius, 1, WIDTH, HEIGHT, WIDTH);
        convolve(tmp, v, kernel, radius, WIDTH, HEIGHT, WIDTH, 1);
    }

    /** Convolves {@code lines} lines of {@code length} samples ({@code step} apart; lines {@code lineStep} apart). */
    private static void convolve(float[] src, float[] dst, float[] kernel, int radius, int step, int length,
            int lines, int lineStep) {
        for (int line = 0; line < lines; line++) {
            int base = line * lineStep;
            for (int i = 0; i < length; i++) {
                float acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    int j = Math.max(0, Math.min(length - 1, i + k)); // the edge pixel repeats
                    acc += kernel[k + radius] * src[base + j * step];
                }
                dst[base + i * step] = acc;
            }
        }
    }

    /**
     * Sensor noise. Half a million Gaussian draws per photo were most of its cost, so each pixel takes
     * one of {@link #GAUSSIAN} values, picked by a cheap uniform draw: the same bell curve, ten times faster.
     */
    private static void addNoise(float[][] rgb, double sigma, Random noise) {
        for (float[] channel : rgb) {
            for (int p = 0; p < channel.length; p++) {
                channel[p] += (float) sigma * GAUSSIAN[noise.nextInt() & (GAUSSIAN.length - 1)];
            }
        }
    }

    /** 4096 standard normal draws, made once from a fixed seed. */
    private static final float[] GAUSSIAN = gaussianTable(4096);

    private static float[] gaussianTable(int size) {
        Random r = new Random(0);
        float[] table = new float[size];
        for (int i = 0; i < size; i++) {
            table[i] = (float) r.nextGaussian();
        }
        return table;
    }

    private static float[][] channels(BufferedImage image) {
        int[] argb = image.getRGB(0, 0, WIDTH, HEIGHT, null, 0, WIDTH);
        float[][] rgb = new float[3][argb.length];
        for (int p = 0; p < argb.length; p++) {
            rgb[0][p] = (argb[p] >> 16) & 0xFF;
            rgb[1][p] = (argb[p] >> 8) & 0xFF;
            rgb[2][p] = argb[p] & 0xFF;
        }
        return rgb;
    }

    private static BufferedImage toImage(float[][] rgb) {
        int[] argb = new int[WIDTH * HEIGHT];
        for (int p = 0; p < argb.length; p++) {
            argb[p] = (byte8(rgb[0][p]) << 16) | (byte8(rgb[1][p]) << 8) | byte8(rgb[2][p]);
        }
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, WIDTH, HEIGHT, argb, 0, WIDTH);
        return image;
    }

    private static int byte8(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
