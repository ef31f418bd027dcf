package digitlab.serving.grpc;

import digitlab.serving.grpc.proto.GRPCInferenceServiceGrpc;
import digitlab.serving.http.Quote;
import digitlab.serving.service.OpenInferenceService;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.util.Set;

/**
 * The standard {@code grpc.health.v1.Health} check, as Kubernetes' gRPC probes ask it: SERVING once a
 * model is loaded (the protocol's server readiness), NOT_SERVING before that and while draining. The
 * whole server ({@code ""}) and the inference service answer the same; any other name is NOT_FOUND.
 * Watch is not offered (UNIMPLEMENTED), which tells a client to check instead.
 */
final class GrpcHealthService extends HealthGrpc.HealthImplBase {
    private static final Set<String> SERVICES = Set.of("", GRPCInferenceServiceGrpc.SERVICE_NAME);

    private final OpenInferenceService protocol;
    private volatile boolean draining;

    GrpcHealthService(OpenInferenceService protocol) {
        this.protocol = protocol;
    }

    void draining() {
        draining = true;
    }

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
        if (!SERVICES.contains(request.getService())) {
            out.onError(Status.NOT_FOUND.withDescription("There is no service '" + Quote.brief(request.getService())
                    + "' here; ask '' or '" + GRPCInferenceServiceGrpc.SERVICE_NAME + "'.").asRuntimeException());
            return;
        }
        boolean serving = !draining && protocol.serverNotReady().isEmpty();
        out.onNext(HealthCheckResponse.newBuilder().setStatus(serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING).build());
        out.onCompleted();
    }
}
