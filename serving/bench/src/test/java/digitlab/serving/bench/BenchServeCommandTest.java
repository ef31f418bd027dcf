package digitlab.serving.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.cli.Cli;
import digitlab.serving.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchServeCommandTest {
    private static final List<String> ENDPOINTS = List.of("floor", "json x1", "json x1 batched", "png x1", "json x4",
            "v2 json x1", "v2 binary x1", "v2 json x4", "v2 binary x4", "grpc x1", "grpc x4");

    @Test
    void one_run_reports_every_endpoint_at_every_client_count_and_the_in_process_lines() {
        String out = bench("--models", TestServer.FIXTURES.toString(), "--data", TestServer.DATA.toString(),
                "--requests", "16", "--warmup", "8", "--clients", "1,3", "--batch", "4", "--inference-calls", "200");

        assertTrue(out.contains("cores"), out);
        for (String endpoint : ENDPOINTS) {
            for (String clients : List.of("1", "3")) {
                String[] cells = row(out, endpoint, clients);
                assertTrue(Double.parseDouble(cells[4]) > 0, "positive req/s: " + String.join(" ", cells));
                assertEquals("0", cells[8], "no request failed: " + String.join(" ", cells));
                // Every /predict row is read against the floor at the same client count.
                assertEquals(!endpoint.equals("floor"), cells.length == 10, String.join(" ", cells));
            }
        }
        assertEquals("16", row(out, "png x1", "1")[3]);
        assertEquals("64", row(out, "json x1", "1")[3], "json x1 takes 4 turns with its batching twin");
        assertEquals("64", row(out, "json x1 batched", "1")[3]);
        assertEquals("2", row(out, "json x4", "1")[3], "batch rows send an eighth as many requests");
        assertEquals("16", row(out, "grpc x1", "1")[3]);
        assertEquals("2", row(out, "grpc x4", "3")[3]);

        // The side-by-side table: one line per client count, batching never answering fewer than 1 digit per call.
        Matcher sideBySide = Pattern.compile("(?m)^\\s+(\\d+) \\|.*\\|.*\\|\\s+\\d+%\\s+([0-9.]+)$").matcher(out);
        int lines = 0;
        while (sideBySide.find()) {
            lines++;
            assertTrue(Double.parseDouble(sideBySide.group(2)) >= 1.0, sideBySide.group());
        }
        assertEquals(2, lines, out);

        Matcher inference = Pattern.compile("threads 1: median ([0-9.]+) µs, p99 ([0-9.]+) µs").matcher(out);
        assertTrue(inference.find(), out);
        assertTrue(Double.parseDouble(inference.group(1)) > 0, out);
        assertTrue(Double.parseDouble(inference.group(2)) >= Double.parseDouble(inference.group(1)), out);
        Matcher ready = Pattern.compile("Ready time .*: median ([0-9.]+) ms of 3 starts").matcher(out);
        assertTrue(ready.find(), out);
        assertTrue(Double.parseDouble(ready.group(1)) > 0, out);
    }

    @Test
    void against_a_running_server_only_the_predict_rows_are_measured() throws Exception {
        try (TestServer server = TestServer.withFixtures()) {
            String out = bench("--url", server.url(""), "--data", TestServer.DATA.toString(),
                    "--requests", "8", "--warmup", "4", "--clients", "2", "--batch", "4");
            for (String endpoint : List.of("json x1", "png x1", "json x4")) {
                assertEquals("0", row(out, endpoint, "2")[8], out);
            }
            assertTrue(out.lines().noneMatch(l -> l.startsWith("-       floor")), out);
            assertTrue(!out.contains("µs") && !out.contains("Ready time"), out);
        }
    }

    @Test
    void bench_with_a_bad_option_value_is_a_usage_error() {
        assertEquals(Cli.USAGE_ERROR, Cli.run(new ServeBenchCli(), "serve", "--clients", "0", "--models", "target/none"));
    }

    private static String bench(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchServeCommand());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute(args);
        assertEquals(0, code, out.toString());
        return out.toString();
    }

    /** The table row for an endpoint and client count, split on runs of spaces with the endpoint kept whole. */
    private static String[] row(String out, String endpoint, String clients) {
        Pattern row = Pattern.compile("^\\S+\\s+" + Pattern.quote(endpoint) + "\\s+" + clients + "\\s.*$");
        List<String> rows = out.lines().filter(l -> row.matcher(l).matches()).toList();
        assertEquals(1, rows.size(), "one row for " + endpoint + " at " + clients + " clients:\n" + out);
        String[] cells = rows.get(0).trim().split("\\s+");
        // Glue the endpoint label ("json x1") back into one cell.
        if (endpoint.equals("floor")) {
            return cells;
        }
        int words = endpoint.split(" ").length;
        String[] joined = new String[cells.length - words + 1];
        joined[0] = cells[0];
        joined[1] = endpoint;
        System.arraycopy(cells, 1 + words, joined, 2, cells.length - 1 - words);
        return joined;
    }
}
