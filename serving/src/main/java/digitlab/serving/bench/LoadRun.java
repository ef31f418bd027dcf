package digitlab.serving.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends a fixed number of requests from concurrent clients, each waiting for its answer before
 * sending the next (closed loop), and measures throughput and latency percentiles.
 */
public final class LoadRun {
    /** One request body and its content type. */
    public record Body(String contentType, byte[] bytes) {}

    /** What a run measured; latencies in milliseconds. */
    public record Result(int clients, int requests, int errors, double seconds, double p50, double p95, double p99) {
        public double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public Result run(URI target, List<Body> bodies, int clients, int requests) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        double[] latencies = new double[requests];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread client = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < requests; ) {
                    Body body = bodies.get(i % bodies.size());
                    long t0 = System.nanoTime();
                    if (!send(target, body)) {
                        errors.incrementAndGet();
                    }
                    latencies[i] = (System.nanoTime() - t0) / 1e6;
                }
            }, "bench-client-" + c);
            client.start();
            threads.add(client);
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return new Result(clients, requests, errors.get(), seconds,
                percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99));
    }

    private boolean send(URI target, Body body) {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                .header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes())).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
