package digitlab.training.spark;

import digitlab.training.experiment.ExperimentSetup;
import digitlab.training.model.TrainConfig;
import digitlab.training.train.EpochMetrics;
import digitlab.training.train.MetricsCsv;
import digitlab.training.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress on the driver while tasks train elsewhere: every two seconds, the rows of each run's
 * metrics.csv not yet reported go to the listener. A retried task's restarted file reports nothing
 * until it passes where the failed attempt got to. Needs the run folders visible to the driver.
 */
final class ProgressWatch implements AutoCloseable {
    private final ExperimentSetup setup;
    private final List<TrainConfig> runs;
    private final TrainingListener listener;
    private final Map<TrainConfig, Integer> reported = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "digit-lab progress");
        t.setDaemon(true);
        return t;
    });

    ProgressWatch(ExperimentSetup setup, List<TrainConfig> runs, TrainingListener listener) {
        this.setup = setup;
        this.runs = runs;
        this.listener = listener;
        timer.scheduleWithFixedDelay(this::pollOnce, 2, 2, TimeUnit.SECONDS);
    }

    synchronized void pollOnce() {
        for (TrainConfig run : runs) {
            Path dir = setup.runDir(run);
            List<EpochMetrics> rows;
            try {
                rows = MetricsCsv.read(dir).rows();
            } catch (IOException e) {
                continue; // being replaced by a retried attempt: read again next time
            }
            int seen = reported.getOrDefault(run, 0);
            for (int k = seen; k < rows.size(); k++) {
                listener.epochDone(run, rows.get(k));
            }
            reported.put(run, Math.max(seen, rows.size()));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
