package digitlab.serving.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.testing.CapturedStreams;
import digitlab.core.testing.CliChecks;
import digitlab.core.cli.Cli;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a user sees from the bench commands' own flags: help, version and errors. */
class ServeBenchCliTest {
    @RegisterExtension
    final CapturedStreams captured = new CapturedStreams();

    @Test
    void bench_serve_and_photos_help_show_folder_defaults_as_relative_paths_not_this_machines() {
        CliChecks.helpShowsRelativeFolderDefaults(ServeBenchCli::new, captured,
                new String[] {"serve", "--help"}, new String[] {"photos", "--help"});
    }

    @Test
    void dash_V_prints_the_build_version_on_every_bench_command() {
        CliChecks.versionIsPrinted(ServeBenchCli::new, captured,
                new String[] {"-V"}, new String[] {"serve", "-V"}, new String[] {"photos", "-V"});
    }

    @Test
    void a_bad_bench_serve_value_points_to_bench_serve_help() {
        assertEquals(Cli.USAGE_ERROR, Cli.run(new ServeBenchCli(), "serve", "--clients", "0", "--models", "target/none"));
        String message = captured.err.toString(StandardCharsets.UTF_8).strip();
        assertTrue(message.endsWith("See 'digit-lab bench serve --help'."), message);
        assertEquals(1, message.lines().count(), message);
    }
}
