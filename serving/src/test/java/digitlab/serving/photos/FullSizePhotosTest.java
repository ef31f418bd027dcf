package digitlab.serving.photos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.Mnist;
import digitlab.serving.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Full-size phone photos, sent as a user sends one: the default model, the shipped CNN, reads them. */
class FullSizePhotosTest {
    private static final String CNN = "ce-cnn-full-adam-decay0.8-augreal-s0.onnx";
    private static final int PHOTOS = 10;

    @RegisterExtension
    static final TestServer server = TestServer.withCopyOf(folderWith(Path.of("../models", CNN)));

    @Test
    void a_photo_is_a_12_megapixel_jpeg_and_the_same_digit_and_seed_give_the_same_bytes() throws IOException {
        byte[] jpeg = FullSizePhotos.photograph(Mnist.test(), 7, PhotoSet.DEFAULT_SEED);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertEquals(FullSizePhotos.WIDTH, reader.getWidth(0));
            assertEquals(FullSizePhotos.HEIGHT, reader.getHeight(0));
            reader.dispose();
        }
        assertArrayEquals(jpeg, FullSizePhotos.photograph(Mnist.test(), 7, PhotoSet.DEFAULT_SEED));
    }

    @Test
    void the_shipped_cnn_reads_full_size_photos_posted_as_they_come_from_a_phone() {
        int right = 0;
        for (int i : PhotoSet.indices(Mnist.test().size(), PHOTOS)) {
            HttpResponse<String> response = server.post("/predict", "image/jpeg",
                    FullSizePhotos.photograph(Mnist.test(), i, PhotoSet.DEFAULT_SEED));
            assertEquals(200, response.statusCode(), "test digit " + i + ": " + response.body());
            right += TestServer.json(response).get("digit").asInt() == Mnist.test().label(i) ? 1 : 0;
        }
        assertTrue(right >= PHOTOS - 1, right + " of " + PHOTOS + " read right");
    }

    private static Path folderWith(Path model) {
        try {
            Path dir = Files.createTempDirectory("digitlab-full-size");
            Files.copy(model, dir.resolve(model.getFileName()));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
