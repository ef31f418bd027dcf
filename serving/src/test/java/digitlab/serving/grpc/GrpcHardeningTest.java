package digitlab.serving.grpc;

import static digitlab.serving.grpc.GrpcInferenceApiTest.assertStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.Mnist;
import digitlab.serving.TestServer;
import digitlab.serving.grpc.proto.ModelInferRequest;
import digitlab.serving.grpc.proto.ModelMetadataRequest;
import digitlab.serving.grpc.proto.ServerReadyRequest;
import digitlab.serving.http.Metrics;
import digitlab.serving.http.ServingSettings;
import digitlab.serving.service.OpenInferenceService;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gRPC listener against clients that stall, run out of time, crowd it or lack the key, and before any model. */
class GrpcHardeningTest {
    @RegisterExtension
    static final TestServer server = TestServer.withGrpc(ServingSettings.defaults().withApiKey("s3cret"));
    private static final String model = TestServer.fixtureIds().get(0);

    private static final Metadata KEY = header("x-api-key", "s3cret");

    private static ModelInferRequest oneDigit() {
        return GrpcClient.raw(model, Mnist.pixels(0), 1).build();
    }

    private static Metadata header(String name, String value) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER), value);
        return headers;
    }

    @Test
    void inference_wants_the_key_as_x_api_key_or_bearer_while_health_and_metadata_stay_open() throws Exception {
        try (GrpcClient client = new GrpcClient(server.server.grpcPort())) {
            assertStatus(Status.Code.UNAUTHENTICATED, () -> client.stub.modelInfer(oneDigit()));
            assertStatus(Status.Code.UNAUTHENTICATED, () -> client.stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
                    header("x-api-key", "guess"))).modelInfer(oneDigit()));
            assertEquals(model, client.stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
                    KEY)).modelInfer(oneDigit()).getModelName());
            assertEquals(model, client.stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
                    header("authorization", "Bearer s3cret"))).modelInfer(oneDigit()).getModelName());
            assertTrue(client.stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
            assertEquals(model, client.stub.modelMetadata(ModelMetadataRequest.newBuilder().setName(model).build()).getName());
            assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(client.channel)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus());
        }
    }

    @Test
    void a_call_whose_request_never_comes_ends_at_its_deadline_on_both_sides_and_runs_nothing() throws Exception {
        try (GrpcClient client = new GrpcClient(server.server.grpcPort())) {
            String predictions = predictionsOf(model);
            GrpcClient.Stalled stalled = client.stalled(CallOptions.DEFAULT.withDeadlineAfter(300, TimeUnit.MILLISECONDS), KEY);
            Status status = stalled.closed.get(30, TimeUnit.SECONDS);
            assertEquals(Status.Code.DEADLINE_EXCEEDED, status.getCode(), status.toString());
            // The server ended it too: whichever side's clock struck first, it is no longer in flight.
            awaitMetric("digitlab_grpc_calls_in_flight 0.0");
            String metrics = server.get("/metrics").body();
            assertTrue(metrics.contains("code=\"DEADLINE_EXCEEDED\",method=\"inference.GRPCInferenceService/ModelInfer\"")
                    || metrics.contains("code=\"CANCELLED\",method=\"inference.GRPCInferenceService/ModelInfer\""), metrics);
            assertEquals(predictions, predictionsOf(model), "nothing was run for it");
        }
    }

    @Test
    void a_hundred_and_fifty_stalled_calls_hold_no_thread_each_and_others_are_still_answered() throws Exception {
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        List<GrpcClient> clients = List.of(new GrpcClient(server.server.grpcPort()), new GrpcClient(server.server.grpcPort()));
        List<GrpcClient.Stalled> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 150; i++) {
                stalled.add(clients.get(i % 2).stalled(CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), KEY));
            }
            // Generous: in the full suite on a machine loaded 25 deep the 150 starts once took over 30 s.
            awaitMetric("digitlab_grpc_calls_in_flight 150.0", 180);
            try (GrpcClient other = new GrpcClient(server.server.grpcPort())) {
                assertEquals(model, other.stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(
                        KEY)).modelInfer(oneDigit()).getModelName());
            }
            int threadsDuring = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.printf("150 stalled gRPC calls: JVM threads %d -> %d%n", threadsBefore, threadsDuring);
            // Client and server share this JVM: channels and event loops add a few threads, never one per call.
            assertTrue(threadsDuring - threadsBefore < 50, threadsBefore + " -> " + threadsDuring);
        } finally {
            stalled.forEach(s -> s.call.cancel("done", null));
            for (GrpcClient c : clients) {
                c.close();
            }
        }
        awaitMetric("digitlab_grpc_calls_in_flight 0.0");
    }

    @Test
    void calls_beyond_the_bound_are_refused_resource_exhausted_until_one_ends() throws Exception {
        Metrics metrics = new Metrics();
        GrpcServer bounded = ownServer(metrics, Duration.ofMinutes(5));
        try (GrpcClient client = new GrpcClient(bounded.port())) {
            List<GrpcClient.Stalled> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(client.stalled(CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), new Metadata()));
            }
            awaitScrape(metrics, "digitlab_grpc_calls_in_flight 3.0");
            assertStatus(Status.Code.RESOURCE_EXHAUSTED, () -> client.stub.modelInfer(oneDigit()));
            held.get(0).finish(oneDigit());
            assertEquals(Status.Code.OK, held.get(0).closed.get(30, TimeUnit.SECONDS).getCode());
            assertEquals(model, held.get(0).answer.getModelName());
            awaitScrape(metrics, "digitlab_grpc_calls_in_flight 2.0");
            assertEquals(model, client.stub.modelInfer(oneDigit()).getModelName());
            held.forEach(s -> s.call.cancel("done", null));
        } finally {
            assertEquals(0, bounded.awaitDrained(Duration.ofSeconds(5)));
        }
    }

    @Test
    void a_call_without_a_deadline_whose_request_never_comes_is_ended_and_gives_its_slot_back() throws Exception {
        Metrics metrics = new Metrics();
        GrpcServer strict = ownServer(metrics, Duration.ofMillis(500));
        try (GrpcClient client = new GrpcClient(strict.port())) {
            GrpcClient.Stalled stalled = client.stalled(CallOptions.DEFAULT, new Metadata());
            Status status = stalled.closed.get(30, TimeUnit.SECONDS);
            assertEquals(Status.Code.DEADLINE_EXCEEDED, status.getCode(), status.toString());
            assertTrue(status.getDescription().contains("did not arrive"), status.toString());
            awaitScrape(metrics, "digitlab_grpc_calls_in_flight 0.0");
            // A call whose request comes in time is answered as ever.
            GrpcClient.Stalled prompt = client.stalled(CallOptions.DEFAULT, new Metadata());
            prompt.finish(oneDigit());
            assertEquals(Status.Code.OK, prompt.closed.get(30, TimeUnit.SECONDS).getCode());
        } finally {
            assertEquals(0, strict.awaitDrained(Duration.ofSeconds(5)));
        }
    }

    @Test
    void before_any_model_is_served_readiness_is_false_and_inference_is_unavailable() throws Exception {
        try (TestServer empty = TestServer.emptyWithGrpc(); GrpcClient client = new GrpcClient(empty.server.grpcPort())) {
            assertFalse(client.stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
            assertEquals(ServingStatus.NOT_SERVING, HealthGrpc.newBlockingStub(client.channel)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus());
            assertStatus(Status.Code.UNAVAILABLE, () -> client.stub.modelInfer(oneDigit()));
            assertStatus(Status.Code.UNAVAILABLE, () -> client.stub.modelMetadata(ModelMetadataRequest.newBuilder().setName(model).build()));
        }
    }

    /** A gRPC listener of its own over the class server's models: at most 3 calls in flight, no key. */
    private static GrpcServer ownServer(Metrics metrics, Duration arrivalTimeout) {
        return GrpcServer.start("127.0.0.1", 0, ServingSettings.DEFAULT_MAX_BODY_BYTES, 3, arrivalTimeout,
                new OpenInferenceService(server.registry, metrics, "test"), "", metrics);
    }

    /** The line of /metrics counting the digits {@code id} answered, or none yet. */
    private static String predictionsOf(String id) {
        return server.get("/metrics").body().lines().filter(l -> l.startsWith("digitlab_predictions_total{model=\"" + id + "\"}"))
                .findFirst().orElse("none");
    }

    private static void awaitMetric(String line) {
        awaitMetric(line, 30);
    }

    private static void awaitMetric(String line, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = server.get("/metrics").body();
            if (last.contains(line)) {
                return;
            }
            TestServer.sleep(20);
        }
        throw new AssertionError("no '" + line + "' in /metrics:\n" + last);
    }

    private static void awaitScrape(Metrics metrics, String line) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!metrics.scrape().contains(line)) {
            assertTrue(System.nanoTime() < deadline, "no '" + line + "' in:\n" + metrics.scrape());
            TestServer.sleep(20);
        }
    }
}
