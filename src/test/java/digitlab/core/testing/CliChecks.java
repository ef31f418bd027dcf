package digitlab.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.cli.BuildVersion;
import digitlab.core.cli.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Supplier;

/** What every digit-lab command line promises its user, checked the same way for each entry point. */
public final class CliChecks {
    private CliChecks() {}

    /** Each command's help shows the folder defaults as {@code models/} and {@code data/}, never this machine's paths. */
    public static void helpShowsRelativeFolderDefaults(Supplier<Object> cli, CapturedStreams captured, String[]... commands) {
        String absolute = Path.of("").toAbsolutePath().toString();
        for (String[] command : commands) {
            captured.out.reset();
            assertEquals(0, Cli.run(cli.get(), command));
            // Joined across picocli's line wraps.
            String help = captured.out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
            assertTrue(help.contains("(default: models/)"), help);
            assertTrue(help.contains("(default: data/)"), help);
            assertFalse(help.contains(absolute), "no absolute path of this machine in\n" + help);
            assertFalse(help.contains("./models") || help.contains("./data"), help);
        }
    }

    /** Each command prints the version the build stamped, and the build did stamp one. */
    public static void versionIsPrinted(Supplier<Object> cli, CapturedStreams captured, String[]... commands) {
        for (String[] command : commands) {
            captured.out.reset();
            assertEquals(0, Cli.run(cli.get(), command));
            assertEquals("digit-lab " + BuildVersion.of(), captured.out.toString(StandardCharsets.UTF_8).strip(),
                    String.join(" ", command));
        }
        assertFalse(BuildVersion.of().equals("unknown"));
    }
}
