package digitlab.serving.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG, JPEG, BMP and GIF (first frame) with ImageIO, reading the dimensions from the header
 * first: a tiny file can claim 100000x100000 pixels, and decoding it would allocate tens of gigabytes.
 */
public final class ImageDecoder {
    static {
        // Decode in memory: no temp files for hostile input to fill, nothing to clean up.
        ImageIO.setUseCache(false);
    }

    /** Pixels an image is decoded to at most (512x512): a digit at 20x20 needs far fewer. */
    static final long DECODED_PIXELS = 512L * 512;

    private final int maxSide;
    private final long maxPixels;

    public ImageDecoder(int maxSide, long maxPixels) {
        this.maxSide = maxSide;
        this.maxPixels = maxPixels;
    }

    /** One image alone: its pixels are bounded by the per-image limits only. */
    public BufferedImage decode(byte[] bytes) {
        return decode(bytes, new PixelBudget(maxPixels, DECODED_PIXELS));
    }

    /**
     * Decodes an image, charging its declared pixels to the request's budget before a byte of it is
     * inflated, and subsampling any image above {@link #DECODED_PIXELS} while it is decoded: the digit
     * ends up 20x20, so a 4096x4096 picture gains nothing from being expanded whole, and the
     * preprocessing after it then costs the same for every image.
     */
    public BufferedImage decode(byte[] bytes, PixelBudget budget) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new ImageRejectedException("The body is not an image this server reads (PNG, JPEG, BMP or GIF).");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                checkSize(width, height);
                int step = subsamplingStep(width, height);
                budget.spend((long) width * height, (long) ceilDiv(width, step) * ceilDiv(height, step));
                ImageReadParam param = reader.getDefaultReadParam();
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                BufferedImage image = reader.read(0, param);
                if (image == null) {
                    throw new ImageRejectedException("The image has no picture in it.");
                }
                return ExifOrientation.upright(bytes, image);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageRejectedException rejected) {
                throw rejected;
            }
            throw new ImageRejectedException("The image cannot be decoded: " + describe(e));
        }
    }

    /** The smallest step that brings {@code width x height} down to at most {@link #DECODED_PIXELS}. */
    static int subsamplingStep(int width, int height) {
        int step = 1;
        while ((long) ceilDiv(width, step) * ceilDiv(height, step) > DECODED_PIXELS) {
            step++;
        }
        return step;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private void checkSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new ImageRejectedException("The image claims a size of " + width + "x" + height + " pixels.");
        }
        if (width > maxSide || height > maxSide || (long) width * height > maxPixels) {
            throw new ImageTooLargeException("The image is " + width + "x" + height + " pixels; this server takes at most "
                    + maxSide + " pixels a side and " + maxPixels + " in all. A digit needs far fewer: scale it down.");
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
