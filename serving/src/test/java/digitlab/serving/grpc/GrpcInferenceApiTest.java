package digitlab.serving.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.Mnist;
import digitlab.serving.ReferenceRuntime;
import digitlab.serving.TestServer;
import digitlab.serving.grpc.proto.InferParameter;
import digitlab.serving.grpc.proto.ModelInferRequest;
import digitlab.serving.grpc.proto.ModelInferResponse;
import digitlab.serving.grpc.proto.ModelMetadataRequest;
import digitlab.serving.grpc.proto.ModelMetadataResponse;
import digitlab.serving.grpc.proto.ModelReadyRequest;
import digitlab.serving.grpc.proto.ServerLiveRequest;
import digitlab.serving.grpc.proto.ServerMetadataRequest;
import digitlab.serving.grpc.proto.ServerMetadataResponse;
import digitlab.serving.grpc.proto.ServerReadyRequest;
import digitlab.serving.http.ServingSettings;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every call of the protocol's gRPC service and the health service, through grpc-java's real client
 * on loopback against the real server: typed and raw contents, a batch, each error status.
 */
class GrpcInferenceApiTest {
    @RegisterExtension
    static final TestServer server = TestServer.withGrpc(ServingSettings.defaults());
    private static final GrpcClient client = new GrpcClient(server.server.grpcPort());
    private static final String model = TestServer.fixtureIds().get(0);

    @AfterAll
    static void closeClient() throws InterruptedException {
        client.close();
    }

