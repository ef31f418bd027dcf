package digitlab.training.train;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * SameDiff prints a line to stdout for every op it differentiates when it builds the gradient
 * graph; that would bury the launcher's own output, so that one step runs with stdout muted.
 * Synchronized, so runs side by side never save each other's muted stream as the one to restore.
 */
final class QuietStdout {
    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    private QuietStdout() {}

    static synchronized void run(Runnable noisy) {
        PrintStream current = System.out;
        System.setOut(NOWHERE);
        try {
            noisy.run();
        } finally {
            System.setOut(current);
        }
    }
}
