package digitlab.serving.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.DigitImages;
import digitlab.serving.Mnist;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Pictures as people send them: phone photos with EXIF orientation, coloured ink on tinted paper in
 * uneven light, a digit with a speck and a ruled line beside it. Each must reach the model looking
 * like the same digit drawn in black on white paper: cosine similarity above 0.93, allowing the
 * one-pixel shift by which MNIST's rounding of the centre of mass may place it differently.
 */
class GeneratedPhotoPicturesTest {
    private static final ImageDecoder DECODER = new ImageDecoder(4096, 4096L * 4096);
    private static final int[] DIGITS = {0, 1, 2, 3, 4, 7, 8, 11, 18, 61};

    @Test
    void a_phone_JPEG_stored_on_its_side_with_EXIF_orientation_6_is_read_upright() {
        for (int i : DIGITS) {
            BufferedImage upright = onPaper(i, new Color(235, 235, 230), Color.BLACK, 0, 0);
            BufferedImage sideways = rotate90CounterClockwise(upright);
            byte[] jpeg = withExifOrientation(DigitImages.encode(sideways, "jpeg"), 6);
            BufferedImage decoded = DECODER.decode(jpeg);
            assertEquals(upright.getWidth(), decoded.getWidth(), "turned back: width and height swap");
            float[] seen = MnistPreprocessor.toMnist(decoded);
            float[] expected = plain(i);
            assertTrue(similarity(seen, expected) > 0.93, "digit " + i + ": " + similarity(seen, expected));
            float[] ignoringExif = MnistPreprocessor.toMnist(sideways);
            assertTrue(similarity(ignoringExif, expected) < 0.9,
                    "digit " + i + ": the sideways picture must look different, or this test proves nothing");
        }
    }

    @Test
    void every_EXIF_orientation_turns_the_stored_pixels_to_the_same_upright_picture() {
        BufferedImage upright = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        int[] values = {1, 2, 3, 4, 5, 6};
        upright.setRGB(0, 0, 3, 2, values, 0, 3);
        // How each orientation's stored picture is laid out (EXIF 2.3, tag 0x0112), written out by hand.
        int[][][] stored = {
            {{1, 2, 3}, {4, 5, 6}}, {{3, 2, 1}, {6, 5, 4}}, {{6, 5, 4}, {3, 2, 1}}, {{4, 5, 6}, {1, 2, 3}},
            {{1, 4}, {2, 5}, {3, 6}}, {{3, 6}, {2, 5}, {1, 4}}, {{6, 3}, {5, 2}, {4, 1}}, {{4, 1}, {5, 2}, {6, 3}},
        };
        for (int orientation = 1; orientation <= 8; orientation++) {
            int[][] rows = stored[orientation - 1];
            BufferedImage image = new BufferedImage(rows[0].length, rows.length, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < rows.length; y++) {
                for (int x = 0; x < rows[0].length; x++) {
                    image.setRGB(x, y, rows[y][x]);
                }
            }
            byte[] file = withExifOrientation(DigitImages.encode(image, "jpeg"), orientation);
            assertEquals(orientation, ExifOrientation.read(file));
            BufferedImage turned = ExifOrientation.upright(file, image);
            int[] got = turned.getRGB(0, 0, 3, 2, null, 0, 3);
            for (int p = 0; p < 6; p++) {
                assertEquals(values[p], got[p] & 0xFFFFFF, "orientation " + orientation + ", pixel " + p);
            }
        }
    }

