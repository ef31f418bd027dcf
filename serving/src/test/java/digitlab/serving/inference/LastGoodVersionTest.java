package digitlab.serving.inference;

import static digitlab.serving.TestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.serving.Mnist;
import digitlab.serving.TestServer;
import digitlab.serving.http.ServingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A served model's file overwritten in place by something that does not load (a broken file, or a
 * copy paused half-way): the version loaded before stays in service until a good one replaces it.
 * Scans are triggered by the test, so each step sees exactly one state of the file.
 */
class LastGoodVersionTest {
    @Test
    void a_model_file_overwritten_with_a_broken_one_keeps_serving_its_last_good_version() throws Exception {
        try (TestServer server = TestServer.withFixtures(ServingSettings.defaults(), Duration.ZERO)) {
            String id = TestServer.fixtureIds().get(0);
            Path file = server.modelsDir.resolve(id + ".onnx");
            String goodSha = server.registry.snapshot().models().get(id).sha256();

            Files.write(file, "not a model".getBytes());
            server.watcher.scan();
            assertStillServed(server, id, goodSha);
        }
    }

    @Test
    void a_model_file_written_slowly_keeps_serving_the_old_version_until_the_new_one_is_complete() throws Exception {
        try (TestServer server = TestServer.withFixtures(ServingSettings.defaults(), Duration.ZERO)) {
            String id = TestServer.fixtureIds().get(0);
            Path file = server.modelsDir.resolve(id + ".onnx");
            String goodSha = server.registry.snapshot().models().get(id).sha256();
            byte[] next = Files.readAllBytes(TestServer.fixtureFiles().get(1));

            Files.write(file, Arrays.copyOf(next, next.length / 2)); // the writer pauses here
            server.watcher.scan();
            assertStillServed(server, id, goodSha);

            Files.write(file, next);
            server.watcher.scan();
            OnnxModel replaced = server.registry.snapshot().models().get(id);
            assertFalse(replaced.sha256().equals(goodSha), "the complete new version is served");
            assertFalse(server.registry.snapshot().failures().containsKey(id));
            JsonNode entry = modelEntry(server, id);
            assertFalse(entry.has("servingLastGoodVersion"), entry.toString());
        }
    }

    private static void assertStillServed(TestServer server, String id, String sha) {
        assertEquals(200, server.postJson("/predict?model=" + id, Map.of("pixels", Mnist.pixels(0))).statusCode());
        assertEquals(sha, server.registry.snapshot().models().get(id).sha256());
        JsonNode entry = modelEntry(server, id);
        assertTrue(entry.get("servingLastGoodVersion").asBoolean(), entry.toString());
        assertTrue(entry.get("newVersionError").asText().length() > 0, entry.toString());
        JsonNode failed = json(server.get("/models")).get("failed").get(0);
        assertEquals(id, failed.get("id").asText());
        assertTrue(failed.get("lastGoodVersionServed").asBoolean(), failed.toString());
    }

    private static JsonNode modelEntry(TestServer server, String id) {
        for (JsonNode m : json(server.get("/models")).get("models")) {
            if (m.get("id").asText().equals(id)) {
                return m;
            }
        }
        throw new AssertionError("no " + id + " in /models");
    }
}
