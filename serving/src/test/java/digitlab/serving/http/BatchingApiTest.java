package digitlab.serving.http;

import static digitlab.serving.http.PredictApiTest.assertError;
import static digitlab.serving.http.PredictApiTest.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.serving.Mnist;
import digitlab.serving.ReferenceRuntime;
import digitlab.serving.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real server with dynamic batching on: answers, errors and the run counters, over loopback. */
class BatchingApiTest {
    private static final int CLIENTS = 16;
    /** Started once for the class, closed after its last test. */
    @RegisterExtension
    static final TestServer server = TestServer.withBatching(Duration.ofMillis(1));

    @BeforeAll
    static void start() {
        // Served accuracy runs the test set through the same models; let it finish so the row counts are ours.
        server.awaitServedAccuracy();
    }

    @Test
    void POST_predict_from_concurrent_clients_answers_each_its_own_digit_as_unbatched_onnx_runtime_does()
            throws Exception {
        String model = TestServer.fixtureIds().get(0);
        float[][] expected = new float[CLIENTS][];
        try (ReferenceRuntime reference = new ReferenceRuntime(TestServer.fixtureFiles().get(0))) {
            for (int i = 0; i < CLIENTS; i++) {
                expected[i] = reference.probabilities(Mnist.pixels(i), 1);
            }
        }
        double rowsBefore = OperationsApiTest.counter(server.get("/metrics").body(),
                "digitlab_onnx_rows_total{model=\"" + model + "\",purpose=\"served\"}");

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Map<String, Object> body = Map.of("pixels", Mnist.pixels(i));
            responses.add(CompletableFuture.supplyAsync(() -> {
                awaitQuietly(start);
                return server.postJson("/predict?model=" + model, body);
            }, runnable -> new Thread(runnable).start()));
        }
        start.countDown();

        for (int i = 0; i < CLIENTS; i++) {
            JsonNode answer = ok(responses.get(i).get());
            float[] probabilities = new float[10];
            for (int c = 0; c < 10; c++) {
                probabilities[c] = (float) answer.get("probabilities").get(c).asDouble();
            }
            assertArrayEquals(expected[i], probabilities, 1e-6f, "client " + i);
            assertEquals(ReferenceRuntime.argmax(expected[i], 0), answer.get("digit").asInt(), "client " + i);
        }
        String metrics = server.get("/metrics").body();
        double runs = OperationsApiTest.counter(metrics, "digitlab_onnx_runs_total{model=\"" + model + "\",purpose=\"served\"}");
        double rows = OperationsApiTest.counter(metrics, "digitlab_onnx_rows_total{model=\"" + model + "\",purpose=\"served\"}");
        assertTrue(runs >= 1, metrics);
        assertEquals(CLIENTS, rows - rowsBefore, "each digit run exactly once: " + metrics);
    }

    @Test
    void POST_predict_errors_keep_their_statuses_with_batching_on() {
        assertError(404, server.postJson("/predict?model=no-such-model", Map.of("pixels", Mnist.pixels(0))));
        assertError(400, server.postJson("/predict", Map.of("pixels", new float[3])));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
