package digitlab.serving.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.cli.BuildVersion;
import digitlab.core.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a user sees from the bench commands' own flags: help, version and errors. */
class ServeBenchCliTest {
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void capture() {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void bench_serve_and_photos_help_show_folder_defaults_as_relative_paths_not_this_machines() {
        String absolute = Path.of("").toAbsolutePath().toString();
        for (String[] command : new String[][] {{"serve", "--help"}, {"photos", "--help"}}) {
            out.reset();
            assertEquals(0, Cli.run(new ServeBenchCli(), command));
            // Joined across picocli's line wraps.
            String help = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
            assertTrue(help.contains("(default: models/)"), help);
            assertTrue(help.contains("(default: data/)"), help);
            assertFalse(help.contains(absolute), "no absolute path of this machine in\n" + help);
            assertFalse(help.contains("./models") || help.contains("./data"), help);
        }
    }

    @Test
    void dash_V_prints_the_build_version_on_every_bench_command() {
        for (String[] command : new String[][] {{"-V"}, {"serve", "-V"}, {"photos", "-V"}}) {
            out.reset();
            assertEquals(0, Cli.run(new ServeBenchCli(), command));
            assertEquals("digit-lab " + BuildVersion.of(), out.toString(StandardCharsets.UTF_8).strip(), String.join(" ", command));
        }
        assertFalse(BuildVersion.of().equals("unknown"));
    }

    @Test
    void a_bad_bench_serve_value_points_to_bench_serve_help() {
        assertEquals(Cli.USAGE_ERROR, Cli.run(new ServeBenchCli(), "serve", "--clients", "0", "--models", "target/none"));
        String message = err.toString(StandardCharsets.UTF_8).strip();
        assertTrue(message.endsWith("See 'digit-lab bench serve --help'."), message);
        assertEquals(1, message.lines().count(), message);
    }
}
