package digitlab.serving.cli;

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

/** What a user sees from serve's own flags: help and version. */
class ServingCliTest {
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
    void serve_help_shows_folder_defaults_as_relative_paths_not_this_machines() {
        String absolute = Path.of("").toAbsolutePath().toString();
        for (String[] command : new String[][] {{"serve", "--help"}}) {
            out.reset();
            assertEquals(0, Cli.run(new ServingCli(), command));
            // Joined across picocli's line wraps.
            String help = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
            assertTrue(help.contains("(default: models/)"), help);
            assertTrue(help.contains("(default: data/)"), help);
            assertFalse(help.contains(absolute), "no absolute path of this machine in\n" + help);
            assertFalse(help.contains("./models") || help.contains("./data"), help);
        }
    }

    @Test
    void dash_V_prints_the_build_version_on_serve() {
        for (String[] command : new String[][] {{"-V"}, {"serve", "-V"}}) {
            out.reset();
            assertEquals(0, Cli.run(new ServingCli(), command));
            assertEquals("digit-lab " + BuildVersion.of(), out.toString(StandardCharsets.UTF_8).strip(), String.join(" ", command));
        }
        assertFalse(BuildVersion.of().equals("unknown"));
    }
}
