package digitlab.serving.bench;

import digitlab.serving.ServingServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/**
 * How long a server takes from {@link ServingServer#start} to its first {@code /health} that
 * reports models served: what a restart costs before traffic can be taken.
 */
public final class ReadyTimer {
    /** Milliseconds, median and all of the starts. */
    public record Result(double medianMillis, double[] millis) {}

    private static final Duration GIVE_UP = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public Result time(ServingServer.Config config, int starts) throws Exception {
        double[] millis = new double[starts];
        for (int s = 0; s < starts; s++) {
            millis[s] = timeOneStart(config);
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new Result(LoadRun.percentile(sorted, 50), millis);
    }

    private double timeOneStart(ServingServer.Config config) throws Exception {
        long t0 = System.nanoTime();
        try (ServingServer server = ServingServer.start(config)) {
            HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            long deadline = t0 + GIVE_UP.toNanos();
            while (System.nanoTime() < deadline) {
                HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                // "ok" only once at least one model is served; "no models" is up but not ready.
                if (answer.statusCode() == 200 && answer.body().contains("\"status\":\"ok\"")) {
                    return (System.nanoTime() - t0) / 1e6;
                }
                Thread.sleep(1);
            }
            throw new IllegalStateException("The server over " + config.modelsDir() + " was not ready within " + GIVE_UP);
        }
    }
}
