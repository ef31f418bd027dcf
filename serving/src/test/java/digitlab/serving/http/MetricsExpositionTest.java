package digitlab.serving.http;

import static digitlab.serving.http.OperationsApiTest.counter;
import static digitlab.serving.http.PredictApiTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.Mnist;
import digitlab.serving.TestServer;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /metrics read as Prometheus reads it: every line parsed by the text format's grammar. */
class MetricsExpositionTest {
    /** A sample: name, optional {label="value",...}, a float (or +Inf, -Inf, NaN). */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})? "
                    + "([-+]?(?:[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?|Inf|NaN))");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern COMMENT = Pattern.compile("# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) .+");

    /** Started once for the class, closed after its last test. */
    @RegisterExtension
    static final TestServer server = TestServer.withFixtures();
    private static final String model = TestServer.fixtureIds().get(0);

    @BeforeAll
    static void measured() {
        server.awaitServedAccuracy();
    }

    @Test
    void every_line_parses_as_the_text_format_and_every_bucket_bound_is_written_canonically() {
        ok(server.postJson("/predict?model=" + model, Map.of("pixels", Mnist.pixels(0))));
        String text = server.get("/metrics").body();
        Map<String, String> types = new HashMap<>();
        Set<String> les = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                Matcher comment = COMMENT.matcher(line);
                assertTrue(comment.matches(), "comment line: " + line);
                if (comment.group(1).equals("TYPE")) {
                    assertEquals(null, types.put(comment.group(2), line.substring(line.lastIndexOf(' ') + 1)),
                            "one TYPE per family: " + line);
                }
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), "sample line: " + line);
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    if (label.group(1).equals("le")) {
                        les.add(label.group(2));
                    }
                }
            }
        }
        assertTrue(les.contains("0.001") && les.contains("0.0025") && les.contains("+Inf"), les.toString());
        for (String le : les) {
            if (!le.equals("+Inf")) {
                // The shortest plain decimal, as Prometheus writes it: 0.001 and 1.0, never 0.00100 or 1.0E-3.
                String canonical = new BigDecimal(le).stripTrailingZeros().toPlainString();
                assertTrue(le.equals(canonical) || le.equals(canonical + ".0"), "le=\"" + le + "\"");
            }
        }
        assertEquals("histogram", types.get("digitlab_http_request_duration_seconds"));
        assertEquals("counter", types.get("digitlab_http_requests_total"));
    }

    @Test
    void the_library_brings_jvm_and_process_metrics_and_no_counter_repeats_another_with_a_filter() {
        String text = server.get("/metrics").body();
        // Families registered when the server starts (jvm_gc_pause_seconds appears only after a first GC).
        for (String family : new String[] {"jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads",
                "process_cpu_usage", "process_uptime_seconds", "process_files_open_files"}) {
            assertTrue(text.contains("# TYPE " + family + " "), family + " in\n" + text);
        }
        assertFalse(text.contains("digitlab_http_errors_total"), text);
    }

    @Test
    void the_servers_own_accuracy_pass_is_labelled_apart_from_the_digits_served() {
        String before = server.get("/metrics").body();
        double accuracyRows = counter(before, "digitlab_onnx_rows_total{model=\"" + model + "\",purpose=\"accuracy\"}");
        double servedRows = counter(before, "digitlab_onnx_rows_total{model=\"" + model + "\",purpose=\"served\"}");
        assertTrue(accuracyRows >= 2000, "the test split ran through the model: " + accuracyRows);

        float[][] three = {Mnist.pixels(1), Mnist.pixels(2), Mnist.pixels(3)};
        ok(server.postJson("/predict?model=" + model, Map.of("pixels", three)));

        String after = server.get("/metrics").body();
        assertEquals(servedRows + 3, counter(after, "digitlab_onnx_rows_total{model=\"" + model + "\",purpose=\"served\"}"), after);
        assertEquals(accuracyRows, counter(after, "digitlab_onnx_rows_total{model=\"" + model + "\",purpose=\"accuracy\"}"), after);
        assertTrue(counter(after, "digitlab_predictions_total{model=\"" + model + "\"}") >= 3, after);
    }
}
