package digitlab.serving.grpc;

import digitlab.serving.http.Metrics;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every gRPC call from its headers to its end: counted while in flight (a drain waits on that number,
 * a probe sees it in /metrics), refused RESOURCE_EXHAUSTED beyond the bound, and recorded in the metrics
 * by method and status code when it ends, whether it was answered, refused, cancelled or ran out of time.
 */
final class CallAccounting implements ServerInterceptor {
    private final int maxCalls;
    private final Metrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();

    CallAccounting(int maxCalls, Metrics metrics) {
        this.maxCalls = maxCalls;
        this.metrics = metrics;
        metrics.gauge("digitlab_grpc_calls_in_flight", "gRPC calls started and not yet ended.", inFlight::get);
    }

    int inFlight() {
        return inFlight.get();
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        long start = System.nanoTime();
        if (inFlight.incrementAndGet() > maxCalls) {
            inFlight.decrementAndGet();
            call.close(Status.RESOURCE_EXHAUSTED.withDescription("The server is answering " + maxCalls
                    + " calls already; retry shortly."), new Metadata());
            record(method, Status.Code.RESOURCE_EXHAUSTED, start);
            return new ServerCall.Listener<>() {};
        }
        AtomicBoolean ended = new AtomicBoolean();
        ServerCall<Q, A> counted = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                try {
                    super.close(status, trailers);
                } finally {
                    end(ended, method, status.getCode(), start);
                }
            }
        };
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(counted, headers);
        } catch (RuntimeException e) {
            end(ended, method, Status.Code.INTERNAL, start);
            throw e;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onCancel() {
                try {
                    super.onCancel();
                } finally {
                    // By the server's own deadline, or by the client (which also cancels when its own clock
                    // reaches the same deadline first: then it counts as CANCELLED here).
                    Deadline deadline = Context.current().getDeadline();
                    end(ended, method, deadline != null && deadline.isExpired() ? Status.Code.DEADLINE_EXCEEDED
                            : Status.Code.CANCELLED, start);
                }
            }
        };
    }

    private void end(AtomicBoolean ended, String method, Status.Code code, long start) {
        if (ended.compareAndSet(false, true)) {
            inFlight.decrementAndGet();
            record(method, code, start);
        }
    }

    private void record(String method, Status.Code code, long start) {
        metrics.recordGrpcCall(method, code.name(), (System.nanoTime() - start) / 1e9);
    }
}
