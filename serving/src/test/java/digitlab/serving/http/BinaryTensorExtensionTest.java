package digitlab.serving.http;

import static digitlab.serving.http.PredictApiTest.assertError;
import static digitlab.serving.http.PredictApiTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.serving.Mnist;
import digitlab.serving.ReferenceRuntime;
import digitlab.serving.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The binary tensor data extension of the Open Inference Protocol, spoken as its text describes it, with
 * request bytes written here by hand (not by the server's code): the JSON object, then each binary
 * input's bytes (FP32 little-endian, row-major, no padding), the JSON's length in the
 * {@code Inference-Header-Content-Length} header, {@code binary_data_size} on binary inputs,
 * {@code binary_data} on requested outputs or {@code binary_data_output} on the request; and the
 * response read back the same way. No Content-Type is sent, as Triton's Python client sends none.
 */
class BinaryTensorExtensionTest {
    private static final String HEADER = "Inference-Header-Content-Length";
    private static final int ROWS = 3;
    /** Started once for the class, closed after its last test. */
    @RegisterExtension
    static final TestServer server = TestServer.withFixtures();
    private static String model;
    private static float[] pixels;
    private static float[] expected;

    @BeforeAll
    static void start() throws Exception {
        model = TestServer.fixtureIds().get(0);
        pixels = new float[ROWS * 784];
        for (int i = 0; i < ROWS; i++) {
            System.arraycopy(Mnist.pixels(10 + i), 0, pixels, i * 784, 784);
        }
        try (ReferenceRuntime ref = new ReferenceRuntime(TestServer.FIXTURES.resolve(model + ".onnx"))) {
            expected = ref.probabilities(pixels, ROWS);
        }
    }

    @Test
    void binary_input_with_binary_data_on_the_output_answers_a_JSON_header_then_little_endian_floats() throws Exception {
        String json = "{\"id\":\"b-1\",\"inputs\":[{\"name\":\"pixels\",\"shape\":[3,784],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":" + ROWS * 784 * 4 + "}}],"
                + "\"outputs\":[{\"name\":\"probabilities\",\"parameters\":{\"binary_data\":true}}]}";
        HttpResponse<byte[]> response = infer(json, littleEndian(pixels), true);

        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        int jsonLength = Integer.parseInt(response.headers().firstValue(HEADER).orElseThrow());
        JsonNode header = TestServer.JSON.readTree(Arrays.copyOf(response.body(), jsonLength));
        assertEquals(model, header.get("model_name").asText());
        assertEquals(servedVersion(), header.get("model_version").asText());
        assertEquals("b-1", header.get("id").asText());
        JsonNode output = header.get("outputs").get(0);
        assertEquals("probabilities", output.get("name").asText());
        assertEquals("FP32", output.get("datatype").asText());
        assertEquals("[3,10]", output.get("shape").toString());
        assertFalse(output.has("data"), "binary outputs carry no JSON data: " + output);
        assertEquals(ROWS * 10 * 4, output.get("parameters").get("binary_data_size").asInt());
        assertEquals(jsonLength + ROWS * 10 * 4, response.body().length);
        assertClose(expected, floats(response.body(), jsonLength, ROWS * 10));
    }

    @Test
    void binary_data_output_on_the_request_makes_every_output_binary_when_none_is_listed() throws Exception {
        String json = "{\"parameters\":{\"binary_data_output\":true},\"inputs\":[{\"name\":\"pixels\",\"shape\":[3,784],"
                + "\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":" + ROWS * 784 * 4 + "}}]}";
        HttpResponse<byte[]> response = infer(json, littleEndian(pixels), true);

        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        int jsonLength = Integer.parseInt(response.headers().firstValue(HEADER).orElseThrow());
        assertClose(expected, floats(response.body(), jsonLength, ROWS * 10));
    }

    @Test
    void binary_input_without_binary_output_answers_plain_JSON_numbers() throws Exception {
        String json = "{\"inputs\":[{\"name\":\"pixels\",\"shape\":[3,784],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":" + ROWS * 784 * 4 + "}}],"
                + "\"outputs\":[{\"name\":\"probabilities\",\"parameters\":{\"binary_data\":false}}]}";
        HttpResponse<byte[]> response = infer(json, littleEndian(pixels), true);

        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        assertTrue(response.headers().firstValue(HEADER).isEmpty());
        JsonNode body = TestServer.JSON.readTree(response.body());
        assertEquals(servedVersion(), body.get("model_version").asText());
        JsonNode data = body.get("outputs").get(0).get("data");
        float[] got = new float[data.size()];
        for (int i = 0; i < got.length; i++) {
            got[i] = data.get(i).floatValue();
        }
        assertClose(expected, got);
    }

    @Test
    void a_JSON_request_may_ask_for_a_binary_output_too() throws Exception {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 784; i++) {
            data.append(i == 0 ? "" : ",").append(pixels[i]);
        }
        String json = "{\"inputs\":[{\"name\":\"pixels\",\"shape\":[1,784],\"datatype\":\"FP32\",\"data\":[" + data + "]}],"
                + "\"outputs\":[{\"name\":\"probabilities\",\"parameters\":{\"binary_data\":true}}]}";
        HttpResponse<byte[]> response = infer(json, new byte[0], false);

        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        int jsonLength = Integer.parseInt(response.headers().firstValue(HEADER).orElseThrow());
        assertClose(Arrays.copyOf(expected, 10), floats(response.body(), jsonLength, 10));
    }

    @Test
    void malformed_binary_requests_answer_400_naming_what_is_wrong() throws Exception {
        byte[] binary = littleEndian(pixels);
        String input = "{\"name\":\"pixels\",\"shape\":[3,784],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":%d}}";
        String good = "{\"inputs\":[" + input.formatted(binary.length) + "]}";
        // binary_data_size that does not match the shape
        assertErrorSays(400, "binary_data_size", infer("{\"inputs\":[" + input.formatted(binary.length - 4) + "]}", binary, true));
        // fewer bytes than binary_data_size says
        assertErrorSays(400, "follow the JSON header", infer(good, Arrays.copyOf(binary, binary.length - 40), true));
        // bytes left over after the last binary input
        assertErrorSays(400, "after the JSON header", infer(good, Arrays.copyOf(binary, binary.length + 8), true));
        // a header length that is not a number, or longer than the body
        assertErrorSays(400, HEADER, send(good.getBytes(StandardCharsets.UTF_8), "twelve"));
        assertErrorSays(400, HEADER, send(good.getBytes(StandardCharsets.UTF_8), "100000"));
        // both JSON data and binary_data_size
        assertErrorSays(400, "both", infer("{\"inputs\":[{\"name\":\"pixels\",\"shape\":[1,784],\"datatype\":\"FP32\","
                + "\"data\":[0],\"parameters\":{\"binary_data_size\":3136}}]}", new byte[3136], true));
    }

    @Test
    void parameters_this_server_does_not_honour_are_refused_with_their_name_not_ignored() throws Exception {
        byte[] binary = littleEndian(pixels);
        String input = "{\"name\":\"pixels\",\"shape\":[3,784],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":"
                + binary.length + "}}";
        assertErrorSays(400, "'priority'", infer("{\"parameters\":{\"priority\":1},\"inputs\":[" + input + "]}", binary, true));
        assertErrorSays(400, "'classification'", infer("{\"inputs\":[" + input + "],\"outputs\":[{\"name\":\"probabilities\","
                + "\"parameters\":{\"classification\":3}}]}", binary, true));
        assertErrorSays(400, "'shared_memory_region'", infer("{\"inputs\":[{\"name\":\"pixels\",\"shape\":[3,784],"
                + "\"datatype\":\"FP32\",\"parameters\":{\"shared_memory_region\":\"r\"}}]}", new byte[0], false));
        assertErrorSays(400, "true or false", infer("{\"parameters\":{\"binary_data_output\":\"yes\"},\"inputs\":[" + input + "]}",
                binary, true));
        // A long client string comes back as a short prefix only.
        String longName = "p".repeat(100_000);
        HttpResponse<byte[]> response = infer("{\"parameters\":{\"" + longName + "\":1},\"inputs\":[" + input + "]}", binary, true);
        assertEquals(400, response.statusCode());
        assertTrue(response.body().length < 2_000, response.body().length + " bytes");
    }

    @Test
    void a_binary_body_over_the_body_limit_is_refused_with_413_before_it_is_read() {
        try (TestServer small = TestServer.withFixtures(ServingSettings.defaults().withMaxBodyBytes(4096), Duration.ZERO)) {
            byte[] binary = littleEndian(pixels);
            byte[] json = ("{\"inputs\":[{\"name\":\"pixels\",\"shape\":[3,784],\"datatype\":\"FP32\","
                    + "\"parameters\":{\"binary_data_size\":" + binary.length + "}}]}").getBytes(StandardCharsets.UTF_8);
            HttpResponse<byte[]> response = send(small, concat(json, binary), Integer.toString(json.length));
            assertEquals(413, response.statusCode());
        }
    }

    @Test
    void a_binary_request_to_the_versioned_route_answers_like_the_plain_one() throws Exception {
        String json = "{\"inputs\":[{\"name\":\"pixels\",\"shape\":[3,784],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":" + ROWS * 784 * 4 + "}}],"
                + "\"outputs\":[{\"name\":\"probabilities\",\"parameters\":{\"binary_data\":true}}]}";
        byte[] body = concat(json.getBytes(StandardCharsets.UTF_8), littleEndian(pixels));
        HttpResponse<byte[]> response = send(server, "/v2/models/" + model + "/versions/" + servedVersion() + "/infer", body,
                Integer.toString(json.getBytes(StandardCharsets.UTF_8).length));
        assertEquals(200, response.statusCode());
        int jsonLength = Integer.parseInt(response.headers().firstValue(HEADER).orElseThrow());
        assertClose(expected, floats(response.body(), jsonLength, ROWS * 10));
    }

    private static String servedVersion() {
        return ok(server.get("/v2/models/" + model)).get("versions").get(0).asText();
    }

    private static HttpResponse<byte[]> infer(String json, byte[] binary, boolean withHeader) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return send(concat(header, binary), withHeader ? Integer.toString(header.length) : null);
    }

    private static HttpResponse<byte[]> send(byte[] body, String headerLength) {
        return send(server, body, headerLength);
    }

    private static HttpResponse<byte[]> send(TestServer target, byte[] body, String headerLength) {
        return send(target, "/v2/models/" + model + "/infer", body, headerLength);
    }

    private static HttpResponse<byte[]> send(TestServer target, String path, byte[] body, String headerLength) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url(path)))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headerLength != null) {
            request.header(HEADER, headerLength);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new AssertionError("request failed", e);
        }
    }

    /** FP32 values as the extension lays them out: little-endian, row-major, no padding. */
    private static byte[] littleEndian(float[] values) {
        ByteBuffer out = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            out.putFloat(v);
        }
        return out.array();
    }

    private static float[] floats(byte[] body, int offset, int count) {
        ByteBuffer in = ByteBuffer.wrap(body, offset, count * 4).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = in.getFloat();
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static void assertClose(float[] want, float[] got) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-6, "value " + i);
        }
    }

    private static void assertErrorSays(int status, String words, HttpResponse<byte[]> response) throws Exception {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertEquals(status, response.statusCode(), body);
        JsonNode error = TestServer.JSON.readTree(body).get("error");
        assertTrue(error != null && error.asText().contains(words), "'" + words + "' in " + body);
    }
}
