package digitlab.training.train;

import digitlab.training.model.TrainConfig;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One status line for a whole job (one run or a grid): a bar over all epochs of all runs, the ETA
 * and the latest run's figures. On a terminal it redraws in place; in a log (CI) it prints a line
 * every 5% so the log stays short.
 */
public final class ProgressBar implements TrainingListener {
    private static final int WIDTH = 28;
    private final PrintStream out;
    private final long totalEpochs;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private long lastPrintedStep = -1;

    public ProgressBar(PrintStream out, long totalEpochs) {
        this.out = out;
        this.totalEpochs = Math.max(1, totalEpochs);
        this.terminal = System.console() != null;
    }

    @Override
    public void epochDone(TrainConfig config, EpochMetrics m) {
        long d = done.incrementAndGet();
        synchronized (this) {
            long step = d * 20 / totalEpochs;
            boolean draw = terminal ? d % 5 == 0 || d == totalEpochs : step != lastPrintedStep;
            if (!draw) {
                return;
            }
            lastPrintedStep = step;
            out.print((terminal ? "\r" : "") + line(config, m, d) + (terminal && d < totalEpochs ? "" : "\n"));
            out.flush();
        }
    }

    private String line(TrainConfig config, EpochMetrics m, long d) {
        double fraction = (double) d / totalEpochs;
        int filled = (int) Math.round(fraction * WIDTH);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long eta = Math.round(elapsed / fraction - elapsed);
        return String.format(Locale.ROOT, "[%s%s] %3.0f%%  ETA %s  %s epoch %d/%d: train %.1f%% test %.1f%%   ",
                "#".repeat(filled), " ".repeat(WIDTH - filled), 100 * fraction, duration(eta),
                config.id(), m.epoch() + 1, config.epochs(), m.trainAccuracy(), m.testAccuracy());
    }

    public static String duration(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}
