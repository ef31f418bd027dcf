package digitlab.serving.hostile;

import static digitlab.serving.TestServer.json;
import static digitlab.serving.http.PredictApiTestSupport.assertError;
import static digitlab.serving.http.PredictApiTestSupport.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.serving.BrokenModels;
import digitlab.serving.Mnist;
import digitlab.serving.TestServer;
import digitlab.serving.http.ServingSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Models that load but fail when run, or answer NaN, beside healthy ones: the healthy ones still answer. */
class BrokenModelTest {
    private static final String FAILING = "fails-at-run-time";
    private static final String NAN = "answers-nan";

    /** Started once for the class, closed after its last test. */
    @RegisterExtension
    static final TestServer server = TestServer.withFixtures(ServingSettings.defaults(), Duration.ZERO, TestServer.DATA,
            Map.of(FAILING + ".onnx", BrokenModels.failingAtRunTime(), NAN + ".onnx", BrokenModels.answeringNaN()));

    @Test
    void model_all_answers_with_every_healthy_model_and_reports_each_broken_one_in_its_own_entry() {
        JsonNode answer = ok(server.postJson("/predict?model=all", Map.of("pixels", Mnist.pixels(0))));
        Map<String, JsonNode> byModel = new HashMap<>();
        answer.get("models").forEach(m -> byModel.put(m.get("model").asText(), m));
        for (String id : TestServer.fixtureIds()) {
            assertTrue(byModel.get(id).has("digit"), "healthy " + id + " answers: " + byModel.get(id));
        }
        for (String broken : new String[] {FAILING, NAN}) {
            JsonNode entry = byModel.get(broken);
            assertFalse(entry.has("digit"), "no digit from " + broken + ": " + entry);
            String error = entry.get("error").asText();
            assertTrue(error.contains(broken), error);
            assertFalse(error.contains("onnxruntime_src") || error.contains(".h:") || error.contains("::"),
                    "no native source paths: " + error);
        }
        assertTrue(byModel.get(FAILING).get("error").asText().contains("reshape"), byModel.get(FAILING).toString());
        assertTrue(byModel.get(NAN).get("error").asText().contains("NaN"), byModel.get(NAN).toString());
    }

    @Test
    void a_broken_model_is_unhealthy_in_models_and_not_ready_in_v2_while_healthy_ones_are() {
        server.postJson("/predict?model=all", Map.of("pixels", Mnist.pixels(1)));
        JsonNode models = json(server.get("/models"));
        Map<String, JsonNode> byId = new HashMap<>();
        models.get("models").forEach(m -> byId.put(m.get("id").asText(), m));
        assertFalse(byId.get(FAILING).get("healthy").asBoolean(), byId.get(FAILING).toString());
        assertFalse(byId.get(NAN).get("healthy").asBoolean(), byId.get(NAN).toString());
        assertTrue(byId.get(TestServer.fixtureIds().get(0)).get("healthy").asBoolean());
        // The protocol answers "not ready" with a 4xx (Triton: 400).
        assertError(400, server.get("/v2/models/" + FAILING + "/ready"));
        assertEquals(200, server.get("/v2/models/" + TestServer.fixtureIds().get(0) + "/ready").statusCode());
    }

    @Test
    void asking_a_broken_model_alone_is_a_503_that_names_it_and_never_a_digit_0_for_NaN() {
        assertError(503, server.postJson("/predict?model=" + NAN, Map.of("pixels", Mnist.pixels(2))));
        assertError(503, server.postJson("/predict?model=" + FAILING, Map.of("pixels", Mnist.pixels(2))));
        assertError(503, server.postJson("/v2/models/" + NAN + "/infer", Map.of("inputs", java.util.List.of(Map.of(
                "name", "pixels", "datatype", "FP32", "shape", java.util.List.of(1, 784), "data", Mnist.pixels(2))))));
    }

    @Test
    void the_default_model_is_a_healthy_one() {
        server.postJson("/predict?model=all", Map.of("pixels", Mnist.pixels(3)));
        JsonNode answer = ok(server.postJson("/predict", Map.of("pixels", Mnist.pixels(3))));
        assertTrue(TestServer.fixtureIds().contains(answer.get("model").asText()), answer.toString());
    }
}
