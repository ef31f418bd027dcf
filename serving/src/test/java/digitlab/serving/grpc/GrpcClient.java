package digitlab.serving.grpc;

import com.google.protobuf.ByteString;
import digitlab.serving.grpc.proto.GRPCInferenceServiceGrpc;
import digitlab.serving.grpc.proto.InferTensorContents;
import digitlab.serving.grpc.proto.ModelInferRequest;
import digitlab.serving.grpc.proto.ModelInferResponse;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** grpc-java's own client on loopback, with the request shapes the tests send. */
public final class GrpcClient implements AutoCloseable {
    public final ManagedChannel channel;
    public final GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;

    public GrpcClient(int port) {
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build();
        stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    /** {@code rows x 784} pixels as one FP32 input tensor sent in raw_input_contents, little-endian. */
    public static ModelInferRequest.Builder raw(String model, float[] pixels, int rows) {
        ByteBuffer bytes = ByteBuffer.allocate(pixels.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(pixels);
        return ModelInferRequest.newBuilder().setModelName(model)
                .addInputs(input("pixels", "FP32", rows, 784))
                .addRawInputContents(ByteString.copyFrom(bytes.array()));
    }

    /** The same as typed contents (fp32_contents). */
    static ModelInferRequest.Builder typed(String model, float[] pixels, int rows) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (float p : pixels) {
            contents.addFp32Contents(p);
        }
        return ModelInferRequest.newBuilder().setModelName(model)
                .addInputs(input("pixels", "FP32", rows, 784).setContents(contents));
    }

    static ModelInferRequest.InferInputTensor.Builder input(String name, String datatype, long... shape) {
        ModelInferRequest.InferInputTensor.Builder input = ModelInferRequest.InferInputTensor.newBuilder()
                .setName(name).setDatatype(datatype);
        for (long d : shape) {
            input.addShape(d);
        }
        return input;
    }

    public static float[] rawOutput(ModelInferResponse response) {
        ByteBuffer bytes = response.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(out);
        return out;
    }

    /**
     * ModelInfer as the wire sees it, but declared of unknown type: for a unary call grpc-java holds the
     * headers back until the request goes with them, and a stalled client must show its headers alone.
     */
    private static final MethodDescriptor<ModelInferRequest, ModelInferResponse> HEADERS_FIRST =
            GRPCInferenceServiceGrpc.getModelInferMethod().toBuilder().setType(MethodDescriptor.MethodType.UNKNOWN).build();

    /**
     * A ModelInfer call whose headers are sent but whose request is not (a client stalled mid-call):
     * {@link Stalled#finish} sends it later; {@link Stalled#closed} completes with the call's status.
     */
    public Stalled stalled(CallOptions options, Metadata headers) {
        ClientCall<ModelInferRequest, ModelInferResponse> call = channel.newCall(HEADERS_FIRST, options);
        Stalled stalled = new Stalled(call);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(ModelInferResponse message) {
                stalled.answer = message;
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                stalled.closed.complete(status);
            }
        }, headers);
        call.request(1);
        return stalled;
    }

    public static final class Stalled {
        public final ClientCall<ModelInferRequest, ModelInferResponse> call;
        public final CompletableFuture<Status> closed = new CompletableFuture<>();
        public volatile ModelInferResponse answer;

        Stalled(ClientCall<ModelInferRequest, ModelInferResponse> call) {
            this.call = call;
        }

        public void finish(ModelInferRequest request) {
            call.sendMessage(request);
            call.halfClose();
        }
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
}
