package digitlab.serving.image;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;

/**
 * The orientation a phone writes into a JPEG's EXIF block instead of turning the pixels: a photo
 * taken with the phone upright is stored on its side with orientation 6 ("turn 90° clockwise to
 * view"). ImageIO ignores it, so a digit would reach the model lying down. Reading the one tag needs
 * a few dozen lines; a metadata library would add a jar for it.
 */
final class ExifOrientation {
    static final int UPRIGHT = 1;
    private static final int TAG_ORIENTATION = 0x0112;

    private ExifOrientation() {}

    /** The picture turned and mirrored as its EXIF orientation says; itself when it says nothing usable. */
    static BufferedImage upright(byte[] file, BufferedImage image) {
        int orientation = read(file);
        return orientation <= UPRIGHT || orientation > 8 ? image : apply(image, orientation);
    }

    /** The orientation tag (1 to 8) of a JPEG's EXIF block, or 1 when there is none or the block is broken. */
    static int read(byte[] b) {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
            return UPRIGHT;
        }
        int pos = 2;
        while (pos + 4 <= b.length && (b[pos] & 0xFF) == 0xFF) {
            int marker = b[pos + 1] & 0xFF;
            if (marker == 0xDA || marker == 0xD9) {
                break; // image data starts: the metadata segments are over
            }
            int length = u16(b, pos + 2, false);
            int body = pos + 4;
            if (length < 2 || body + length - 2 > b.length) {
                break;
            }
            if (marker == 0xE1 && length >= 8 && startsWithExif(b, body)) {
                return fromTiff(b, body + 6, body + length - 2);
            }
            pos = body + length - 2;
        }
        return UPRIGHT;
    }

    private static boolean startsWithExif(byte[] b, int at) {
        return b[at] == 'E' && b[at + 1] == 'x' && b[at + 2] == 'i' && b[at + 3] == 'f' && b[at + 4] == 0
                && b[at + 5] == 0;
    }

    /** Looks the tag up in the first image directory of the TIFF structure between {@code start} and {@code end}. */
    private static int fromTiff(byte[] b, int start, int end) {
        if (end - start < 8) {
            return UPRIGHT;
        }
        boolean little;
        if (b[start] == 'I' && b[start + 1] == 'I') {
            little = true;
        } else if (b[start] == 'M' && b[start + 1] == 'M') {
            little = false;
        } else {
            return UPRIGHT;
        }
        long ifd = start + u32(b, start + 4, little);
        if (ifd < start || ifd + 2 > end) {
            return UPRIGHT;
        }
        int entries = u16(b, (int) ifd, little);
        for (int e = 0; e < entries; e++) {
            int entry = (int) ifd + 2 + 12 * e;
            if (entry + 12 > end) {
                break;
            }
            if (u16(b, entry, little) == TAG_ORIENTATION) {
                return u16(b, entry + 8, little); // a SHORT value sits at the start of the value field
            }
        }
        return UPRIGHT;
    }

    private static int u16(byte[] b, int at, boolean little) {
        int hi = b[at] & 0xFF;
        int lo = b[at + 1] & 0xFF;
        return little ? (lo << 8) | hi : (hi << 8) | lo;
    }

    private static long u32(byte[] b, int at, boolean little) {
        long first = u16(b, at, little);
        long second = u16(b, at + 2, little);
        return little ? (second << 16) | first : (first << 16) | second;
    }

    /** Each output pixel (x, y) of the upright picture taken from where the orientation says it was stored. */
    private static BufferedImage apply(BufferedImage image, int orientation) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swaps = orientation >= 5;
        int ow = swaps ? h : w;
        int oh = swaps ? w : h;
        WritableRaster source = image.getRaster();
        WritableRaster target = image.getColorModel().createCompatibleWritableRaster(ow, oh);
        Object pixel = null;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; } // 8
                }
                pixel = source.getDataElements(sx, sy, pixel);
                target.setDataElements(x, y, pixel);
            }
        }
        return new BufferedImage(image.getColorModel(), target, image.isAlphaPremultiplied(), null);
    }
}