    @Test
    void health_readiness_and_metadata_answer_as_the_protocol_says() {
        assertTrue(client.stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
        assertTrue(client.stub.serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
        ServerMetadataResponse meta = client.stub.serverMetadata(ServerMetadataRequest.getDefaultInstance());
        assertEquals("digit-lab", meta.getName());
        assertEquals(TestServer.json(server.get("/v2")).get("version").asText(), meta.getVersion());

        ModelMetadataResponse described = client.stub.modelMetadata(ModelMetadataRequest.newBuilder().setName(model).build());
        assertEquals(model, described.getName());
        assertEquals(List.of(httpVersion()), described.getVersionsList());
        assertEquals("onnxruntime_onnx", described.getPlatform());
        assertEquals("pixels", described.getInputs(0).getName());
        assertEquals("FP32", described.getInputs(0).getDatatype());
        assertEquals(List.of(-1L, 784L), described.getInputs(0).getShapeList());
        assertEquals("probabilities", described.getOutputs(0).getName());
        assertEquals(List.of(-1L, 10L), described.getOutputs(0).getShapeList());
        assertTrue(client.stub.modelReady(ModelReadyRequest.newBuilder().setName(model).build()).getReady());
        assertTrue(client.stub.modelReady(ModelReadyRequest.newBuilder().setName(model).setVersion(httpVersion()).build()).getReady());
    }

    @Test
    void the_standard_health_service_answers_serving_for_the_server_and_the_inference_service() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(client.channel);
        assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
        assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.newBuilder()
                .setService("inference.GRPCInferenceService").build()).getStatus());
        assertStatus(Status.Code.NOT_FOUND, () -> health.check(HealthCheckRequest.newBuilder().setService("nope").build()));
    }

    @Test
    void a_batch_of_64_in_raw_contents_is_answered_raw_with_what_ONNX_Runtime_gives() throws Exception {
        int rows = 64;
        float[] pixels = digits(rows);
        ModelInferResponse answer = client.stub.modelInfer(GrpcClient.raw(model, pixels, rows).setId("req-7").build());
        assertEquals(model, answer.getModelName());
        assertEquals(httpVersion(), answer.getModelVersion());
        assertEquals("req-7", answer.getId());
        assertEquals("probabilities", answer.getOutputs(0).getName());
        assertEquals("FP32", answer.getOutputs(0).getDatatype());
        assertEquals(List.of((long) rows, 10L), answer.getOutputs(0).getShapeList());
        assertEquals(0, answer.getOutputs(0).getContents().getFp32ContentsCount(), "raw in, raw out");
        assertClose(expected(pixels, rows), GrpcClient.rawOutput(answer));
    }

    @Test
    void one_digit_in_typed_contents_is_answered_in_typed_contents() throws Exception {
        float[] pixels = Mnist.pixels(3);
        ModelInferResponse answer = client.stub.modelInfer(GrpcClient.typed(model, pixels, 1)
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("probabilities")).build());
        assertEquals(0, answer.getRawOutputContentsCount());
        assertEquals(List.of(1L, 10L), answer.getOutputs(0).getShapeList());
        assertFalse(answer.hasField(ModelInferResponse.getDescriptor().findFieldByName("id")), "no id sent, none echoed");
        List<Float> typed = answer.getOutputs(0).getContents().getFp32ContentsList();
        float[] got = new float[typed.size()];
        for (int i = 0; i < got.length; i++) {
            got[i] = typed.get(i);
        }
        assertClose(expected(pixels, 1), got);
    }

    @Test
    void the_served_model_version_is_answered_and_any_other_is_not_found() {
        ModelInferRequest.Builder request = GrpcClient.raw(model, Mnist.pixels(0), 1);
        assertEquals(httpVersion(), client.stub.modelInfer(request.setModelVersion(httpVersion()).build()).getModelVersion());
        assertStatus(Status.Code.NOT_FOUND, () -> client.stub.modelInfer(request.setModelVersion("000000000000").build()));
        assertStatus(Status.Code.NOT_FOUND, () -> client.stub.modelReady(ModelReadyRequest.newBuilder().setName(model).setVersion("7").build()));
    }

    @Test
    void each_kind_of_bad_request_gets_its_status_with_one_plain_sentence() {
        float[] one = Mnist.pixels(0);
        assertStatus(Status.Code.NOT_FOUND, () -> client.stub.modelInfer(GrpcClient.raw("nope", one, 1).build()));
        assertStatus(Status.Code.NOT_FOUND, () -> client.stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("nope").build()));
        assertStatus(Status.Code.NOT_FOUND, () -> client.stub.modelReady(ModelReadyRequest.newBuilder().setName("nope").build()));
        // Wrong name, datatype, shape, value count, values.
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.stub.modelInfer(GrpcClient.raw(model, one, 1)
                .setInputs(0, GrpcClient.input("input", "FP32", 1, 784)).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.stub.modelInfer(GrpcClient.raw(model, one, 1)
                .setInputs(0, GrpcClient.input("pixels", "FP64", 1, 784)).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.stub.modelInfer(GrpcClient.raw(model, one, 1)
                .setInputs(0, GrpcClient.input("pixels", "FP32", 28, 28)).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.stub.modelInfer(GrpcClient.raw(model, one, 1)
                .setInputs(0, GrpcClient.input("pixels", "FP32", 2, 784)).build()));
        float[] bright = one.clone();
        bright[400] = 255f;
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.stub.modelInfer(GrpcClient.typed(model, bright, 1).build()));
        // Both kinds of contents, no input, an output it does not have, a parameter it would ignore.
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.stub.modelInfer(GrpcClient.raw(model, one, 1)
                .setInputs(0, GrpcClient.typed(model, one, 1).getInputs(0)).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.stub.modelInfer(ModelInferRequest.newBuilder().setModelName(model).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.stub.modelInfer(GrpcClient.raw(model, one, 1)
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("logits")).build()));
        StatusRuntimeException priority = assertStatus(Status.Code.INVALID_ARGUMENT, () -> client.stub.modelInfer(
                GrpcClient.raw(model, one, 1).putParameters("priority", InferParameter.newBuilder().setUint64Param(3).build()).build()));
        assertTrue(priority.getStatus().getDescription().contains("'priority'"), priority.getStatus().getDescription());
    }

    @Test
    void more_than_a_budget_allows_is_resource_exhausted() {
        // More digits than one call is answered for, declared by the shape.
        assertStatus(Status.Code.RESOURCE_EXHAUSTED, () -> client.stub.modelInfer(GrpcClient.raw(model, Mnist.pixels(0), 1)
                .setInputs(0, GrpcClient.input("pixels", "FP32", 10_001, 784)).build()));
        // A message larger than the body limit: 3400 digits are 10.7 MB against 10 MiB.
        int rows = 3400;
        StatusRuntimeException large = assertThrows(StatusRuntimeException.class,
                () -> client.stub.modelInfer(GrpcClient.raw(model, new float[rows * 784], rows).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, large.getStatus().getCode(), large.toString());
        // The server is no worse for either.
        assertEquals(1, client.stub.modelInfer(GrpcClient.raw(model, Mnist.pixels(0), 1).build()).getOutputs(0).getShape(0));
    }

    @Test
    void grpc_calls_are_counted_in_metrics_by_method_and_status() {
        client.stub.serverLive(ServerLiveRequest.getDefaultInstance());
        assertStatus(Status.Code.NOT_FOUND, () -> client.stub.modelMetadata(ModelMetadataRequest.newBuilder().setName("gone").build()));
        String metrics = server.get("/metrics").body();
        assertTrue(metrics.contains("digitlab_grpc_calls_total{code=\"OK\",method=\"inference.GRPCInferenceService/ServerLive\"}"), metrics);
        assertTrue(metrics.contains("digitlab_grpc_calls_total{code=\"NOT_FOUND\",method=\"inference.GRPCInferenceService/ModelMetadata\"}"), metrics);
        assertTrue(metrics.contains("digitlab_grpc_call_duration_seconds_count{method=\"inference.GRPCInferenceService/ServerLive\"}"), metrics);
        assertTrue(metrics.contains("digitlab_grpc_calls_in_flight"), metrics);
    }

    /** The status the call fails with, and its message: one plain sentence, no stack trace. */
    static StatusRuntimeException assertStatus(Status.Code code, Supplier<?> call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::get);
        assertEquals(code, e.getStatus().getCode(), e.toString());
        String message = e.getStatus().getDescription();
        assertTrue(message != null && !message.isBlank() && message.length() < 1024, e.toString());
        assertFalse(message.contains("\tat ") || message.contains("Exception"), message);
        assertFalse(message.strip().contains("\n"), message);
        return e;
    }

    private static String httpVersion() {
        return TestServer.json(server.get("/v2/models/" + model)).get("versions").get(0).asText();
    }

    static float[] digits(int rows) {
        float[] pixels = new float[rows * 784];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(Mnist.pixels(r), 0, pixels, r * 784, 784);
        }
        return pixels;
    }

    /** What a separate ONNX Runtime session answers for the same pixels. */
    private static float[] expected(float[] pixels, int rows) throws Exception {
        try (ReferenceRuntime ref = new ReferenceRuntime(TestServer.FIXTURES.resolve(model + ".onnx"))) {
            return ref.probabilities(pixels, rows);
        }
    }

    private static void assertClose(float[] expected, float[] got) {
        assertEquals(expected.length, got.length);
        for (int k = 0; k < got.length; k++) {
            assertEquals(expected[k], got[k], 1e-6, "value " + k);
        }
    }
}
