package digitlab.training.train;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * SameDiff prints a line to stdout for every op it differentiates when it builds the gradient
 * graph; that would bury the launcher's own output, so that one step runs with stdout muted.
 */
final class QuietStdout {
    private static final PrintStream ORIGINAL = System.out;
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    private QuietStdout() {}

    static synchronized void run(Runnable noisy) {
        System.setOut(NOWHERE);
        try {
            noisy.run();
        } finally {
            System.setOut(ORIGINAL);
        }
    }
}
