package digitlab.serving.foreign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.serving.ForeignModels;
import digitlab.serving.ForeignModels.Output;
import digitlab.serving.ForeignModels.Pixels;
import digitlab.serving.ForeignReference;
import digitlab.serving.Mnist;
import digitlab.serving.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Models shaped as other tools export them, built by {@link ForeignModels}, served from a real server's
 * folder: each is measured at exactly the accuracy an independent ONNX Runtime pass
 * ({@link ForeignReference}) computes when fed the pixels its own way.
 */
class TrainedElsewhereTest {
    @RegisterExtension
    static final TestServer server = TestServer.empty();

    private static final long[] NCHW = {-1, 1, 28, 28};
    private static final long[] NHWC = {-1, 28, 28, 1};
    private static final long[] FLAT = {-1, 784};

    @Test
    void an_NCHW_model_with_logits_in_Tritons_layout_is_served_at_its_highest_version_with_every_version_listed()
            throws Exception {
        byte[] v1 = ForeignModels.model("image", NCHW, 784, Pixels.UNIT, Output.SOFTMAX);
        byte[] v2 = ForeignModels.model("image", NCHW, 784, Pixels.NORMALISED, Output.LOGITS);
        write("zoo-like/1/model.onnx", v1);
        write("zoo-like/2/model.onnx", v2);
        write("zoo-like/config.pbtxt", """
                name: "zoo-like"
                platform: "onnxruntime_onnx"
                max_batch_size: 0
                input [ { name: "image" data_type: TYPE_FP32 format: FORMAT_NCHW dims: [ -1, 1, 28, 28 ] } ]
                output [ { name: "out" data_type: TYPE_FP32 dims: [ -1, 10 ] } ]
                instance_group [ { count: 2 kind: KIND_CPU } ]
                dynamic_batching { max_queue_delay_microseconds: 100 }
                parameters { key: "normalize" value: { string_value: "0.1307/0.3081" } }
                parameters { key: "EXECUTION_ENV_PATH" value: { string_value: "$$TRITON_MODEL_DIRECTORY/env" } }
                """);
        JsonNode model = measured("zoo-like");
        assertEquals(2, model.get("version").asInt());
        assertEquals("[1,2]", model.get("versions").toString());
        assertEquals("zoo-like/2/model.onnx", model.get("file").asText());
        assertEquals("trained elsewhere", model.get("origin").asText());
        assertServedAt(model, ForeignReference.accuracyPercent(v2, "image", NCHW, 784, Pixels.NORMALISED));
        assertEquals("[\"logits\"]", model.get("adapter").get("outputSeen").toString());

        JsonNode metadata = TestServer.json(server.get("/v2/models/zoo-like"));
        assertEquals("[\"1\",\"2\"]", metadata.get("versions").toString());
        assertEquals(200, server.get("/v2/models/zoo-like/versions/2/ready").statusCode());
        HttpResponse<String> old = server.get("/v2/models/zoo-like/versions/1");
        assertEquals(404, old.statusCode());
        assertTrue(old.body().contains("only its highest version, 2, is served"), old.body());

        HttpResponse<String> infer = server.postJson("/v2/models/zoo-like/versions/2/infer", Map.of("inputs",
                List.of(Map.of("name", "pixels", "shape", List.of(1, 784), "datatype", "FP32", "data", Mnist.pixels(0)))));
        assertEquals(200, infer.statusCode(), infer.body());
        JsonNode out = TestServer.json(infer).get("outputs").get(0);
        assertEquals("2", TestServer.json(infer).get("model_version").asText());
        double sum = 0;
        for (JsonNode p : out.get("data")) {
            sum += p.asDouble();
        }
        assertEquals(1, sum, 1e-4, "logits are answered as probabilities");

        // Hot reload on the layout: a new highest version replaces the served one.
        write("zoo-like/3/model.onnx", v1);
        server.watcher.scan();
        JsonNode reloaded = measured("zoo-like");
        assertEquals(3, reloaded.get("version").asInt());
        assertServedAt(reloaded, ForeignReference.accuracyPercent(v1, "image", NCHW, 784, Pixels.NORMALISED));
    }

    @Test
    void an_NHWC_model_with_softmax_is_served_as_ONNX_Runtime_computes_it() throws Exception {
        byte[] model = ForeignModels.model("conv2d_input", NHWC, 784, Pixels.UNIT, Output.SOFTMAX);
        write("keras-like.onnx", model);
        JsonNode served = measured("keras-like");
        assertServedAt(served, ForeignReference.accuracyPercent(model, "conv2d_input", NHWC, 784, Pixels.UNIT));
        assertEquals("[\"probabilities\"]", served.get("adapter").get("outputSeen").toString());
    }

