package digitlab.serving.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends a fixed number of requests from concurrent clients, each waiting for its answer before
 * sending the next (closed loop), and measures throughput and latency percentiles. Each client is a
 * thread with its own connection (a keep-alive socket, {@link KeepAliveConnection}, or a gRPC channel,
 * {@link GrpcConnection}) and requests formatted before the clock starts, so the client takes as little
 * of the shared CPU as it can.
 */
public final class LoadRun {
    /** One request body, its content type and any further header (e.g. the binary extension's), or "". */
    public record Body(String contentType, byte[] bytes, String extraHeader) {
        public Body(String contentType, byte[] bytes) {
            this(contentType, bytes, "");
        }
    }

    /** One client's connection, opened on the client's own thread; sends request {@code i}, true when answered OK. */
    public interface Connection extends AutoCloseable {
        boolean send(int i) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** Opens a client's connection: a keep-alive HTTP/1.1 socket, or a gRPC channel. */
    public interface Connector {
        Connection open() throws IOException;
    }

    /** What a run measured; latencies in milliseconds, {@code sortedMillis} each request's. */
    public record Result(int clients, int requests, int errors, double seconds, double[] sortedMillis) {
        public double requestsPerSecond() {
            return requests / seconds;
        }

        public double p50() {
            return percentile(sortedMillis, 50);
        }

        public double p95() {
            return percentile(sortedMillis, 95);
        }

        public double p99() {
            return percentile(sortedMillis, 99);
        }

        /** Several runs at the same client count as one: their requests over their summed time, latencies pooled. */
        public static Result pool(List<Result> runs) {
            double[] all = runs.stream().flatMapToDouble(r -> Arrays.stream(r.sortedMillis())).sorted().toArray();
            return new Result(runs.get(0).clients(), runs.stream().mapToInt(Result::requests).sum(),
                    runs.stream().mapToInt(Result::errors).sum(), runs.stream().mapToDouble(Result::seconds).sum(), all);
        }
    }

    /** POSTs of {@code bodies} to {@code target}, cycled, over keep-alive HTTP/1.1 connections. */
    public Result run(URI target, List<Body> bodies, int clients, int requests) throws InterruptedException {
        List<byte[]> formatted = bodies.stream().map(b -> KeepAliveConnection.post(target, b)).toList();
        return run(() -> {
            KeepAliveConnection http = new KeepAliveConnection(target);
            return new Connection() {
                @Override
                public boolean send(int i) throws IOException {
                    return http.send(formatted.get(i % formatted.size())) == 200;
                }

                @Override
                public void close() throws IOException {
                    http.close();
                }
            };
        }, clients, requests);
    }

    /** {@code requests} in all from {@code clients} threads, each over its own connection from {@code connector}. */
    public Result run(Connector connector, int clients, int requests) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        double[] latencies = new double[requests];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread client = new Thread(() -> {
                Connection connection = null;
                for (int i; (i = next.getAndIncrement()) < requests; ) {
                    long t0 = System.nanoTime();
                    try {
                        if (connection == null) {
                            connection = connector.open();
                        }
                        if (!connection.send(i)) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException | RuntimeException e) {
                        errors.incrementAndGet();
                        connection = closeQuietly(connection); // the next request opens a fresh one
                    }
                    latencies[i] = (System.nanoTime() - t0) / 1e6;
                }
                closeQuietly(connection);
            }, "bench-client-" + c);
            client.start();
            threads.add(client);
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return new Result(clients, requests, errors.get(), seconds, latencies);
    }

    private static Connection closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                // Already failed or done; nothing to report.
            }
        }
        return null;
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
