package digitlab.serving.http;

import static digitlab.serving.TestServer.json;
import static digitlab.serving.http.PredictApiTest.assertError;
import static digitlab.serving.http.PredictApiTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.core.data.Digits;
import digitlab.core.data.PixelScaling;
import digitlab.core.metrics.Calibration;
import digitlab.core.model.ModelMetadata;
import digitlab.core.reference.ReferenceStudy;
import digitlab.serving.Mnist;
import digitlab.serving.ReferenceRuntime;
import digitlab.serving.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ModelsApiTest {
    /** Started once for the class, closed after its last test. */
    @RegisterExtension
    static final TestServer server = TestServer.withFixtures(ServingSettings.defaults(), Duration.ZERO, TestServer.DATA,
            Map.of("broken.onnx", "this is not a protobuf".getBytes(), "empty.onnx", new byte[0]));

    @Test
    void GET_models_lists_every_model_with_the_metadata_its_file_carries() throws Exception {
        JsonNode models = ok(server.get("/models"));
        assertEquals(List.of("default", "models", "failed"), fieldNames(models), "clients read the fields in this order");
        Set<String> listed = new HashSet<>();
        for (JsonNode m : models.get("models")) {
            String id = m.get("id").asText();
            listed.add(id);
            assertEquals(List.of("id", "loss", "regularizer", "strength", "family", "seed", "epochs", "dataset", "split",
                    "trainSize", "testSize", "datasetChecksum", "trainAccuracy", "testAccuracy", "trainingMillis",
                    "pixelScaling", "config", "curves"), fieldNames(m.get("metadata")), id);
            ModelMetadata expected;
            try (ReferenceRuntime ref = new ReferenceRuntime(TestServer.FIXTURES.resolve(id + ".onnx"))) {
                expected = ModelMetadata.fromProps(ref.metadata());
            }
            JsonNode meta = m.get("metadata");
            assertEquals(expected.loss(), meta.get("loss").asText(), id);
            assertEquals(expected.regularizer(), meta.get("regularizer").asText(), id);
            assertEquals(expected.strength(), meta.get("strength").asDouble(), 0, id);
            assertEquals(expected.seed(), meta.get("seed").asLong(), id);
            assertEquals(expected.testSize(), meta.get("testSize").asInt(), id);
            assertEquals(expected.testAccuracy(), meta.get("testAccuracy").asDouble(), 0, id);
            assertEquals(TestServer.JSON.readTree(expected.configJson()), meta.get("config"), id);
            JsonNode one = ok(server.get("/models/" + id));
            assertEquals(meta, one.get("metadata"), "GET /models/" + id + " says the same");
            assertEquals(m.get("sha256"), one.get("sha256"));
        }
        assertEquals(Set.copyOf(TestServer.fixtureIds()), listed);
    }

    @Test
    void served_accuracy_is_what_ONNX_Runtime_gets_on_the_test_split_and_on_all_test_images() throws Exception {
        JsonNode models = server.awaitServedAccuracy();
        Digits test = Mnist.test();
        float[] pixels = test.pixels(PixelScaling.UNIT);
        int[] labels = test.labels();
        for (JsonNode m : models.get("models")) {
            String id = m.get("id").asText();
            JsonNode served = m.get("servedAccuracy");
            assertEquals("done", served.get("status").asText(), id);
            int splitSize = m.get("metadata").get("testSize").asInt();
            int correctInSplit = 0;
            int correct = 0;
            Calibration expected;
            try (ReferenceRuntime ref = new ReferenceRuntime(TestServer.FIXTURES.resolve(id + ".onnx"))) {
                float[] probabilities = ref.probabilities(pixels, labels.length);
                expected = Calibration.of(probabilities, labels, 10);
                for (int i = 0; i < labels.length; i++) {
                    if (ReferenceRuntime.argmax(probabilities, i) == labels[i]) {
                        correct++;
                        correctInSplit += i < splitSize ? 1 : 0;
                    }
                }
            }
            // A tie broken differently by another session's kernels may move one image, no more.
            assertEquals(splitSize, served.get("split").get("images").asInt(), id);
            assertEquals(100.0 * correctInSplit / splitSize, served.get("split").get("percent").asDouble(), 100.0 / splitSize, id);
            assertEquals(labels.length, served.get("full").get("images").asInt(), id);
            assertEquals(100.0 * correct / labels.length, served.get("full").get("percent").asDouble(), 100.0 / labels.length, id);
            assertTrue(served.get("datasetMatches").asBoolean(), id + ": the fixture names the local MNIST test set");
            assertCalibration(expected, served.get("calibration"), id);
        }
    }

    /** The server's calibration figures against those of a session of this test's own, on the same images. */
    private static void assertCalibration(Calibration expected, JsonNode served, String id) {
        assertEquals(expected.images(), served.get("images").asInt(), id);
        assertEquals(expected.ecePercent(), served.get("ecePercent").asDouble(), 0.02, id);
        assertEquals(expected.nll(), served.get("nll").asDouble(), 1e-4, id);
        assertTrue(served.get("ecePercent").asDouble() > 0 && served.get("nll").asDouble() > 0, id + ": no model is perfect");
        JsonNode bins = served.get("bins");
        assertEquals(Calibration.BINS, bins.size(), id);
        int counted = 0;
        for (int m = 0; m < bins.size(); m++) {
            JsonNode bin = bins.get(m);
            assertEquals((m + 1) / 15.0, bin.get("upper").asDouble(), 1e-12, id);
            assertEquals(expected.bins().get(m).count(), bin.get("count").asInt(), 2, id + " bin " + m);
            assertEquals(bin.get("count").asInt() == 0, bin.get("accuracy").isNull(), id + " bin " + m);
            counted += bin.get("count").asInt();
        }
        assertEquals(expected.images(), counted, id + ": every image in one bin");
    }

    @Test
    void the_leaderboard_carries_each_models_calibration_and_pairs_it_by_seed_like_accuracy() {
        server.awaitServedAccuracy();
        JsonNode board = ok(server.get("/leaderboard"));
        JsonNode models = ok(server.get("/models"));
        Map<String, JsonNode> byModel = new java.util.HashMap<>();
        models.get("models").forEach(m -> byModel.put(m.get("id").asText(), m.get("servedAccuracy").get("calibration")));
        for (JsonNode e : board.get("ranking")) {
            assertEquals(byModel.get(e.get("model").asText()), e.get("calibration"), e.get("model").asText());
        }
        for (JsonNode s : board.get("settings")) {
            JsonNode only = byModel.get(s.get("models").get(0).asText());
            assertEquals(1, s.get("seeds").asInt(), "one seed of each fixture");
            assertEquals(only.get("ecePercent").asDouble(), s.get("meanEcePercent").asDouble(), 1e-12);
            assertEquals(only.get("nll").asDouble(), s.get("meanNll").asDouble(), 1e-12);
            assertTrue(s.get("spreadServedFull").isNull() && s.get("spreadEcePercent").isNull(), "one seed has no spread: " + s);
        }
        JsonNode pairs = board.get("calibrationComparisons");
        int compared = board.get("comparisons").size();
        assertEquals(2 * compared, pairs.size(), pairs.toString());
        for (int i = 0; i < pairs.size(); i++) {
            JsonNode c = pairs.get(i);
            String unit = i < compared ? "points" : "nats";
            assertTrue(c.get("metric").asText().endsWith(unit), c.toString());
            assertEquals("cannot judge", c.get("verdict").asText());
            JsonNode mine = byModel.get(c.get("setting").asText() + "-s0");
            JsonNode base = byModel.get(c.get("against").asText() + "-s0");
            String key = i < compared ? "ecePercent" : "nll";
            assertEquals(mine.get(key).asDouble() - base.get(key).asDouble(), c.get("difference").asDouble(), 1e-9, c.toString());
        }
    }

    @Test
    void a_corrupt_or_empty_file_is_skipped_and_reported_while_the_rest_are_served() {
        JsonNode models = ok(server.get("/models"));
        List<String> failed = new ArrayList<>();
        models.get("failed").forEach(f -> {
            failed.add(f.get("id").asText());
            assertTrue(f.get("error").asText().length() > 10, f.toString());
        });
        assertEquals(List.of("broken", "empty"), failed.stream().sorted().toList());
        assertEquals(TestServer.fixtureIds().size(), models.get("models").size());
        HttpResponse404 broken = new HttpResponse404(server.postJson("/predict?model=broken", Map.of("pixels", Mnist.pixels(0))));
        assertTrue(broken.error().contains("failed to load"), broken.error());
        assertError(404, server.get("/models/broken"));
    }

    @Test
    void the_leaderboard_compares_each_setting_with_plain_CE_by_seed_and_one_seed_cannot_judge() {
        server.awaitServedAccuracy();
        JsonNode board = ok(server.get("/leaderboard"));
        Map<String, Double> served = new java.util.HashMap<>();
        board.get("ranking").forEach(e -> served.put(e.get("setting").asText(), e.get("servedFull").get("percent").asDouble()));
        JsonNode comparisons = board.get("comparisons");
        // Every fixture is seed 0 with 32 hidden units: three settings against ce-h32, one pair each.
        assertEquals(served.size() - 1, comparisons.size(), comparisons.toString());
        for (JsonNode c : comparisons) {
            String setting = c.get("setting").asText();
            assertEquals("ce-h32", c.get("against").asText());
            assertEquals(1, c.get("n").asInt());
            assertEquals("[0]", c.get("seeds").toString());
            assertEquals(served.get(setting) - served.get("ce-h32"), c.get("difference").asDouble(), 1e-9, setting);
            assertTrue(c.get("low").isNull() && c.get("high").isNull(), "no interval from one seed: " + c);
            assertEquals("cannot judge", c.get("verdict").asText());
            assertTrue(c.get("text").asText().contains("a single paired seed: cannot be told apart from seed noise"), c.toString());
        }
    }

    @Test
    void a_model_carries_its_training_curves_and_one_exported_before_them_has_none() throws Exception {
        int withCurves = 0;
        for (String id : TestServer.fixtureIds()) {
            ModelMetadata expected;
            try (ReferenceRuntime ref = new ReferenceRuntime(TestServer.FIXTURES.resolve(id + ".onnx"))) {
                expected = ModelMetadata.fromProps(ref.metadata());
            }
            JsonNode curves = ok(server.get("/models/" + id)).get("metadata").get("curves");
            if (expected.curves().isEmpty()) {
                assertTrue(curves.isNull(), id);
                continue;
            }
            withCurves++;
            assertEquals(expected.epochs(), curves.get("epochs").size(), id);
            for (int i = 0; i < curves.get("epochs").size(); i++) {
                assertEquals(i, curves.get("epochs").get(i).asInt());
                assertEquals(expected.curves().test().get(i), curves.get("test").get(i).asDouble(), 0, id);
                assertEquals(expected.curves().train().get(i), curves.get("train").get(i).asDouble(), 0, id);
            }
            assertEquals(expected.testAccuracy(), curves.get("test").get(expected.epochs() - 1).asDouble(), 0.005,
                    id + ": the curve ends on the recorded final figure");
        }
        assertTrue(withCurves >= 2 && withCurves < TestServer.fixtureIds().size(),
                "fixtures both with and without curves: " + withCurves);
    }

    @Test
    void GET_models_of_an_unknown_id_answers_404() {
        assertError(404, server.get("/models/no-such-model"));
    }

    @Test
    void the_leaderboard_ranks_by_served_accuracy_and_groups_by_family_beside_the_printed_figures() {
        server.awaitServedAccuracy();
        JsonNode board = ok(server.get("/leaderboard"));
        JsonNode ranking = board.get("ranking");
        assertEquals(TestServer.fixtureIds().size(), ranking.size());
        double previous = Double.MAX_VALUE;
        for (int r = 0; r < ranking.size(); r++) {
            JsonNode e = ranking.get(r);
            assertEquals(r + 1, e.get("rank").asInt());
            double served = e.get("servedFull").get("percent").asDouble();
            assertTrue(served <= previous, "ranked best first: " + ranking);
            previous = served;
            JsonNode meta = ok(server.get("/models/" + e.get("model").asText())).get("metadata");
            String run = ReferenceStudy.runName(meta.get("loss").asText(), meta.get("regularizer").asText(),
                    meta.get("strength").asDouble());
            assertEquals(run, e.get("run").asText());
            ReferenceStudy.byName(e.get("setting").asText()).ifPresentOrElse(
                    printed -> assertEquals(printed.printedTestPercent(), e.get("printedTest").asDouble(), 0),
                    () -> assertTrue(e.get("printedTest").isNull()));
        }
        int grouped = 0;
        for (JsonNode group : board.get("families")) {
            for (JsonNode e : group.get("entries")) {
                assertEquals(group.get("family").asText(), e.get("family").asText());
                grouped++;
            }
        }
        assertEquals(ranking.size(), grouped, "every run is in exactly one family");
        assertEquals(ranking.get(0).get("model").asText(), ok(server.get("/models")).get("default").asText(),
                "the default model is the leaderboard's first");
    }

    @Test
    void a_file_with_the_same_bytes_as_a_measured_one_is_not_measured_again() {
        server.awaitServedAccuracy();
        String id = TestServer.fixtureIds().get(0);
        TestServer.copy(server.modelsDir.resolve(id + ".onnx"), server.modelsDir.resolve("copy-of-" + id + ".onnx"));
        server.watcher.scan();
        try {
            JsonNode copy = ok(server.get("/models/copy-of-" + id));
            assertEquals("done", copy.get("servedAccuracy").get("status").asText(), "known at first sight, by its hash");
            assertEquals(ok(server.get("/models/" + id)).get("servedAccuracy"), copy.get("servedAccuracy"));
        } finally {
            server.modelsDir.resolve("copy-of-" + id + ".onnx").toFile().delete();
            server.watcher.scan();
        }
        assertError(404, server.get("/models/copy-of-" + id));
    }

    @Test
    void without_the_test_set_served_accuracy_fails_with_a_reason_and_predictions_still_work() throws Exception {
        try (TestServer noData = TestServer.withFixtures(ServingSettings.defaults(), Duration.ZERO,
                Path.of("target/no-such-data"), Map.of())) {
            JsonNode models = noData.awaitServedAccuracy();
            for (JsonNode m : models.get("models")) {
                assertEquals("failed", m.get("servedAccuracy").get("status").asText());
                assertTrue(m.get("servedAccuracy").get("error").asText().contains("no-such-data"), m.toString());
                assertNull(m.get("servedAccuracy").get("full").textValue());
            }
            JsonNode answer = ok(noData.postJson("/predict", Map.of("pixels", Mnist.pixels(0))));
            String model = answer.get("model").asText();
            try (ReferenceRuntime ref = new ReferenceRuntime(TestServer.FIXTURES.resolve(model + ".onnx"))) {
                float[] expected = ref.probabilities(Mnist.pixels(0), 1);
                assertEquals(ReferenceRuntime.argmax(expected, 0), answer.get("digit").asInt(), model);
                for (int c = 0; c < 10; c++) {
                    assertEquals(expected[c], answer.get("probabilities").get(c).floatValue(), 1e-6, model);
                }
            }
        }
    }

    /** A 404 answer's error text. */
    private record HttpResponse404(String error) {
        HttpResponse404(java.net.http.HttpResponse<String> response) {
            this(checked(response));
        }

        private static String checked(java.net.http.HttpResponse<String> response) {
            assertError(404, response);
            return json(response).get("error").asText();
        }
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
