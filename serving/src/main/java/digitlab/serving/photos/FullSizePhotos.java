package digitlab.serving.photos;

import digitlab.core.data.Digits;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Random;

/**
 * Full-size phone photos of MNIST test digits: a 12-megapixel phone's 4032x3024 frame. Each is the
 * photo set's page and camera ({@link PhotoSet}, same seed and digit) with the digit
 * {@value #DIGIT_SCALE} times as tall, enlarged 8.4 times, with the sensor's own noise added per pixel
 * at full size and saved as a phone saves it (JPEG quality {@value #JPEG_QUALITY}). MNIST's 20-pixel
 * digit box is then 300 to 820 pixels high, a digit on a page shot from a hand's height. Rendering
 * the page at full size would cost 64 times the blur and lighting work for the same picture.
 */
public final class FullSizePhotos {
    public static final int WIDTH = 4032;
    public static final int HEIGHT = 3024;
    /** Photos the benchmark makes by default: each costs about a second to make and read. */
    public static final int DEFAULT_COUNT = 100;
    static final double DIGIT_SCALE = 0.45;
    /** Grey levels of per-pixel sensor noise (standard deviation) at full size. */
    private static final double SENSOR_NOISE = 3;
    static final float JPEG_QUALITY = 0.92f;

    private FullSizePhotos() {}

    /** Test digit {@code index} as a 4032x3024 JPEG; the same digit and seed give the same bytes on the same JDK. */
    public static byte[] photograph(Digits test, int index, long seed) {
        Random random = new Random(seed * 1_000_003L + index);
        PhotoStyle style = PhotoStyle.draw(random, DigitPhotographer.WIDTH, DigitPhotographer.HEIGHT)
                .withDigitScaled(DIGIT_SCALE);
        BufferedImage page = DigitPhotographer.render(PhotoSet.mnistBytes(test, index), style, random);
        BufferedImage full = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = full.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(page, 0, 0, WIDTH, HEIGHT, null);
        g.dispose();
        int[] pixels = ((DataBufferInt) full.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            int n = (int) Math.round(random.nextGaussian() * SENSOR_NOISE);
            int p = pixels[i];
            pixels[i] = PhotoStyle.clamp((p >> 16 & 0xff) + n) << 16 | PhotoStyle.clamp((p >> 8 & 0xff) + n) << 8
                    | PhotoStyle.clamp((p & 0xff) + n);
        }
        return DigitPhotographer.jpeg(full, JPEG_QUALITY);
    }
}
