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
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every gRPC call from its headers to its end: counted while in flight (a drain waits on that number,
 * a probe sees it in /metrics), refused RESOURCE_EXHAUSTED beyond the bound, ended DEADLINE_EXCEEDED
 * when its request has not fully arrived in time (so stalled clients cannot keep the bound's slots), and
 * recorded in the metrics by method and status code when it ends, whether it was answered, refused,
 * cancelled or ran out of time.
 */
final class CallAccounting implements ServerInterceptor {
    /** Ends calls whose request is late; one thread for the whole JVM, as each check is tiny. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "grpc-arrival-timer");
        t.setDaemon(true);
        return t;
    });
    private static final int ARRIVING = 0;
    private static final int ARRIVED = 1;
    private static final int LATE = 2;

    private final int maxCalls;
    private final Duration arrivalTimeout;
    private final Metrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();

    CallAccounting(int maxCalls, Duration arrivalTimeout, Metrics metrics) {
        this.maxCalls = maxCalls;
        this.arrivalTimeout = arrivalTimeout;
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
        // Whichever comes first, the request's end or the timer, decides; the other then does nothing, so the
        // call is never closed by the timer while its handler runs.
        AtomicInteger arrival = new AtomicInteger(ARRIVING);
        ScheduledFuture<?> late = TIMER.schedule(() -> {
            if (arrival.compareAndSet(ARRIVING, LATE)) {
                counted.close(Status.DEADLINE_EXCEEDED.withDescription("The request did not arrive within "
                        + arrivalTimeout.toSeconds() + " s of the call's start."), new Metadata());
            }
        }, arrivalTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onHalfClose() {
                if (arrival.compareAndSet(ARRIVING, ARRIVED)) {
                    late.cancel(false);
                    super.onHalfClose();
                }
            }

            @Override
            public void onMessage(Q message) {
                if (arrival.get() != LATE) {
                    super.onMessage(message);
                }
            }

            @Override
            public void onComplete() {
                late.cancel(false);
                super.onComplete();
            }

            @Override
            public void onCancel() {
                late.cancel(false);
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
