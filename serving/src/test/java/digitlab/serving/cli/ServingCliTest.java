package digitlab.serving.cli;

import digitlab.core.testing.CapturedStreams;
import digitlab.core.testing.CliChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a user sees from serve's own flags: help and version. */
class ServingCliTest {
    @RegisterExtension
    final CapturedStreams captured = new CapturedStreams();

    @Test
    void serve_help_shows_folder_defaults_as_relative_paths_not_this_machines() {
        CliChecks.helpShowsRelativeFolderDefaults(ServingCli::new, captured, new String[] {"serve", "--help"});
    }

    @Test
    void dash_V_prints_the_build_version_on_serve() {
        CliChecks.versionIsPrinted(ServingCli::new, captured, new String[] {"-V"}, new String[] {"serve", "-V"});
    }
}
