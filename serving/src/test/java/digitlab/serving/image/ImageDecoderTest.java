package digitlab.serving.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.DigitImages;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {
    private final ImageDecoder decoder = new ImageDecoder(4096, 4096L * 4096);

    @Test
    void png_jpeg_bmp_and_gif_decode_to_their_size() {
        BufferedImage digit = DigitImages.draw(0, 3, 90, 84, 3, 0, true);
        for (String format : new String[] {"png", "jpg", "bmp", "gif"}) {
            BufferedImage decoded = decoder.decode(DigitImages.encode(digit, format));
            assertEquals(90, decoded.getWidth(), format);
            assertEquals(84, decoded.getHeight(), format);
        }
    }

    @Test
    void a_header_claiming_100000_by_100000_pixels_is_refused_before_decoding() {
        ImageTooLargeException e = assertThrows(ImageTooLargeException.class,
                () -> decoder.decode(DigitImages.pngHeaderClaiming(100_000, 100_000)));
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
    }

    @Test
    void bytes_that_are_no_image_are_rejected() {
        assertThrows(ImageRejectedException.class, () -> decoder.decode("hello, not a picture".getBytes()));
    }

    @Test
    void a_truncated_png_is_rejected_not_crashed_on() {
        byte[] png = DigitImages.png(DigitImages.mnistSized(0, false));
        assertThrows(ImageRejectedException.class, () -> decoder.decode(Arrays.copyOf(png, png.length / 2)));
    }
}