    @Test
    void a_flat_model_with_log_softmax_answers_the_probabilities_its_log_probabilities_stand_for() throws Exception {
        byte[] model = ForeignModels.model("x", FLAT, 784, Pixels.UNIT, Output.LOG_SOFTMAX);
        write("logsoftmax-like.onnx", model);
        JsonNode served = measured("logsoftmax-like");
        assertServedAt(served, ForeignReference.accuracyPercent(model, "x", FLAT, 784, Pixels.UNIT));
        assertEquals("[\"log-probabilities\"]", served.get("adapter").get("outputSeen").toString());

        float[] logProbabilities = reference(model, "x", Mnist.pixels(7));
        JsonNode answer = TestServer.json(server.postJson("/predict?model=logsoftmax-like",
                Map.of("pixels", Mnist.pixels(7))));
        for (int c = 0; c < 10; c++) {
            assertEquals(Math.exp(logProbabilities[c]), answer.get("probabilities").get(c).asDouble(), 1e-5);
        }
    }

    @Test
    void a_model_with_its_batch_fixed_to_1_is_called_once_per_digit() throws Exception {
        long[] one = {1, 1, 28, 28};
        byte[] model = ForeignModels.model("Input3", one, 784, Pixels.UNIT, Output.LOGITS);
        write("batch-one.onnx", model);
        JsonNode served = measured("batch-one");
        assertServedAt(served, ForeignReference.accuracyPercent(model, "Input3", one, 784, Pixels.UNIT));
        assertTrue(served.get("adapter").get("batch").asText().startsWith("fixed to 1"), served.toString());

        long before = server.registry.snapshot().models().get("batch-one").runs();
        HttpResponse<String> batch = server.postJson("/predict?model=batch-one",
                Map.of("pixels", List.of(Mnist.pixels(0), Mnist.pixels(1), Mnist.pixels(2))));
        assertEquals(200, batch.statusCode(), batch.body());
        assertEquals(3, TestServer.json(batch).get("predictions").size(), batch.body());
        assertEquals(before + 3, server.registry.snapshot().models().get("batch-one").runs());
    }

    @Test
    void a_model_whose_graph_fixes_the_batch_to_1_behind_a_dynamic_input_is_called_once_per_digit()
            throws Exception {
        byte[] model = ForeignModels.model("image", NCHW, 1, 784, Pixels.UNIT, Output.LOGITS);
        write("inner-batch-one.onnx", model);
        JsonNode served = measured("inner-batch-one");
        assertServedAt(served, ForeignReference.accuracyPercent(model, "image", new long[] {1, 1, 28, 28}, 784,
                Pixels.UNIT));
        assertTrue(served.get("adapter").get("batch").asText().startsWith("fixed to 1 inside the graph"),
                served.toString());
    }

    @Test
    void a_scikit_learn_like_model_with_780_inputs_and_a_sequence_of_maps_is_served_with_its_declared_scale()
            throws Exception {
        long[] shape = {1, 780};
        byte[] model = ForeignModels.model("float_input", shape, 780, Pixels.BYTES, Output.ZIPMAP);
        write("scikit-like.onnx", model);
        write("scikit-like.json", "{\"scale\": \"0..255\"}");
        JsonNode served = measured("scikit-like");
        assertServedAt(served, ForeignReference.accuracyPercent(model, "float_input", shape, 780, Pixels.BYTES));
        assertTrue(served.get("adapter").get("input").asText().contains("the first 780 pixels"), served.toString());
        assertTrue(served.get("declarationCheck") == null, "declared right, nothing to check");
    }

    @Test
    void a_wrongly_declared_scale_is_caught_and_the_scale_that_works_is_named() throws Exception {
        byte[] model = ForeignModels.model("x", FLAT, 784, Pixels.BYTES, Output.LOGITS);
        write("wrong-scale.onnx", model);
        JsonNode served = measured("wrong-scale");
        double asDeclared = served.get("servedAccuracy").get("full").get("percent").asDouble();
        assertTrue(asDeclared < 20, "fed 0..1, a 0..255 model is near chance: " + asDeclared);
        JsonNode check = served.get("declarationCheck");
        assertEquals("looks mis-declared", check.get("verdict").asText(), served.toString());
        assertEquals("scale 0..255", check.get("suggestion").asText());
        assertTrue(check.get("withSuggestion").asDouble() > 70, check.toString());
        assertTrue(check.get("message").asText().startsWith("as declared "), check.toString());

        JsonNode entry = leaderboardEntry("wrong-scale");
        assertEquals("trained elsewhere", entry.get("family").asText());
        assertTrue(entry.get("warning").asText().contains("looks mis-declared")
                && entry.get("warning").asText().contains("with scale 0..255"), entry.toString());

        // Declared as suggested, the same file is measured again, at the accuracy ONNX Runtime gets fed 0..255.
        write("wrong-scale.json", "{\"scale\": \"0..255\"}");
        server.watcher.scan();
        JsonNode fixed = measured("wrong-scale");
        assertServedAt(fixed, ForeignReference.accuracyPercent(model, "x", FLAT, 784, Pixels.BYTES));
        assertTrue(fixed.get("declarationCheck") == null, fixed.toString());
    }

