package digitlab.serving.grpc;

import digitlab.serving.http.Metrics;
import digitlab.serving.service.ApiKey;
import digitlab.serving.service.OpenInferenceService;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The protocol's gRPC listener beside the HTTP one: the inference service and the standard health
 * service on one port, over the same protocol object (registry, metrics) and key as HTTP.
 *
 * <p>Netty reads every connection on its event loop and hands a call to a worker thread only once its
 * request has fully arrived, so slow or stalled clients hold a socket and a buffer, never a thread.
 */
public final class GrpcServer {
    /** Calls in flight at once, over all connections; more are refused RESOURCE_EXHAUSTED. */
    public static final int MAX_CONCURRENT_CALLS = 200;
    /** Streams one connection may hold open, so one client cannot take every slot by itself. */
    static final int MAX_CALLS_PER_CONNECTION = 100;
    /** How long a call's request may take to arrive after its headers; then the call ends DEADLINE_EXCEEDED. */
    public static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(30);
    /** Threads that run calls: the work is CPU-bound and never waits on a client, so a few are plenty. */
    static final int WORKER_THREADS = 16;

    /**
     * grpc-java logs a message over the size limit with a stack trace at WARNING; the client is already
     * told (RESOURCE_EXHAUSTED, with the sizes) and /metrics counts it, so one client's mistake does not
     * fill the log. Held here: java.util.logging keeps its loggers only weakly.
     */
    private static final Logger DEFRAME_FAILURES = Logger.getLogger(
            "io.grpc.netty.shaded.io.grpc.netty.NettyServerStream");

    static {
        DEFRAME_FAILURES.setLevel(Level.SEVERE);
    }

    private final Server server;
    private final ExecutorService workers;
    private final CallAccounting calls;
    private final GrpcHealthService health;

    private GrpcServer(String host, int port, long maxMessageBytes, int maxCalls, Duration arrivalTimeout,
            OpenInferenceService protocol, ApiKey key, Metrics metrics) {
        AtomicInteger threads = new AtomicInteger();
        workers = Executors.newFixedThreadPool(WORKER_THREADS, r -> {
            Thread t = new Thread(r, "grpc-call-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        calls = new CallAccounting(maxCalls, arrivalTimeout, metrics);
        health = new GrpcHealthService(protocol);
        server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .executor(workers)
                // The same budget as an HTTP body: a larger message is refused RESOURCE_EXHAUSTED before it is kept.
                .maxInboundMessageSize((int) Math.min(maxMessageBytes, Integer.MAX_VALUE))
                .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
                // A connection that never finishes its TLS-less HTTP/2 preface is dropped, not kept for the default 2 min.
                .handshakeTimeout(10, TimeUnit.SECONDS)
                // Dead peers are found by pings; clients may ping at most every 30 s (more often is a GOAWAY).
                .keepAliveTime(2, TimeUnit.MINUTES)
                .keepAliveTimeout(20, TimeUnit.SECONDS)
                .permitKeepAliveTime(30, TimeUnit.SECONDS)
                .maxConnectionIdle(10, TimeUnit.MINUTES)
                // HTTP/2 "rapid reset": a client opening and cancelling streams in a loop gets a GOAWAY.
                .maxRstFramesPerWindow(200, 10)
                .addService(ServerInterceptors.intercept(new GrpcInferenceService(protocol), new ApiKeyCheck(key)))
                .addService(health)
                .intercept(calls)
                .build();
        try {
            server.start();
        } catch (IOException e) {
            workers.shutdownNow();
            throw new UncheckedIOException("The gRPC port " + host + ":" + port + " could not be opened: " + e.getMessage(), e);
        }
    }

    /**
     * @param maxMessageBytes the largest request message, the HTTP body limit
     * @param apiKey empty for none
     */
    public static GrpcServer start(String host, int port, long maxMessageBytes, OpenInferenceService protocol,
            String apiKey, Metrics metrics) {
        return new GrpcServer(host, port, maxMessageBytes, MAX_CONCURRENT_CALLS, ARRIVAL_TIMEOUT, protocol,
                new ApiKey(apiKey), metrics);
    }

    /** The same with its own bound on calls in flight and arrival timeout, for tests of those. */
    public static GrpcServer start(String host, int port, long maxMessageBytes, int maxCalls, Duration arrivalTimeout,
            OpenInferenceService protocol, String apiKey, Metrics metrics) {
        return new GrpcServer(host, port, maxMessageBytes, maxCalls, arrivalTimeout, protocol, new ApiKey(apiKey), metrics);
    }

    public int port() {
        return server.getPort();
    }

    /** Takes no new calls or connections from now on (health answers NOT_SERVING); calls in flight go on. */
    public void beginShutdown() {
        health.draining();
        server.shutdown();
    }

    /**
     * Waits up to {@code grace} for the calls in flight, then cuts off what is left.
     *
     * @return how many calls were still running when the grace ended
     */
    public int awaitDrained(Duration grace) {
        beginShutdown();
        try {
            server.awaitTermination(Math.max(0, grace.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int cutOff = server.isTerminated() ? 0 : calls.inFlight();
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        return cutOff;
    }
}
