package digitlab.serving.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counters and latency histograms in the Prometheus text exposition format (version 0.0.4). Routes
 * are recorded by their pattern ({@code /models/{id}}), never the raw path, so a scan of random
 * URLs cannot grow the label set without bound.
 */
public final class Metrics {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private record RequestKey(String method, String route, int status) {}

    private final Map<RequestKey, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> requestSeconds = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> digits = new ConcurrentHashMap<>();
    private final Map<String, Histogram> inferenceSeconds = new ConcurrentHashMap<>();
    private record Gauge(String help, Supplier<Number> value) {}

    private final Map<String, Gauge> gauges = new ConcurrentHashMap<>();

    private record ModelCounter(String help, Supplier<Map<String, Long>> byModel) {}

    private final Map<String, ModelCounter> modelCounters = new ConcurrentHashMap<>();

    public void recordRequest(String method, String route, int status, double seconds) {
        requests.computeIfAbsent(new RequestKey(method, route, status), k -> new LongAdder()).increment();
        requestSeconds.computeIfAbsent(route, r -> new Histogram()).observe(seconds);
    }

    /** One request's answer from {@code model} for {@code rows} digits. */
    public void recordInference(String model, int rows, double seconds) {
        digits.computeIfAbsent(model, m -> new LongAdder()).add(rows);
        inferenceSeconds.computeIfAbsent(model, m -> new Histogram()).observe(seconds);
    }

    /** A value read at scrape time, e.g. how many models are loaded. */
    public void gauge(String name, String help, Supplier<Number> value) {
        gauges.put(name, new Gauge(help, value));
    }

    /** A counter per served model, read at scrape time from the models themselves. */
    public void counterByModel(String name, String help, Supplier<Map<String, Long>> byModel) {
        modelCounters.put(name, new ModelCounter(help, byModel));
    }

    public String scrape() {
        StringBuilder out = new StringBuilder();
        header(out, "digitlab_http_requests_total", "counter", "HTTP requests answered, by method, route and status.");
        new TreeMap<String, LongAdder>(keyed(requests)).forEach((labels, n) ->
                out.append("digitlab_http_requests_total{").append(labels).append("} ").append(n.sum()).append('\n'));
        header(out, "digitlab_http_errors_total", "counter", "HTTP requests answered with a 4xx or 5xx status.");
        new TreeMap<String, LongAdder>(keyed(requests)).forEach((labels, n) -> {
            if (labels.contains("status=\"4") || labels.contains("status=\"5")) {
                out.append("digitlab_http_errors_total{").append(labels).append("} ").append(n.sum()).append('\n');
            }
        });
        header(out, "digitlab_http_request_duration_seconds", "histogram", "Time to answer an HTTP request, by route.");
        new TreeMap<>(requestSeconds).forEach((route, h) ->
                h.write(out, "digitlab_http_request_duration_seconds", "route=\"" + escape(route) + "\""));
        header(out, "digitlab_predictions_total", "counter", "Digits answered, by model.");
        new TreeMap<>(digits).forEach((model, n) -> out.append("digitlab_predictions_total{model=\"")
                .append(escape(model)).append("\"} ").append(n.sum()).append('\n'));
        header(out, "digitlab_inference_duration_seconds", "histogram", "Time a request waited for its ONNX Runtime answer (with batching, the gathering too), by model.");
        new TreeMap<>(inferenceSeconds).forEach((model, h) ->
                h.write(out, "digitlab_inference_duration_seconds", "model=\"" + escape(model) + "\""));
        new TreeMap<>(modelCounters).forEach((name, counter) -> {
            header(out, name, "counter", counter.help());
            new TreeMap<>(counter.byModel().get()).forEach((model, n) -> out.append(name).append("{model=\"")
                    .append(escape(model)).append("\"} ").append(n).append('\n'));
        });
        new TreeMap<>(gauges).forEach((name, gauge) -> {
            header(out, name, "gauge", gauge.help());
            out.append(name).append(' ').append(gauge.value().get()).append('\n');
        });
        return out.toString();
    }

    private static Map<String, LongAdder> keyed(Map<RequestKey, LongAdder> counters) {
        Map<String, LongAdder> out = new TreeMap<>();
        counters.forEach((k, n) -> out.put("method=\"" + k.method() + "\",route=\"" + escape(k.route())
                + "\",status=\"" + k.status() + "\"", n));
        return out;
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** Label values escape backslash, quote and newline, as the exposition format requires. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
