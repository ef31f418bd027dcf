package digitlab.serving.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON single with dynamic batching off and on, measured in alternation in one run (so the machine's
 * noise falls on both alike) and printed side by side, with how many digits each ONNX Runtime call
 * answered on average when batching was on: 1.0 means it never merged anything.
 */
public final class BatchingComparison {
    private static final String HEADER = "%7s | %9s %8s %8s | %9s %8s %8s | %7s %14s%n";
    private static final String ROW = "%7d | %9.0f %8.2f %8.2f | %9.0f %8.2f %8.2f | %6.0f%% %14.2f%n";

    private record Pair(LoadRun.Result off, LoadRun.Result on, double digitsPerCall) {}

    private final long windowMicros;
    private final List<Pair> pairs = new ArrayList<>();

    public BatchingComparison(long windowMicros) {
        this.windowMicros = windowMicros;
    }

    /** @param digitsPerCall rows the batching server's model ran per ONNX Runtime call during {@code on} */
    public void add(LoadRun.Result off, LoadRun.Result on, double digitsPerCall) {
        pairs.add(new Pair(off, on, digitsPerCall));
    }

    public void print(PrintWriter out) {
        if (pairs.isEmpty()) {
            return;
        }
        out.println();
        out.printf("Dynamic batching, json x1, off vs on (window %d µs), alternating in this run:%n", windowMicros);
        out.printf(HEADER, "clients", "off req/s", "p50 ms", "p99 ms", "on req/s", "p50 ms", "p99 ms", "on/off",
                "digits/ORT call");
        for (Pair p : pairs) {
            out.printf(ROW, p.off().clients(), p.off().requestsPerSecond(), p.off().p50(), p.off().p99(),
                    p.on().requestsPerSecond(), p.on().p50(), p.on().p99(),
                    100 * p.on().requestsPerSecond() / p.off().requestsPerSecond(), p.digitsPerCall());
        }
        out.flush();
    }
}
