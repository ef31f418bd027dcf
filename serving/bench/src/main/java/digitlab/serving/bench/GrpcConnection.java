package digitlab.serving.bench;

import digitlab.serving.grpc.proto.GRPCInferenceServiceGrpc;
import digitlab.serving.grpc.proto.ModelInferRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One bench client's gRPC connection: its own channel (one HTTP/2 connection, as each HTTP row's client
 * has its own socket) and grpc-java's blocking stub, sending prebuilt ModelInfer requests in turn.
 */
final class GrpcConnection implements LoadRun.Connection {
    private final ManagedChannel channel;
    private final GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub;
    private final List<ModelInferRequest> requests;

    GrpcConnection(String host, int port, List<ModelInferRequest> requests) {
        channel = Grpc.newChannelBuilderForAddress(host, port, InsecureChannelCredentials.create()).build();
        stub = GRPCInferenceServiceGrpc.newBlockingStub(channel);
        this.requests = requests;
    }

    @Override
    public boolean send(int i) {
        try {
            stub.withDeadlineAfter(60, TimeUnit.SECONDS).modelInfer(requests.get(i % requests.size()));
            return true;
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
