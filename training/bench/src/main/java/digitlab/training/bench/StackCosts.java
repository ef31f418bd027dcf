package digitlab.training.bench;

import digitlab.training.model.TrainConfig;
import digitlab.training.train.Trainer;
import digitlab.training.train.TrainingData;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What each stack costs per epoch, its training steps apart from its evaluation, in CPU time of the
 * training thread (the native ops run on it, with one OpenMP thread): a busy machine slows the
 * wall clock far more than this. The stacks take turns round by round, as the sides of a row do.
 */
final class StackCosts {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private StackCosts() {}

    static void print(PrintWriter out, List<List<TrainConfig>> stacks, TrainingData data, int warmup, int rounds,
            int epochs) throws IOException {
        List<Trainer> trainers = new ArrayList<>();
        for (List<TrainConfig> stack : stacks) {
            Trainer trainer = new Trainer(stack, data);
            trainer.train(0, warmup, epoch -> false);
            trainers.add(trainer);
        }
        double[][] train = new double[stacks.size()][rounds];
        double[][] evaluate = new double[stacks.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int s = 0; s < trainers.size(); s++) {
                Trainer trainer = trainers.get(s);
                long start = CPU.getCurrentThreadCpuTime();
                trainer.train(0, epochs, epoch -> false);
                long trained = CPU.getCurrentThreadCpuTime();
                for (int e = 0; e < epochs; e++) {
                    trainer.evaluate(e);
                }
                long evaluated = CPU.getCurrentThreadCpuTime();
                train[s][r] = (trained - start) / 1e6 / epochs;
                evaluate[s][r] = (evaluated - trained) / 1e6 / epochs;
            }
        }
        out.printf("CPU ms per epoch, median of %d rounds of %d epochs:%n", rounds, epochs);
        out.printf("%-72s %8s %9s %9s%n", "stack", "training", "evaluation", "per run");
        for (int s = 0; s < stacks.size(); s++) {
            double t = TrainBenchmark.median(train[s]);
            double e = TrainBenchmark.median(evaluate[s]);
            List<TrainConfig> stack = stacks.get(s);
            List<String> runs = stack.stream().map(TrainConfig::name).toList();
            boolean copies = runs.size() > 1 && runs.stream().distinct().count() == 1;
            String names = copies ? runs.size() + " x " + runs.get(0) : String.join(", ", runs);
            out.printf(Locale.ROOT, "%-72s %8.1f %9.1f %9.1f%n", names, t, e, (t + e) / stack.size());
        }
        out.flush();
    }
}
