package digitlab.serving.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The server's metrics, kept and written in the Prometheus text format by Micrometer's Prometheus
 * registry, with the JVM's and the process's own metrics beside them. Routes are recorded by their
 * pattern ({@code /models/{id}}), never the raw path, so a scan of random URLs cannot grow the label set.
 */
public final class Metrics {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /**
     * From 1 ms (a request answered at once) to 10 s (a slow multipart batch). Nothing below 1 ms: the
     * client library writes such a bound as 5.0E-4, not the canonical 0.0005; sub-millisecond times still
     * show in each series' _sum, _count and _max.
     */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofNanos(2_500_000),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<ModelCounters> modelCounters = new CopyOnWriteArrayList<>();
    private final Map<RequestSeries, RequestMeters> requestMeters = new ConcurrentHashMap<>();
    private final Map<String, RequestMeters> inferenceMeters = new ConcurrentHashMap<>();

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        // Its GC notification listener lives as long as the JVM; one registry per server, so that is fine.
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** One answered request; errors are the 4xx and 5xx values of {@code status}, not a counter of their own. */
    public void recordRequest(String method, String route, int status, double seconds) {
        RequestMeters meters = requestMeters.computeIfAbsent(new RequestSeries(method, route, status), this::requestMeters);
        meters.count().increment();
        meters.duration().record(nanos(seconds), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * Looked up by the registry for every request (tags sorted, an id built, a map searched), the
     * series were a tenth of /health's own work; kept here, one map lookup. The keys are as bounded as
     * the labels: methods, route patterns and statuses.
     */
    private RequestMeters requestMeters(RequestSeries series) {
        return new RequestMeters(Counter.builder("digitlab_http_requests")
                .description("HTTP requests answered, by method, route and status.")
                .tags("method", series.method(), "route", series.route(), "status", Integer.toString(series.status()))
                .register(registry),
                timer("digitlab_http_request_duration", "Time to answer an HTTP request, by route.", "route", series.route()));
    }

    private record RequestSeries(String method, String route, int status) {}

    /** A series' counter and timer, for a request or for a model's answers. */
    private record RequestMeters(Counter count, Timer duration) {}

    /**
     * One gRPC call ended, by its method ({@code inference.GRPCInferenceService/ModelInfer}) and status code
     * ({@code OK}, {@code NOT_FOUND}, ...): the method set is fixed by the services, so the labels stay bounded.
     */
    public void recordGrpcCall(String method, String code, double seconds) {
        Counter.builder("digitlab_grpc_calls").description("gRPC calls ended, by method and status code.")
                .tags("method", method, "code", code).register(registry).increment();
        timer("digitlab_grpc_call_duration", "Time from a gRPC call's start to its end, by method.", "method", method)
                .record(nanos(seconds), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** One request's answer from {@code model} for {@code rows} digits. */
    public void recordInference(String model, int rows, double seconds) {
        RequestMeters meters = inferenceMeters.computeIfAbsent(model, this::inferenceMeters);
        meters.count().increment(rows);
        meters.duration().record(nanos(seconds), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Kept per model for the same reason as the request meters; as many as the registry itself keeps. */
    private RequestMeters inferenceMeters(String model) {
        return new RequestMeters(Counter.builder("digitlab_predictions").description("Digits answered to clients, by model.")
                .tags("model", model).register(registry),
                timer("digitlab_inference_duration", "Time a request waited for its ONNX Runtime answer (with batching, "
                        + "the gathering too), by model.", "model", model));
    }

    /** A value read at scrape time, e.g. how many models are loaded. */
    public void gauge(String name, String help, Supplier<Number> value) {
        Gauge.builder(name, value).description(help).strongReference(true).register(registry);
    }

    /**
     * A counter per served model, read at scrape time from the models themselves, with {@code tags}
     * added (e.g. which calls it counts). Models come and go, so the series follow the models served.
     */
    public void counterByModel(String name, String help, Tags tags, Supplier<Map<String, Long>> byModel) {
        modelCounters.add(new ModelCounters(name, help, tags, byModel));
    }

    public String scrape() {
        modelCounters.forEach(ModelCounters::follow);
        return registry.scrape();
    }

    private Timer timer(String name, String help, String tag, String value) {
        return Timer.builder(name).description(help).tags(tag, value).serviceLevelObjectives(BUCKETS).register(registry);
    }

    private static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }

    /** The per-model series of one counter: added for models that appear, removed for models that left. */
    private final class ModelCounters {
        private final String name;
        private final String help;
        private final Tags tags;
        private final Supplier<Map<String, Long>> byModel;
        private volatile Map<String, Long> latest = Map.of();
        private final Map<String, Meter.Id> series = new ConcurrentHashMap<>();

        ModelCounters(String name, String help, Tags tags, Supplier<Map<String, Long>> byModel) {
            this.name = name;
            this.help = help;
            this.tags = tags;
            this.byModel = byModel;
        }

        synchronized void follow() {
            latest = Map.copyOf(byModel.get());
            latest.keySet().forEach(model -> series.computeIfAbsent(model, m -> FunctionCounter
                    .builder(name, this, self -> self.latest.getOrDefault(m, 0L))
                    .description(help).tags(tags).tag("model", m).register(registry).getId()));
            series.keySet().removeIf(model -> {
                if (latest.containsKey(model)) {
                    return false;
                }
                registry.remove(series.get(model));
                return true;
            });
        }
    }
}
