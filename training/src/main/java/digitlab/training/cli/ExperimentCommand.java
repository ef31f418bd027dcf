package digitlab.training.cli;

import digitlab.training.experiment.ExperimentPlan;
import digitlab.training.experiment.ExperimentRecord;

import digitlab.training.model.LossKind;
import digitlab.training.model.RegularizerKind;
import digitlab.training.report.ExperimentReport;
import digitlab.training.report.ReportFiles;
import digitlab.training.report.RunSummary;
import digitlab.training.train.ProgressBar;
import digitlab.training.train.TrainingJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code digit-lab experiment}: a grid of runs, side by side, with figures and a report. */
@Command(name = "experiment", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a grid of models and write figures and a report into runs/<NAME>/.",
            "'reference' is the study's 10 runs (CE; MSE; L1 0.001, 0.005; L2 0.001, 0.01, 0.1; dropout 0.05, 0.1, 0.5).",
            "'full' is the model worth serving: the default network on all 60000 training images, Adam at 0.001 "
                + "decaying by 0.93 per epoch, images distorted afresh each epoch, 40 epochs (only --epochs and --seeds change it).",
            "Any other name runs the grid you give, e.g.:",
            "  ./digit-lab experiment l2-sweep --reg l2 --lambda 0.1,1,10,100 --epochs 300"})
public final class ExperimentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "'reference', 'full', or a name for your own grid.")
    String name;

    @Option(names = "--seeds", defaultValue = "1", description = "Repeat every run with seeds 0..K-1, paired (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--parallel", defaultValue = "2", description = "Stacks trained side by side, one core each (default: ${DEFAULT-VALUE}). "
            + "The runs of one seed are trained together in one graph, cut into this many stacks.")
    int parallel;

    @Option(names = "--loss", split = ",", description = "Own grid: losses (default: ce).")
    List<String> losses;

    @Option(names = "--reg", split = ",", description = "Own grid: regularizers, none, l1, l2, dropout.")
    List<String> regularizers;

    @Option(names = "--lambda", split = ",", description = "Own grid: L1/L2 strengths.")
    List<Double> lambdas;

    @Option(names = "--dropout", split = ",", description = "Own grid: drop probabilities.")
    List<Double> dropouts;

    @Mixin
    NetworkOptions network;

    @Mixin
    PathOptions paths;

    @Override
    public Integer call() throws Exception {
        ExperimentPlan plan = plan();
        Path dir = paths.runs.resolve(plan.name());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Experiment '%s': %d runs (%d settings x %d seeds), %d epochs each, as %d stacks (%d side by side), into %s%n",
                plan.name(), plan.runs().size(), plan.names().size(), seeds, epochs(plan),
                TrainingJob.stacks(plan.runs(), parallel).size(), parallel, dir);
        out.flush();
        long start = System.currentTimeMillis();
        new TrainingJob(paths.data, paths.exportDir(), paths.replace, parallel)
                .run(plan.runs(), dir, new ProgressBar(System.err, plan.totalEpochs()));
        long wall = System.currentTimeMillis() - start;
        new ExperimentRecord(plan.name(), seeds, epochs(plan), plan.runs().size(), parallel, wall,
                commandLine()).write(dir);
        ReportFiles report = ExperimentReport.write(dir);
        out.println("Done in " + ProgressBar.duration(wall / 1000) + ". Runs: " + dir
                + (paths.exportDir() == null ? "" : "; models: " + paths.exportDir()));
        out.printf("%-16s %6s %16s %16s %16s%n", "run", "epochs", "test %", "train %", "gap (points)");
        for (RunSummary r : report.summaries()) {
            if (r.hasData()) {
                out.printf("%-16s %6d %16s %16s %16s%n", r.label(), r.lastEpoch() + 1, r.testLast().format(),
                        r.trainLast().format(), r.gapLast().format());
            }
        }
        out.println("Report: " + report.html() + " (and " + report.markdown().getFileName() + ", "
                + report.figures().size() + " figures)");
        return 0;
    }

    private static int epochs(ExperimentPlan plan) {
        return plan.runs().get(0).epochs();
    }

    private ExperimentPlan plan() {
        ExperimentPlan.BaseConfig base = (s, seed) -> network.config(s.loss(), s.regularizer(), s.strength(), seed);
        boolean ownGrid = losses != null || regularizers != null || lambdas != null || dropouts != null;
        if (ExperimentPlan.REFERENCE.equals(name)) {
            if (ownGrid) {
                throw new IllegalArgumentException("The reference grid is fixed; name your own experiment to use --loss, --reg, --lambda or --dropout.");
            }
            return ExperimentPlan.reference(seeds, base);
        }
        if (ExperimentPlan.FULL.equals(name)) {
            ParseResult typed = spec.commandLine().getParseResult();
            List<String> fixed = spec.mixins().get("network").options().stream()
                    .filter(o -> typed.hasMatchedOption(o) && !o.longestName().equals("--epochs"))
                    .map(OptionSpec::longestName).toList();
            if (ownGrid || !fixed.isEmpty()) {
                throw new IllegalArgumentException("The 'full' experiment's recipe is fixed (only --epochs and --seeds change it); "
                        + "train your own with './digit-lab train --split full ...' instead of " + (ownGrid ? "the grid flags" : fixed) + ".");
            }
            return ExperimentPlan.full(seeds, typed.hasMatchedOption("--epochs") ? network.epochs : null);
        }
        if (regularizers == null) {
            throw new IllegalArgumentException("An own grid needs --reg (and --lambda or --dropout values); or run 'experiment reference'.");
        }
        return ExperimentPlan.grid(name,
                (losses == null ? List.of("ce") : losses).stream().map(LossKind::parse).toList(),
                regularizers.stream().map(RegularizerKind::parse).toList(), lambdas, dropouts, seeds, base);
    }

    /** The command as typed; picocli's original arguments include "experiment" when run as a subcommand. */
    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        int own = args.indexOf(spec.name()) == 0 ? 1 : 0;
        return "./digit-lab experiment " + String.join(" ", args.subList(own, args.size()));
    }
}
