package digitlab.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class QuietStdoutTest {
    @Test
    void mutes_the_noisy_step_and_restores_whatever_stdout_was_at_the_time() {
        PrintStream original = System.out;
        try {
            for (int i = 0; i < 2; i++) {
                ByteArrayOutputStream captured = new ByteArrayOutputStream();
                PrintStream current = new PrintStream(captured, true);
                System.setOut(current);
                QuietStdout.run(() -> System.out.println("Added differentiated op"));
                assertSame(current, System.out, "stdout as it was before the call, not as it was at class load");
                assertEquals(0, captured.size());
            }
        } finally {
            System.setOut(original);
        }
    }
}
