package digitlab.serving.grpc;

import digitlab.serving.grpc.proto.GRPCInferenceServiceGrpc;
import digitlab.serving.service.ApiKey;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * As over HTTP: with a key set, inference calls want it, in the metadata {@code x-api-key} or
 * {@code authorization: Bearer <key>}; health, readiness and metadata calls stay open for probes.
 */
final class ApiKeyCheck implements ServerInterceptor {
    private static final Metadata.Key<String> API_KEY = Metadata.Key.of(ApiKey.HEADER, Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String GUARDED = GRPCInferenceServiceGrpc.getModelInferMethod().getFullMethodName();

    private final ApiKey key;

    ApiKeyCheck(ApiKey key) {
        this.key = key;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        if (GUARDED.equals(call.getMethodDescriptor().getFullMethodName())
                && !key.accepts(headers.get(API_KEY), headers.get(AUTHORIZATION))) {
            call.close(Status.UNAUTHENTICATED.withDescription(ApiKey.REFUSAL), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
    }
}
