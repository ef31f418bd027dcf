package digitlab.serving;

import digitlab.core.data.Digits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Real MNIST test digits drawn as image files the way users send them. */
public final class DigitImages {
    private DigitImages() {}

    /**
     * Digit {@code i} as a grayscale image: each MNIST pixel becomes a {@code scale x scale} block,
     * placed at ({@code left}, {@code top}) on a canvas of {@code width x height}.
     *
     * @param darkOnLight ink black on white paper instead of MNIST's white on black
     */
    public static BufferedImage draw(int i, int scale, int width, int height, int left, int top, boolean darkOnLight) {
        Digits digits = Mnist.test();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        int paper = darkOnLight ? 255 : 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, paper);
            }
        }
        for (int p = 0; p < 784; p++) {
            int v = digits.pixel(i, p);
            int shade = darkOnLight ? 255 - v : v;
            for (int dy = 0; dy < scale; dy++) {
                for (int dx = 0; dx < scale; dx++) {
                    image.getRaster().setSample(left + (p % 28) * scale + dx, top + (p / 28) * scale + dy, 0, shade);
                }
            }
        }
        return image;
    }

    public static BufferedImage mnistSized(int i, boolean darkOnLight) {
        return draw(i, 1, 28, 28, 0, 0, darkOnLight);
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("No ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    /**
     * A valid PNG signature and IHDR chunk claiming {@code width x height} pixels, then nothing: the
     * kind of file that makes a naive decoder allocate gigabytes.
     */
    public static byte[] pngHeaderClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17);
        ihdr.put(new byte[] {'I', 'H', 'D', 'R'}).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(ihdr.array());
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(13).array());
        out.writeBytes(ihdr.array());
        out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return out.toByteArray();
    }
}
