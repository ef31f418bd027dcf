package digitlab.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.testing.CapturedStreams;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine.Command;

class CliTest {
    @RegisterExtension
    final CapturedStreams captured = new CapturedStreams();

    @Test
    void a_bad_flag_exits_2_with_one_sentence() {
        int code = Cli.run(new DataCommand(), "--no-such-flag");
        assertEquals(2, code);
        String message = captured.err.toString(StandardCharsets.UTF_8).strip();
        assertEquals("Unknown option: '--no-such-flag'. See 'data --help'.", message);
    }

    @Test
    void a_missing_data_folder_exits_1_with_one_sentence() {
        int code = Cli.run(new DataCommand(), "--data", "/nonexistent/folder");
        assertEquals(1, code);
        String message = captured.err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.startsWith("No dataset found in /nonexistent/folder"), message);
    }

    @Test
    void data_lists_both_mnist_sets_as_verified() {
        int code = Cli.run(new DataCommand(), "--data", "../data");
        assertEquals(0, code, captured.err.toString(StandardCharsets.UTF_8));
        String listing = captured.out.toString(StandardCharsets.UTF_8);
        assertEquals(4, listing.lines().filter(l -> l.contains(" verified ")).count(), listing);
        assertTrue(listing.contains("train:  60000 images"), listing);
        assertTrue(listing.contains("test:   10000 images"), listing);
    }

    /** Throws what it is given when run, as a command's own check or a library would. */
    @Command(name = "thrower")
    record Thrower(RuntimeException failure) implements Callable<Integer> {
        @Override
        public Integer call() {
            throw failure;
        }
    }

    @Test
    void a_usage_exception_from_a_value_check_exits_2_with_its_sentence() {
        int code = Cli.run(new Thrower(new UsageException("--port must be 0..65535, not 70000")));
        assertEquals(2, code);
        assertEquals("--port must be 0..65535, not 70000.", captured.err.toString(StandardCharsets.UTF_8).strip());
    }

    @Test
    void a_library_illegal_argument_exception_is_a_failure_exit_1_not_a_usage_error() {
        // e.g. a parser in a library rejecting a file's contents: not the user's flags
        int code = Cli.run(new Thrower(new IllegalArgumentException("bad base64 in the model file")));
        assertEquals(1, code);
        assertEquals("Bad base64 in the model file.", captured.err.toString(StandardCharsets.UTF_8).strip());
    }
}