    @Test
    void onnx_files_in_subfolders_outside_Tritons_layout_are_listed_with_the_reason_never_called_absent()
            throws Exception {
        try (TestServer alone = TestServer.empty()) {
            Path stray = alone.modelsDir.resolve("mine/model.onnx");
            Files.createDirectories(stray.getParent());
            Files.write(stray, ForeignModels.model("x", FLAT, 784, Pixels.UNIT, Output.SOFTMAX));
            alone.watcher.scan();
            HttpResponse<String> predict = alone.postJson("/predict", Map.of("pixels", Mnist.pixels(0)));
            assertEquals(503, predict.statusCode(), predict.body());
            assertTrue(!predict.body().contains("no .onnx file") && predict.body().contains("failed to load"),
                    predict.body());
            JsonNode board = TestServer.json(alone.get("/leaderboard"));
            JsonNode notServed = board.get("notServed").get(0);
            assertEquals("mine/model.onnx", notServed.get("file").asText());
            assertTrue(notServed.get("reason").asText().contains("mine/<version>/model.onnx"), notServed.toString());
        }
    }

    @Test
    void a_file_whose_input_no_digit_classifier_has_is_refused_with_the_shapes_taken() throws Exception {
        write("cifar-like.onnx", new digitlab.serving.OnnxProto.Graph("g").input("img", -1, 3, 32, 32)
                .node("Identity", List.of("img"), "out").output("out", -1, 3, 32, 32).model());
        server.watcher.scan();
        JsonNode failed = null;
        for (JsonNode f : TestServer.json(server.get("/models")).get("failed")) {
            if (f.get("id").asText().equals("cifar-like")) {
                failed = f;
            }
        }
        assertTrue(failed != null && failed.get("error").asText().contains("[N, 1, 28, 28]"), String.valueOf(failed));
    }

    @Test
    void a_config_that_names_another_model_than_its_folder_is_refused_as_Triton_refuses_it() throws Exception {
        write("misnamed/1/model.onnx", ForeignModels.model("x", FLAT, 784, Pixels.UNIT, Output.SOFTMAX));
        write("misnamed/config.pbtxt", "name: \"mnist\"\nmax_batch_size: 0\n");
        server.watcher.scan();
        HttpResponse<String> response = server.get("/v2/models/misnamed");
        assertEquals(404, response.statusCode());
        assertTrue(response.body().contains("misnamed/config.pbtxt it names the model 'mnist' but its folder is "
                + "'misnamed'"), response.body());
    }

    private static float[] reference(byte[] model, String input, float[] pixels) throws Exception {
        var env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        try (var session = env.createSession(model, new ai.onnxruntime.OrtSession.SessionOptions());
                var t = ai.onnxruntime.OnnxTensor.createTensor(env, java.nio.FloatBuffer.wrap(pixels), new long[] {1, 784});
                var result = session.run(Map.of(input, t))) {
            return ForeignReference.scores(result.get(0), 1)[0];
        }
    }

    private static void assertServedAt(JsonNode model, double referencePercent) {
        JsonNode full = model.get("servedAccuracy").get("full");
        assertEquals(10000, full.get("images").asInt());
        assertEquals(referencePercent, full.get("percent").asDouble(), 1e-9, model.toString());
        assertTrue(referencePercent > 70, "a real classifier: " + referencePercent);
    }

    private static JsonNode leaderboardEntry(String id) {
        List<JsonNode> found = new ArrayList<>();
        TestServer.json(server.get("/leaderboard")).get("ranking").forEach(e -> {
            if (e.get("model").asText().equals(id)) {
                found.add(e);
            }
        });
        assertEquals(1, found.size(), id);
        return found.get(0);
    }

    /** Scans the folder, waits for every measurement, and answers {@code GET /models/{id}}. */
    private static JsonNode measured(String id) throws InterruptedException {
        server.watcher.scan();
        server.server.accuracy().awaitIdle();
        HttpResponse<String> response = server.get("/models/" + id);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode model = TestServer.json(response);
        assertEquals("done", model.get("servedAccuracy").get("status").asText(), model.toString());
        return model;
    }

    private static void write(String relative, byte[] bytes) throws IOException {
        Path file = server.modelsDir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private static void write(String relative, String text) throws IOException {
        write(relative, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
