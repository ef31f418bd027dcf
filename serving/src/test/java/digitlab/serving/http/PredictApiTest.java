package digitlab.serving.http;

import static digitlab.serving.TestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.serving.DigitImages;
import digitlab.serving.Mnist;
import digitlab.serving.ReferenceRuntime;
import digitlab.serving.TestServer;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PredictApiTest {
    /** Started once for the class, closed after its last test. */
    @RegisterExtension
    static final TestServer server = TestServer.withFixtures();
    private static String modelId;
    private static ReferenceRuntime reference;
    /** Test digits the model is surest of. */
    private static List<Integer> clearDigits;

    @BeforeAll
    static void start() throws Exception {
        Path model = TestServer.fixtureFiles().get(0);
        modelId = model.getFileName().toString().replace(".onnx", "");
        reference = new ReferenceRuntime(model);
        // The digits among the first 500 the model is surest of: an image of them must get the same answer.
        float[] first = new float[500 * 784];
        for (int i = 0; i < 500; i++) {
            System.arraycopy(Mnist.pixels(i), 0, first, i * 784, 784);
        }
        float[] p = reference.probabilities(first, 500);
        clearDigits = java.util.stream.IntStream.range(0, 500).boxed()
                .sorted(java.util.Comparator.comparingDouble(i -> -p[i * 10 + ReferenceRuntime.argmax(p, i)]))
                .limit(12).sorted().toList();
    }

    @AfterAll
    static void stop() throws Exception {
        reference.close();
    }

    @Test
    void POST_predict_with_JSON_pixels_answers_what_ONNX_Runtime_gives_for_them() throws Exception {
        for (String id : TestServer.fixtureIds()) {
            try (ReferenceRuntime ref = new ReferenceRuntime(TestServer.FIXTURES.resolve(id + ".onnx"))) {
                for (int i = 0; i < 15; i++) {
                    JsonNode answer = ok(server.postJson("/predict?model=" + id, Map.of("pixels", Mnist.pixels(i))));
                    float[] expected = ref.probabilities(Mnist.pixels(i), 1);
                    assertEquals(id, answer.get("model").asText());
                    assertEquals(ReferenceRuntime.argmax(expected, 0), answer.get("digit").asInt(), "digit " + i);
                    for (int c = 0; c < 10; c++) {
                        assertEquals(expected[c], answer.get("probabilities").get(c).floatValue(), 1e-6);
                    }
                    assertTrue(answer.get("milliseconds").asDouble() >= 0);
                }
            }
        }
    }

    @Test
    void POST_predict_with_a_batch_of_pixel_arrays_answers_each_in_order() {
        List<float[]> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            batch.add(Mnist.pixels(i));
        }
        JsonNode answer = ok(server.postJson("/predict?model=" + modelId, Map.of("pixels", batch)));
        assertEquals(25, answer.get("predictions").size());
        for (int i = 0; i < 25; i++) {
            assertEquals(pixelDigit(i), answer.get("predictions").get(i).get("digit").asInt(), "digit " + i);
        }
    }

    @Test
    void POST_predict_with_a_light_on_dark_28x28_PNG_answers_as_for_its_pixels() {
        assertImagesAnswerAsPixels("image/png", i -> DigitImages.png(DigitImages.mnistSized(i, false)));
    }

    @Test
    void POST_predict_with_a_dark_on_light_28x28_PNG_answers_as_for_its_pixels() {
        assertImagesAnswerAsPixels("image/png", i -> DigitImages.png(DigitImages.mnistSized(i, true)));
    }

    @Test
    void POST_predict_with_a_dark_on_light_280x280_PNG_answers_as_for_its_pixels() {
        assertImagesAnswerAsPixels("image/png", i -> DigitImages.png(DigitImages.draw(i, 10, 280, 280, 0, 0, true)));
    }

    @Test
    void POST_predict_with_an_off_centre_digit_on_a_large_canvas_answers_as_for_its_pixels() {
        assertImagesAnswerAsPixels("image/png", i -> DigitImages.png(DigitImages.draw(i, 3, 400, 150, 290, 40, false)));
    }

    @Test
    void POST_predict_with_JPEG_BMP_and_GIF_images_answers_as_for_its_pixels() {
        assertImagesAnswerAsPixels("image/jpeg", i -> DigitImages.encode(rgb(DigitImages.draw(i, 10, 280, 280, 0, 0, true)), "jpg"));
        assertImagesAnswerAsPixels("image/bmp", i -> DigitImages.encode(DigitImages.draw(i, 4, 112, 112, 0, 0, true), "bmp"));
        assertImagesAnswerAsPixels("image/gif", i -> DigitImages.encode(DigitImages.draw(i, 4, 112, 112, 0, 0, false), "gif"));
    }

    @Test
    void POST_predict_with_a_base64_image_in_JSON_answers_as_for_its_pixels() {
        for (int i : clearDigits) {
            String base64 = Base64.getEncoder().encodeToString(DigitImages.png(DigitImages.mnistSized(i, true)));
            assertEquals(pixelDigit(i), ok(server.postJson("/predict?model=" + modelId, Map.of("image", base64))).get("digit").asInt());
            String dataUrl = "data:image/png;base64," + base64;
            assertEquals(pixelDigit(i), ok(server.postJson("/predict?model=" + modelId, Map.of("image", dataUrl))).get("digit").asInt());
        }
    }

    @Test
    void POST_predict_with_several_multipart_files_answers_them_as_a_batch_in_order() {
        List<byte[]> files = clearDigits.stream().map(i -> DigitImages.png(DigitImages.draw(i, 5, 140, 140, 0, 0, true))).toList();
        Multipart form = Multipart.ofFiles("image/png", files);
        JsonNode answer = ok(server.post("/predict?model=" + modelId, form.contentType(), form.body()));
        assertEquals(clearDigits.size(), answer.get("predictions").size());
        for (int k = 0; k < clearDigits.size(); k++) {
            assertEquals(pixelDigit(clearDigits.get(k)), answer.get("predictions").get(k).get("digit").asInt());
        }
    }

    @Test
    void POST_predict_with_one_multipart_file_answers_one_digit() {
        int i = clearDigits.get(0);
        Multipart form = Multipart.ofFiles("image/png", List.of(DigitImages.png(DigitImages.mnistSized(i, false))));
        assertEquals(pixelDigit(i), ok(server.post("/predict?model=" + modelId, form.contentType(), form.body())).get("digit").asInt());
    }

    @Test
    void POST_predict_for_all_models_answers_each_as_it_answers_alone() {
        Map<String, Object> body = Map.of("pixels", Mnist.pixels(3));
        JsonNode all = ok(server.postJson("/predict?model=all", body));
        List<String> answered = new ArrayList<>();
        for (JsonNode one : all.get("models")) {
            String id = one.get("model").asText();
            answered.add(id);
            JsonNode alone = ok(server.postJson("/predict?model=" + id, body));
            assertEquals(alone.get("digit").asInt(), one.get("digit").asInt(), id);
            assertEquals(alone.get("probabilities"), one.get("probabilities"), id);
        }
        assertEquals(TestServer.fixtureIds().stream().sorted().toList(), answered.stream().sorted().toList());
    }

    @Test
    void POST_predict_without_a_model_uses_the_best_model_by_served_accuracy() {
        JsonNode models = server.awaitServedAccuracy();
        String best = null;
        double bestPercent = -1;
        for (JsonNode m : models.get("models")) {
            double percent = m.get("servedAccuracy").get("full").get("percent").asDouble();
            if (percent > bestPercent) {
                bestPercent = percent;
                best = m.get("id").asText();
            }
        }
        assertEquals(best, ok(server.postJson("/predict", Map.of("pixels", Mnist.pixels(0)))).get("model").asText());
    }

    @Test
    void POST_predict_can_echo_the_preprocessed_input_of_an_image() {
        int i = clearDigits.get(0);
        JsonNode answer = ok(server.post("/predict?include=input&model=" + modelId, "image/png",
                DigitImages.png(DigitImages.mnistSized(i, true))));
        assertEquals(784, answer.get("input").size());
        float[] echoed = new float[784];
        for (int p = 0; p < 784; p++) {
            echoed[p] = answer.get("input").get(p).floatValue();
        }
        assertEquals(pixelDigit(i), ok(server.postJson("/predict?model=" + modelId, Map.of("pixels", echoed))).get("digit").asInt(),
                "the echoed input is what the model answered on");
    }

    // --- every way to get it wrong answers a 4xx JSON error --------------------------------------

    @Test
    void POST_predict_with_bad_JSON_answers_400() {
        assertError(400, server.post("/predict", "application/json", "{\"pixels\": [0, 1,".getBytes()));
    }

    @Test
    void POST_predict_with_wrong_length_answers_400() {
        HttpResponse<String> response = server.postJson("/predict", Map.of("pixels", new float[783]));
        assertError(400, response);
        assertTrue(json(response).get("error").asText().contains("783"), response.body());
    }

    @Test
    void POST_predict_with_NaN_answers_400() {
        String pixels = "[NaN" + ", 0".repeat(783) + "]";
        assertError(400, server.post("/predict", "application/json", ("{\"pixels\": " + pixels + "}").getBytes()));
        String quoted = "[\"NaN\"" + ", 0".repeat(783) + "]";
        assertError(400, server.post("/predict", "application/json", ("{\"pixels\": " + quoted + "}").getBytes()));
    }

    @Test
    void POST_predict_with_0_to_255_pixels_answers_400_saying_to_divide_by_255() {
        float[] raw = Mnist.pixels(0);
        raw[200] = 255f;
        HttpResponse<String> response = server.postJson("/predict", Map.of("pixels", raw));
        assertError(400, response);
        assertTrue(json(response).get("error").asText().contains("255"), response.body());
    }

    @Test
    void POST_predict_with_a_ragged_batch_answers_400() {
        assertError(400, server.postJson("/predict", Map.of("pixels", List.of(Mnist.pixels(0), new float[10]))));
    }

    @Test
    void POST_predict_with_JSON_lacking_pixels_and_image_answers_400() {
        assertError(400, server.postJson("/predict", Map.of("digits", List.of(1, 2))));
        assertError(400, server.post("/predict", "application/json", "[1, 2, 3]".getBytes()));
        assertError(400, server.post("/predict", "application/json", new byte[0]));
    }

    @Test
    void POST_predict_with_an_unknown_model_answers_404() {
        HttpResponse<String> response = server.postJson("/predict?model=no-such-model", Map.of("pixels", Mnist.pixels(0)));
        assertError(404, response);
        assertTrue(json(response).get("error").asText().contains("no-such-model"), response.body());
    }

    @Test
    void POST_predict_with_an_image_bomb_header_answers_413_without_decoding() {
        assertError(413, server.post("/predict", "image/png", DigitImages.pngHeaderClaiming(100_000, 100_000)));
    }

    @Test
    void POST_predict_with_bytes_that_are_no_image_answers_400() {
        assertError(400, server.post("/predict", "image/png", "GIF89a? no, just text".getBytes()));
        String notBase64Image = Base64.getEncoder().encodeToString("plain words".getBytes());
        assertError(400, server.postJson("/predict", Map.of("image", notBase64Image)));
        assertError(400, server.postJson("/predict", Map.of("image", "***not base64***")));
    }

    @Test
    void POST_predict_with_a_blank_image_answers_400() {
        BufferedImage white = DigitImages.draw(0, 1, 28, 28, 0, 0, true);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                white.getRaster().setSample(x, y, 0, 255);
            }
        }
        assertError(400, server.post("/predict", "image/png", DigitImages.png(white)));
    }

    @Test
    void POST_predict_with_a_wrong_content_type_answers_415() {
        assertError(415, server.post("/predict", "text/plain", "7".getBytes()));
        assertError(415, server.post("/predict", "application/x-www-form-urlencoded", "pixels=1".getBytes()));
    }

    @Test
    void POST_predict_without_a_content_type_reads_JSON_or_an_image_by_its_bytes() {
        int i = clearDigits.get(1);
        String body = "{\"pixels\": " + java.util.Arrays.toString(Mnist.pixels(i)) + "}";
        assertEquals(pixelDigit(i), ok(server.post("/predict?model=" + modelId, null, body.getBytes())).get("digit").asInt());
        assertEquals(pixelDigit(i), ok(server.post("/predict?model=" + modelId, null,
                DigitImages.png(DigitImages.mnistSized(i, true)))).get("digit").asInt());
    }

    @Test
    void POST_predict_with_a_body_over_the_limit_answers_413() {
        try (TestServer small = TestServer.withFixtures(ServingSettings.defaults().withMaxBodyBytes(50_000),
                java.time.Duration.ZERO)) {
            List<float[]> batch = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                batch.add(Mnist.pixels(i));
            }
            assertError(413, small.postJson("/predict", Map.of("pixels", batch)));
            byte[] big = DigitImages.encode(DigitImages.draw(0, 1, 28, 28, 0, 0, true), "bmp");
            byte[] padded = java.util.Arrays.copyOf(big, 60_000);
            assertError(413, small.post("/predict", "image/bmp", padded));
            // Without a Content-Length (chunked), the limit holds while reading.
            HttpResponse<String> chunked = small.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(small.url("/predict")))
                    .header("Content-Type", "image/bmp")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(padded))));
            assertError(413, chunked);
            Multipart form = Multipart.ofFiles("image/bmp", List.of(padded));
            assertError(413, small.post("/predict", form.contentType(), form.body()));
        }
    }

    @Test
    void POST_predict_with_a_bad_file_among_several_names_the_file() {
        Multipart form = Multipart.ofFiles("image/png",
                List.of(DigitImages.png(DigitImages.mnistSized(0, false)), "not an image".getBytes()));
        HttpResponse<String> response = server.post("/predict", form.contentType(), form.body());
        assertError(400, response);
        assertTrue(json(response).get("error").asText().contains("digit1.png"), response.body());
    }

    @Test
    void POST_predict_with_multipart_but_no_file_answers_400() {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--" + boundary + "--\r\n";
        assertError(400, server.post("/predict", "multipart/form-data; boundary=" + boundary, body.getBytes()));
    }

    @Test
    void POST_predict_with_no_models_served_answers_503() {
        try (TestServer empty = TestServer.empty()) {
            assertError(503, empty.postJson("/predict", Map.of("pixels", Mnist.pixels(0))));
            assertError(503, empty.postJson("/predict?model=all", Map.of("pixels", Mnist.pixels(0))));
        }
    }

    // --- helpers ----------------------------------------------------------------------------------

    private void assertImagesAnswerAsPixels(String contentType, IntFunction<byte[]> image) {
        for (int i : clearDigits) {
            JsonNode answer = ok(server.post("/predict?model=" + modelId, contentType, image.apply(i)));
            assertEquals(pixelDigit(i), answer.get("digit").asInt(), "test digit " + i + " sent as " + contentType);
        }
    }

    private static int pixelDigit(int i) {
        return ok(server.postJson("/predict?model=" + modelId, Map.of("pixels", Mnist.pixels(i)))).get("digit").asInt();
    }

    private static BufferedImage rgb(BufferedImage gray) {
        BufferedImage out = new BufferedImage(gray.getWidth(), gray.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(gray, 0, 0, null);
        return out;
    }

    static JsonNode ok(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    static void assertError(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "content type of " + response.body());
        JsonNode body = json(response);
        assertTrue(body.has("error") && body.get("error").isTextual() && !body.get("error").asText().isBlank(), response.body());
        assertEquals(1, body.size(), "only an error: " + response.body());
    }

    @SuppressWarnings("unused")
    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < kv.length; k += 2) {
            m.put((String) kv[k], kv[k + 1]);
        }
        return m;
    }
}
