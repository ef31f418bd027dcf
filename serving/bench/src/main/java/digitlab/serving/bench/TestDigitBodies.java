package digitlab.serving.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import digitlab.core.data.Digits;
import digitlab.core.data.PixelScaling;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Request bodies made from real MNIST test digits. A few hundred distinct ones per kind, so the
 * server cannot answer from a warm cache line and the PNG decoder sees real images.
 */
public final class TestDigitBodies {
    private static final int DISTINCT = 200;
    private final ObjectMapper json = new ObjectMapper();
    private final Digits test;

    public TestDigitBodies(Digits test) {
        this.test = test;
    }

    /** {@code {"pixels": [784 floats]}} or, for batch > 1, {@code {"pixels": [[...], ...]}}. */
    public List<LoadRun.Body> json(int batch) {
        List<LoadRun.Body> bodies = new ArrayList<>();
        for (int b = 0; b < DISTINCT; b++) {
            List<float[]> rows = new ArrayList<>();
            for (int k = 0; k < batch; k++) {
                rows.add(test.pixels((b * batch + k) % test.size(), PixelScaling.UNIT));
            }
            Object pixels = batch == 1 ? rows.get(0) : rows;
            try {
                bodies.add(new LoadRun.Body("application/json", json.writeValueAsBytes(Map.of("pixels", pixels))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bodies;
    }

    /** One 28x28 grayscale PNG per body, the way a client with a picture would send it. */
    public List<LoadRun.Body> png() {
        List<LoadRun.Body> bodies = new ArrayList<>();
        for (int b = 0; b < DISTINCT; b++) {
            bodies.add(new LoadRun.Body("image/png", png(b % test.size())));
        }
        return bodies;
    }

    /** Batch-1 model inputs in [0, 1], for timing the model without HTTP. */
    public List<float[]> pixels() {
        List<float[]> rows = new ArrayList<>();
        for (int b = 0; b < DISTINCT; b++) {
            rows.add(test.pixels(b % test.size(), PixelScaling.UNIT));
        }
        return rows;
    }

    private byte[] png(int i) {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < 784; p++) {
            image.getRaster().setSample(p % 28, p / 28, 0, test.pixel(i, p));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
