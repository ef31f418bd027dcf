package digitlab.serving.bench;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * The one table of HTTP rows. Each /predict row also shows its req/s as a share of the floor's at
 * the same threads and clients, which is what says whether the model or the HTTP stack is the limit.
 */
public final class ResultTable {
    private static final String HEADER = "%-7s %-16s %7s %8s %9s %8s %8s %8s %6s %9s%n";
    private static final String ROW = "%-7s %-16s %7d %8d %9.0f %8.2f %8.2f %8.2f %6d %9s%n";

    private final PrintWriter out;
    private final Map<String, Double> floorRate = new HashMap<>();
    private String bestBatch = "";
    private double bestBatchDigitsPerSecond;

    public ResultTable(PrintWriter out) {
        this.out = out;
    }

    public void header() {
        out.printf(HEADER, "threads", "endpoint", "clients", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms",
                "errors", "vs floor");
        out.flush();
    }

    public void row(String threads, Workload workload, LoadRun.Result r) {
        String key = threads + "/" + r.clients();
        String vsFloor = "";
        if (workload.floor()) {
            floorRate.put(key, r.requestsPerSecond());
        } else if (floorRate.containsKey(key)) {
            vsFloor = String.format("%.0f%%", 100 * r.requestsPerSecond() / floorRate.get(key));
        }
        double digitsPerSecond = r.requestsPerSecond() * workload.digitsPerRequest();
        if (workload.digitsPerRequest() > 1 && digitsPerSecond > bestBatchDigitsPerSecond) {
            bestBatchDigitsPerSecond = digitsPerSecond;
            bestBatch = String.format("%s at %d clients (threads %s)", workload.label(), r.clients(), threads);
        }
        out.printf(ROW, threads, workload.label(), r.clients(), r.requests(), r.requestsPerSecond(), r.p50(), r.p95(),
                r.p99(), r.errors(), vsFloor);
        out.flush();
    }

    /** Batch rows count requests; what a batching client cares about is digits per second. */
    public void printBatchSummary() {
        if (bestBatchDigitsPerSecond > 0) {
            out.printf("Batch rows in digits: at most %.0f digits/s, %s.%n", bestBatchDigitsPerSecond, bestBatch);
        }
    }
}
