package digitlab.serving.http;

import static digitlab.serving.http.PredictApiTest.assertError;
import static digitlab.serving.http.PredictApiTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.serving.Mnist;
import digitlab.serving.ReferenceRuntime;
import digitlab.serving.TestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OpenInferenceApiTest {
    /** Started once for the class, closed after its last test. */
    @RegisterExtension
    static final TestServer server = TestServer.withFixtures();
    private static final String model = TestServer.fixtureIds().get(0);

    @Test
    void GET_v2_health_and_server_metadata_answer_as_the_protocol_says() {
        JsonNode meta = ok(server.get("/v2"));
        assertEquals("digit-lab", meta.get("name").asText());
        assertEquals("[\"binary_tensor_data\"]", meta.get("extensions").toString());
        assertTrue(ok(server.get("/v2/health/live")).get("live").asBoolean());
        assertTrue(ok(server.get("/v2/health/ready")).get("ready").asBoolean());
    }

    @Test
    void GET_v2_model_describes_its_FP32_tensors() {
        JsonNode meta = ok(server.get("/v2/models/" + model));
        assertEquals(model, meta.get("name").asText());
        assertEquals("pixels", meta.get("inputs").get(0).get("name").asText());
        assertEquals("FP32", meta.get("inputs").get(0).get("datatype").asText());
        assertEquals("[-1,784]", meta.get("inputs").get(0).get("shape").toString());
        assertEquals("probabilities", meta.get("outputs").get(0).get("name").asText());
        assertEquals("[-1,10]", meta.get("outputs").get(0).get("shape").toString());
        assertTrue(ok(server.get("/v2/models/" + model + "/ready")).get("ready").asBoolean());
    }

    @Test
    void POST_v2_infer_answers_what_ONNX_Runtime_gives_for_the_same_pixels() throws Exception {
        int rows = 5;
        float[] flat = new float[rows * 784];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(Mnist.pixels(i), 0, flat, i * 784, 784);
        }
        JsonNode answer = ok(server.postJson("/v2/models/" + model + "/infer", Map.of("id", "req-1",
                "inputs", List.of(Map.of("name", "pixels", "shape", List.of(rows, 784), "datatype", "FP32", "data", flat)))));
        assertEquals(model, answer.get("model_name").asText());
        assertEquals(ok(server.get("/v2/models/" + model)).get("versions").get(0).asText(), answer.get("model_version").asText());
        assertEquals("req-1", answer.get("id").asText());
        JsonNode output = answer.get("outputs").get(0);
        assertEquals("probabilities", output.get("name").asText());
        assertEquals("[5,10]", output.get("shape").toString());
        float[] expected;
        try (ReferenceRuntime ref = new ReferenceRuntime(TestServer.FIXTURES.resolve(model + ".onnx"))) {
            expected = ref.probabilities(flat, rows);
        }
        assertEquals(expected.length, output.get("data").size());
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], output.get("data").get(k).floatValue(), 1e-6);
        }
    }

    @Test
    void POST_v2_infer_takes_data_nested_to_the_shape_too() {
        List<float[]> nested = List.of(Mnist.pixels(7), Mnist.pixels(8));
        List<Float> flat = new ArrayList<>();
        nested.forEach(row -> {
            for (float v : row) {
                flat.add(v);
            }
        });
        JsonNode a = ok(server.postJson("/v2/models/" + model + "/infer", infer(List.of(2, 784), "FP32", nested)));
        JsonNode b = ok(server.postJson("/v2/models/" + model + "/infer", infer(List.of(2, 784), "FP32", flat)));
        assertEquals(a.get("outputs"), b.get("outputs"));
    }

    @Test
    void POST_v2_infer_with_a_wrong_datatype_shape_or_length_answers_400() {
        String path = "/v2/models/" + model + "/infer";
        assertError(400, server.postJson(path, infer(List.of(1, 784), "INT64", Mnist.pixels(0))));
        assertError(400, server.postJson(path, infer(List.of(1, 28, 28), "FP32", Mnist.pixels(0))));
        assertError(400, server.postJson(path, infer(List.of(2, 784), "FP32", Mnist.pixels(0))));
        assertError(400, server.postJson(path, Map.of("inputs", List.of())));
        assertError(400, server.postJson(path, infer(List.of(Integer.MAX_VALUE, 784), "FP32", Mnist.pixels(0))));
        assertError(400, server.post(path, "application/json", "{\"inputs\": [".getBytes()));
        Map<String, Object> wrongOutput = new LinkedHashMap<>(infer(List.of(1, 784), "FP32", Mnist.pixels(0)));
        wrongOutput.put("outputs", List.of(Map.of("name", "logits")));
        assertError(400, server.postJson(path, wrongOutput));
    }

    @Test
    void the_versioned_v2_routes_answer_for_the_served_version_and_404_for_another() {
        String version = ok(server.get("/v2/models/" + model)).get("versions").get(0).asText();
        String base = "/v2/models/" + model + "/versions/";
        assertEquals(model, ok(server.get(base + version)).get("name").asText());
        assertTrue(ok(server.get(base + version + "/ready")).get("ready").asBoolean());
        Map<String, Object> request = infer(List.of(1, 784), "FP32", Mnist.pixels(0));
        assertEquals(ok(server.postJson("/v2/models/" + model + "/infer", request)).get("outputs"),
                ok(server.postJson(base + version + "/infer", request)).get("outputs"));
        assertError(404, server.get(base + "0000"));
        assertError(404, server.postJson(base + "0000/infer", request));
    }

    @Test
    void v2_endpoints_of_an_unknown_model_answer_404() {
        assertError(404, server.get("/v2/models/nope"));
        assertError(404, server.get("/v2/models/nope/ready"));
        assertError(404, server.postJson("/v2/models/nope/infer", infer(List.of(1, 784), "FP32", Mnist.pixels(0))));
    }

    @Test
    void GET_v2_health_ready_answers_400_while_no_model_is_served_as_the_protocol_says_not_ready() {
        try (TestServer empty = TestServer.empty()) {
            assertTrue(ok(empty.get("/v2/health/live")).get("live").asBoolean());
            assertError(400, empty.get("/v2/health/ready"));
        }
    }

    private static Map<String, Object> infer(List<Integer> shape, String datatype, Object data) {
        return Map.of("inputs", List.of(Map.of("name", "pixels", "shape", shape, "datatype", datatype, "data", data)));
    }
}