    @Test
    void a_broken_EXIF_block_leaves_the_picture_as_it_is() {
        byte[] jpeg = withExifOrientation(DigitImages.encode(onPaper(0, Color.WHITE, Color.BLACK, 0, 0), "jpeg"), 6);
        // The directory offset points past the segment: a reader that trusts it reads out of bounds.
        jpeg[2 + 4 + 6 + 4] = 0x7F;
        assertEquals(ExifOrientation.UPRIGHT, ExifOrientation.read(jpeg));
        assertEquals(ExifOrientation.UPRIGHT, ExifOrientation.read(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}));
    }

    @Test
    void blue_ink_on_tinted_paper_in_uneven_light_reads_as_the_plain_digit() {
        assertJpegsReadAsPlain(new Color(238, 226, 170), new Color(25, 55, 190), 0.45, 6);
    }

    @Test
    void red_ink_on_grey_paper_reads_as_the_plain_digit() {
        assertJpegsReadAsPlain(new Color(160, 165, 170), new Color(200, 30, 35), 0.3, 5);
    }

    private static void assertJpegsReadAsPlain(Color paper, Color ink, double lightDrop, double noise) {
        for (int i : DIGITS) {
            BufferedImage photo = onPaper(i, paper, ink, lightDrop, noise);
            float[] seen = MnistPreprocessor.toMnist(DECODER.decode(DigitImages.encode(photo, "jpeg")));
            assertTrue(similarity(seen, plain(i)) > 0.93, "digit " + i + ": " + similarity(seen, plain(i)));
        }
    }

    @Test
    void a_speck_and_a_ruled_line_beside_the_digit_are_left_out() {
        for (int i : DIGITS) {
            BufferedImage page = onPaper(i, Color.WHITE, Color.BLACK, 0, 0);
            Graphics2D g = page.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(40, 40, 40));
            g.fill(new Ellipse2D.Double(330, 60, 7, 7));
            g.setColor(new Color(90, 110, 160));
            g.setStroke(new BasicStroke(2f));
            g.draw(new Line2D.Double(0, 262, page.getWidth(), 262));
            g.dispose();
            float[] seen = MnistPreprocessor.toMnist(page);
            assertTrue(similarity(seen, plain(i)) > 0.93, "digit " + i + ": " + similarity(seen, plain(i)));
        }
    }

    /** Digit {@code i} drawn 160 pixels high near the middle of a 400x300 page, in smooth strokes as a pen would. */
    static BufferedImage onPaper(int i, Color paper, Color ink, double lightDrop, double noise) {
        BufferedImage page = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page.createGraphics();
        g.setColor(paper);
        g.fillRect(0, 0, 400, 300);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        BufferedImage layer = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB);
        for (int p = 0; p < 784; p++) {
            layer.setRGB(p % 28, p / 28, (Mnist.test().pixel(i, p) << 24) | (ink.getRGB() & 0xFFFFFF));
        }
        AffineTransform at = AffineTransform.getTranslateInstance(130, 10);
        at.scale(8, 8);
        g.drawImage(layer, at, null);
        g.dispose();
        Random random = new Random(i);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                double light = 1 - lightDrop * (x + y) / 700.0;
                int rgb = page.getRGB(x, y);
                int r = shade((rgb >> 16) & 0xFF, light, noise, random);
                int gr = shade((rgb >> 8) & 0xFF, light, noise, random);
                int b = shade(rgb & 0xFF, light, noise, random);
                page.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return page;
    }

    private static int shade(int v, double light, double noise, Random random) {
        return Math.max(0, Math.min(255, (int) Math.round(v * light + noise * random.nextGaussian())));
    }

    /** The digit drawn the same way in black on white, without noise or uneven light. */
    private static float[] plain(int i) {
        return MnistPreprocessor.toMnist(onPaper(i, Color.WHITE, Color.BLACK, 0, 0));
    }

    /** The best cosine similarity over shifts of {@code a} by up to one pixel each way. */
    static double similarity(float[] a, float[] b) {
        double best = -1;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                float[] shifted = new float[784];
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        int sx = x - dx;
                        int sy = y - dy;
                        if (sx >= 0 && sx < 28 && sy >= 0 && sy < 28) {
                            shifted[y * 28 + x] = a[sy * 28 + sx];
                        }
                    }
                }
                best = Math.max(best, MnistPreprocessorTest.cosine(shifted, b));
            }
        }
        return best;
    }

    private static BufferedImage rotate90CounterClockwise(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(h, w, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(y, w - 1 - x, image.getRGB(x, y));
            }
        }
        return out;
    }

    /** The JPEG with an EXIF segment holding only the orientation tag, big-endian, right after its start marker. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
        tiff.putShort((short) 1);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0);
        byte[] exif = new byte[6 + tiff.capacity()];
        System.arraycopy(new byte[] {'E', 'x', 'i', 'f', 0, 0}, 0, exif, 0, 6);
        System.arraycopy(tiff.array(), 0, exif, 6, tiff.capacity());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.write(0xFF);
        out.write(0xE1);
        out.write((exif.length + 2) >> 8);
        out.write((exif.length + 2) & 0xFF);
        out.write(exif, 0, exif.length);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
