package digitlab.serving.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import digitlab.core.cli.Cli;
import digitlab.serving.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
    @Test
    void bench_serve_measures_each_client_count_without_errors() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("--models", TestServer.FIXTURES.toString(), "--data", TestServer.DATA.toString(),
                "--requests", "30", "--warmup", "10", "--clients", "1,3", "--threads", "1", "--as", "png");
        assertEquals(0, code, out.toString());
        List<String> rows = out.toString().lines().filter(l -> l.startsWith("1 ")).toList();
        assertEquals(2, rows.size(), out.toString());
        for (String row : rows) {
            String[] cells = row.trim().split("\\s+");
            assertEquals("30", cells[2], row);
            assertEquals("0", cells[cells.length - 1], "no request failed: " + row);
        }
    }

    @Test
    void bench_with_a_bad_option_value_is_a_usage_error() {
        assertEquals(Cli.USAGE_ERROR, Cli.run(new ServingCli(), "bench", "--as", "tiff", "--models", "target/none"));
    }
}
