package digitlab.serving.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServeCommandTest {
    @Test
    void serve_help_names_every_option_with_its_default() {
        String help = captureOut(() -> assertEquals(0, Cli.run(new ServingCli(), "serve", "--help")));
        for (String option : new String[] {"--models", "--data", "--port", "--host", "--watch-interval", "--threads",
                "--max-body-mb", "--max-image-side", "--cors-origin", "--api-key", "--grpc-port"}) {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
        assertTrue(help.contains("7070"), help);
    }

    @Test
    void serve_listens_on_loopback_unless_told_otherwise_and_takes_its_api_key_from_the_environment_or_a_flag() {
        ServeCommand serve = new ServeCommand();
        new picocli.CommandLine(serve).parseArgs();
        assertEquals("127.0.0.1", serve.host);
        assertEquals(System.getenv("DIGITLAB_API_KEY"), serve.apiKey);
        new picocli.CommandLine(serve).parseArgs("--host", "0.0.0.0", "--api-key", "k");
        assertEquals("0.0.0.0", serve.host);
        assertEquals("k", serve.apiKey);
    }

    @Test
    void a_port_out_of_range_is_a_usage_error() {
        assertEquals(Cli.USAGE_ERROR, Cli.run(new ServingCli(), "serve", "--port", "70000", "--models", "target/none"));
    }

    @Test
    void grpc_is_off_unless_asked_and_a_grpc_port_out_of_range_or_equal_to_the_http_port_is_a_usage_error() {
        ServeCommand serve = new ServeCommand();
        new picocli.CommandLine(serve).parseArgs();
        assertEquals(null, serve.grpcPort);
        assertEquals(Cli.USAGE_ERROR, Cli.run(new ServingCli(), "serve", "--grpc-port", "-1", "--models", "target/none"));
        assertEquals(Cli.USAGE_ERROR, Cli.run(new ServingCli(), "serve", "--grpc-port", "70000", "--models", "target/none"));
        assertEquals(Cli.USAGE_ERROR, Cli.run(new ServingCli(), "serve", "--port", "7191", "--grpc-port", "7191",
                "--models", "target/none"));
    }

    @Test
    void watch_intervals_read_as_milliseconds_or_seconds() {
        assertEquals(Duration.ofMillis(500), ServeCommand.parseDuration("500ms"));
        assertEquals(Duration.ofMillis(2000), ServeCommand.parseDuration("2s"));
        assertEquals(Duration.ofMillis(1500), ServeCommand.parseDuration("1.5"));
        assertEquals(Duration.ZERO, ServeCommand.parseDuration("0"));
        assertThrows(IllegalArgumentException.class, () -> ServeCommand.parseDuration("soon"));
    }

    private static String captureOut(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
