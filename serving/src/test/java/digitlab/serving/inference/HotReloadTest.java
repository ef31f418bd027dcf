package digitlab.serving.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.Mnist;
import digitlab.serving.TestServer;
import digitlab.serving.http.ServingSettings;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class HotReloadTest {
    private static final int CLIENTS = 4;
    private static final int ROUNDS = 15;

    @Test
    void models_added_changed_and_removed_while_requests_run_lose_no_request_and_a_changed_file_serves_its_new_weights() throws Exception {
        try (TestServer server = TestServer.withFixtures(ServingSettings.defaults(), Duration.ofMillis(20))) {
            List<Path> fixtures = TestServer.fixtureFiles();
            String stable = TestServer.fixtureIds().get(0);
            Map<String, Object> digit = Map.of("pixels", Mnist.pixels(0));
            Map<String, Object> v2 = Map.of("inputs", List.of(Map.of("name", "pixels", "shape", List.of(1, 784),
                    "datatype", "FP32", "data", Mnist.pixels(1))));
            List<String> paths = List.of("/predict", "/predict?model=" + stable, "/predict?model=all",
                    "/v2/models/" + stable + "/infer");

            // Each fixture's answer to one digit, before any file changes: a file's weights by what they compute.
            Map<String, String> answerOf = new HashMap<>();
            for (String id : TestServer.fixtureIds()) {
                answerOf.put(id, probabilities(server, id));
            }
            assertEquals(answerOf.size(), new HashSet<>(answerOf.values()).size(), "the fixtures answer differently");
            String stableSha = server.registry.snapshot().models().get(stable).sha256();

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger answered = new AtomicInteger();
            Queue<String> lost = new ConcurrentLinkedQueue<>();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int first = c;
                Thread client = new Thread(() -> {
                    for (int k = first; running.get(); k++) {
                        String path = paths.get(k % paths.size());
                        HttpResponse<String> response = server.postJson(path, path.startsWith("/v2") ? v2 : digit);
                        if (response.statusCode() != 200) {
                            lost.add(path + " -> " + response.statusCode() + " " + response.body());
                        }
                        answered.incrementAndGet();
                    }
                });
                client.start();
                clients.add(client);
            }

            awaitProgress(answered, 2 * CLIENTS); // the clients are warmed up and running
            for (int round = 0; round < ROUNDS; round++) {
                String added = "added-" + round;
                // New file: written aside and renamed in, as the trainer's exporter does.
                publish(fixtures.get(round % fixtures.size()), server.modelsDir.resolve(added + ".onnx"));
                // Changed file: the stable id now holds another model's bytes (its own again every fourth round).
                String source = TestServer.fixtureIds().get((round + 1) % fixtures.size());
                publish(fixtures.get((round + 1) % fixtures.size()), server.modelsDir.resolve(stable + ".onnx"));
                if (round > 0) {
                    Files.delete(server.modelsDir.resolve("added-" + (round - 1) + ".onnx"));
                }
                String removed = "added-" + (round - 1);
                String sourceSha = source.equals(stable) ? stableSha : server.registry.snapshot().models().get(source).sha256();
                await(server, s -> s.models().containsKey(added) && !s.models().containsKey(removed)
                        && s.models().containsKey(stable) && s.models().get(stable).sha256().equals(sourceSha));
                assertEquals(answerOf.get(source), probabilities(server, stable),
                        "round " + round + ": " + stable + " answers with the weights of the file it now holds, " + source + "'s");
                // Each round overlaps requests: wait until the clients have answered a few more.
                awaitProgress(answered, CLIENTS);
            }
            running.set(false);
            for (Thread client : clients) {
                client.join();
            }
            assertTrue(lost.isEmpty(), lost.size() + " of " + answered.get() + " requests lost: " + lost);
            assertEquals(fixtures.size() + 1, server.registry.snapshot().models().size(),
                    "the fixtures plus the last added model are served");
            // Reloaded and re-added files share bytes with retired ones: none is left pending for ever.
            server.awaitServedAccuracy();
        }
    }

    private static void publish(Path from, Path to) throws IOException {
        Path temp = to.resolveSibling(to.getFileName() + ".tmp");
        Files.copy(from, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The probabilities model {@code id} gives test digit 2, as the JSON text of its answer. */
    private static String probabilities(TestServer server, String id) {
        HttpResponse<String> response = server.postJson("/predict?model=" + id, Map.of("pixels", Mnist.pixels(2)));
        assertEquals(200, response.statusCode(), response.body());
        return TestServer.json(response).get("probabilities").toString();
    }

    private static void awaitProgress(AtomicInteger answered, int more) {
        int target = answered.get() + more;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (answered.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The clients answered " + answered.get() + " requests, not " + target
                        + ", in 30 s: requests are stuck");
            }
            TestServer.sleep(2);
        }
    }

    private static void await(TestServer server, Predicate<ModelRegistry.Snapshot> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.test(server.registry.snapshot())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The watcher never picked up the change; serving " + server.registry.snapshot().models().keySet());
            }
            TestServer.sleep(5);
        }
    }
}
