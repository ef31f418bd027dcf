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
    void models_added_changed_and_removed_while_requests_run_lose_no_request() throws Exception {
        try (TestServer server = TestServer.withFixtures(ServingSettings.defaults(), Duration.ofMillis(20))) {
            List<Path> fixtures = TestServer.fixtureFiles();
            String stable = TestServer.fixtureIds().get(0);
            Map<String, Object> digit = Map.of("pixels", Mnist.pixels(0));
            Map<String, Object> v2 = Map.of("inputs", List.of(Map.of("name", "pixels", "shape", List.of(1, 784),
                    "datatype", "FP32", "data", Mnist.pixels(1))));
            List<String> paths = List.of("/predict", "/predict?model=" + stable, "/predict?model=all",
                    "/v2/models/" + stable + "/infer");

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
                // Changed file: the stable id now holds another model's bytes.
                publish(fixtures.get((round + 1) % fixtures.size()), server.modelsDir.resolve(stable + ".onnx"));
                if (round > 0) {
                    Files.delete(server.modelsDir.resolve("added-" + (round - 1) + ".onnx"));
                }
                String removed = "added-" + (round - 1);
                await(server, s -> s.models().containsKey(added) && !s.models().containsKey(removed));
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

    private static void awaitProgress(AtomicInteger answered, int more) {
        int target = answered.get() + more;
        while (answered.get() < target) {
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
