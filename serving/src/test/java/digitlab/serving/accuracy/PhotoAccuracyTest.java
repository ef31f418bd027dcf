package digitlab.serving.accuracy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.core.data.PixelScaling;
import digitlab.serving.Mnist;
import digitlab.serving.ReferenceRuntime;
import digitlab.serving.TestServer;
import digitlab.serving.image.ImageDecoder;
import digitlab.serving.image.ImageRejectedException;
import digitlab.serving.image.MnistPreprocessor;
import digitlab.serving.photos.PhotoSet;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The server measures every model on generated photos of test digits, the way it measures clean
 * accuracy: the figures in /models and /leaderboard must be what ONNX Runtime gets when each photo
 * goes through the decoder and preprocessor an upload goes through.
 */
class PhotoAccuracyTest {
    private static final PhotoSpec PHOTOS = new PhotoSpec(PhotoSet.DEFAULT_SEED, 50);

    @Test
    void the_photo_set_is_the_same_bytes_for_the_same_seed_and_differs_for_another() {
        byte[] first = PhotoSet.photograph(Mnist.test(), 42, 7);
        assertArrayEquals(first, PhotoSet.photograph(Mnist.test(), 42, 7));
        assertFalse(Arrays.equals(first, PhotoSet.photograph(Mnist.test(), 42, 8)));
    }

    @Test
    void GET_models_shows_each_models_photo_accuracy_beside_the_same_digits_clean() throws Exception {
        try (TestServer server = TestServer.withPhotos(PHOTOS)) {
            JsonNode models = server.awaitJson("/models", body -> {
                for (JsonNode m : body.get("models")) {
                    if (!"done".equals(m.get("servedAccuracy").get("photos").get("status").asText())) {
                        return false;
                    }
                }
                return true;
            });
            int[] indices = PhotoSet.indices(Mnist.test().size(), PHOTOS.count());
            float[][] clean = new float[indices.length][];
            float[][] seen = new float[indices.length][];
            ImageDecoder decoder = new ImageDecoder(4096, 4096L * 4096);
            for (int k = 0; k < indices.length; k++) {
                clean[k] = Mnist.test().pixels(indices[k], PixelScaling.UNIT);
                try {
                    seen[k] = MnistPreprocessor.toMnist(
                            decoder.decode(PhotoSet.photograph(Mnist.test(), indices[k], PHOTOS.seed())));
                } catch (ImageRejectedException e) {
                    seen[k] = null; // the server counts a photo it finds no digit in as wrong
                }
            }
            for (JsonNode m : models.get("models")) {
                String id = m.get("id").asText();
                JsonNode photos = m.get("servedAccuracy").get("photos");
                assertEquals(PHOTOS.count(), photos.get("images").asInt(), id);
                assertEquals(PHOTOS.seed(), photos.get("seed").asLong(), id);
                try (ReferenceRuntime ref = new ReferenceRuntime(TestServer.FIXTURES.resolve(id + ".onnx"))) {
                    assertEquals(percentCorrect(ref, indices, clean), photos.get("cleanPercent").asDouble(), 1e-9, id);
                    assertEquals(percentCorrect(ref, indices, seen), photos.get("percent").asDouble(), 1e-9, id);
                }
            }
            JsonNode ranking = server.json(server.get("/leaderboard")).get("ranking");
            for (JsonNode e : ranking) {
                assertEquals("done", e.get("servedPhotos").get("status").asText());
                assertEquals("study", e.get("trainedOn").asText(), "the fixtures train on the study's split");
            }
        }
    }

    /** Percent correct computed here, independently of the server, one input at a time; null inputs are wrong. */
    private static double percentCorrect(ReferenceRuntime ref, int[] indices, float[][] inputs) throws Exception {
        int correct = 0;
        for (int k = 0; k < indices.length; k++) {
            if (inputs[k] != null
                    && ReferenceRuntime.argmax(ref.probabilities(inputs[k], 1), 0) == Mnist.test().label(indices[k])) {
                correct++;
            }
        }
        return 100.0 * correct / indices.length;
    }
}
