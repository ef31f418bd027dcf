package digitlab.serving.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
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

    private final int maxSide;
    private final long maxPixels;

    public ImageDecoder(int maxSide, long maxPixels) {
        this.maxSide = maxSide;
        this.maxPixels = maxPixels;
    }

    public BufferedImage decode(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new ImageRejectedException("The body is not an image this server reads (PNG, JPEG, BMP or GIF).");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                checkSize(reader.getWidth(0), reader.getHeight(0));
                BufferedImage image = reader.read(0);
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
