package digitlab.training.cli;

import digitlab.core.cli.UsageException;
import digitlab.training.experiment.ExperimentEngine;
import digitlab.training.experiment.ExperimentPlan;
import digitlab.training.experiment.ExperimentRecord;
import digitlab.training.experiment.ExperimentSetup;
import digitlab.training.experiment.PlanProgress;
import digitlab.training.experiment.RunFolders;
import digitlab.training.experiment.RunsLocation;
import digitlab.training.experiment.Shard;

import digitlab.training.model.LossKind;
import digitlab.training.model.Network;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.training.report.ExperimentReport;
import digitlab.training.report.ReportFiles;
import digitlab.training.report.RunSummary;
import digitlab.training.train.ProgressBar;
import digitlab.training.train.TrainingJob;
import java.io.IOException;
import java.net.URI;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
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
            "'study' goes on from it: plain CE; L1 and L2 at lambda 1, 3, 10, 30, 100; expanded training data; early stopping "
                + "(patience " + ExperimentPlan.STUDY_PATIENCE + " epochs, validated on the training file's last 2000 images).",
            "'full' is the model worth serving: the default network on all 60000 training images, Adam at 0.001 "
                + "decaying by 0.93 per epoch, images distorted afresh each epoch, 40 epochs (only --epochs and --seeds change it).",
            "'full-cnn' is the default model: a small convolutional network (" + Network.CNN + ") on all 60000 images,"
                + " Adam at 0.001 decaying by 0.8 per epoch, images distorted as real inputs are (strokes, warps, tight crops,"
                + " coarse scans), 10 epochs.",
            "Any other name runs the grid you give, e.g.:",
            "  ./digit-lab experiment l2-sweep --reg l2 --lambda 0.1,1,10,100 --epochs 300",
            "On a cluster: --engine spark --master URL (one Spark task per stack),",
            "or --shard i/N on each machine, then --report-only.",
            "Run again with the same options, it keeps the runs that finished and trains only what is missing.",
            "See docs/spark.md and docs/deployment.md."})
public final class ExperimentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "'reference', 'study', 'full', 'full-cnn', or a name for your own grid.")
    String name;

    @Option(names = "--seeds", defaultValue = "1", description = "Repeat every run with seeds 0..K-1, paired (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--parallel", defaultValue = "2", description = "Stacks trained side by side, one core each (default: ${DEFAULT-VALUE}). "
            + "The runs of one seed are trained together in one graph, cut into this many stacks; with --engine spark each stack is one task.")
    int parallel;

    @Option(names = "--loss", split = ",", description = "Own grid: losses (default: ce).")
    List<String> losses;

    @Option(names = "--reg", split = ",", description = "Own grid: regularizers, none, l1, l2, dropout, expanded, early-stop.")
    List<String> regularizers;

    @Option(names = "--lambda", split = ",", description = "Own grid: L1/L2 strengths.")
    List<Double> lambdas;

    @Option(names = "--dropout", split = ",", description = "Own grid: drop probabilities.")
    List<Double> dropouts;

    @Option(names = "--patience", split = ",", description = "Own grid: early stopping's patiences, in epochs.")
    List<Double> patiences;

    @Option(names = "--engine", defaultValue = ExperimentEngine.THREAD,
            description = "thread (this JVM, --parallel stacks side by side) or spark (one Spark task per stack; default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master for --engine spark: local[N], local-cluster[W,C,MB], spark://, yarn, k8s://... (spark-submit sets it otherwise).")
    String master;

    @Option(names = "--shard", paramLabel = "i/N",
            description = "Train only the i-th of N shares of the stacks (i from 0, e.g. $JOB_COMPLETION_INDEX); then --report-only.")
    String shard;

    @Option(names = "--report-only", description = "Train nothing: write experiment.json and the report from the finished run folders (after all shards).")
    boolean reportOnly;

    @Option(names = "--fresh", description = "Train every run again from scratch, removing what its folder holds "
            + "(a finished run, or another config's run, which is refused otherwise).")
    boolean fresh;

    @Mixin
    NetworkOptions network;

    @Mixin
    PathOptions paths;

    @Mixin
    CheckpointOptions checkpoints;

    @Override
    public Integer call() throws Exception {
        ExperimentSetup setup = toSetup(commandArgs());
        ExperimentPlan plan = setup.plan();
        Path dir = setup.experimentDir();
        PrintWriter out = spec.commandLine().getOut();
        if (reportOnly) {
            if (setup.remoteRuns() != null) {
                throw new UsageException("--report-only reads the run folders from a folder, not from " + setup.remoteRuns());
            }
            RunFolders.requireFinished(setup);
            return report(setup, null, "report assembled from the run folders", out);
        }
        Shard share = shard == null ? Shard.WHOLE : Shard.parse(shard);
        List<Integer> stacks = share.stacksOf(setup.stacks().size());
        ExperimentEngine trainer = ExperimentEngine.named(engine);
        trainer.check(setup);
        out.printf("Experiment '%s': %d runs (%d settings x %d seeds), %d epochs each, as %d stacks (%s), into %s%n",
                plan.name(), plan.runs().size(), plan.names().size(), seeds, epochs(plan), setup.stacks().size(),
                ExperimentEngine.THREAD.equals(engine) ? parallel + " side by side" : "one " + engine + " task each", dir);
        if (!share.isWhole()) {
            out.printf("Shard %s: stacks %s%n", share, stacks);
        }
        out.flush();
        trainer.gather(setup);
        PlanProgress progress = PlanProgress.of(setup, stacks, fresh);
        setup.job(setup.replace()).refuseToOverwrite(progress.unfinished());
        if (fresh) {
            trainer.discard(setup, progress.runsToTrain());
        } else if (progress.runsDone() > 0) {
            out.println(progress.line());
            out.flush();
        }
        long start = System.currentTimeMillis();
        trainer.train(setup, progress.stacksToTrain(), new ProgressBar(System.err, setup.epochsOf(progress.stacksToTrain())));
        long wall = System.currentTimeMillis() - start;
        if (!share.isWhole()) {
            out.println("Shard " + share + " done in " + ProgressBar.duration(wall / 1000) + "; when every shard is done: "
                    + "./digit-lab experiment " + name + " --report-only (with the same options).");
            return 0;
        }
        int code = report(setup, wall, engine + (master == null ? "" : " " + master), out);
        trainer.publish(setup);
        return code;
    }

    private int report(ExperimentSetup setup, Long wall, String engineNote, PrintWriter out) throws IOException {
        Path dir = setup.experimentDir();
        new ExperimentRecord(setup.plan().name(), seeds, epochs(setup.plan()), setup.plan().runs().size(), parallel, wall,
                engineNote, commandLine()).write(dir);
        ReportFiles report = ExperimentReport.write(dir);
        out.println((wall == null ? "Done" : "Done in " + ProgressBar.duration(wall / 1000)) + ". Runs: " + dir
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

    /**
     * The experiment these arguments describe (as typed after 'experiment'); a shard or Spark task
     * calls this to rebuild exactly the plan and stacks the driver planned.
     */
    public static ExperimentSetup setup(List<String> args) {
        ExperimentCommand command = new ExperimentCommand();
        // A Spark driver appends absolute folders to the typed ones: the last of a repeated option wins.
        new CommandLine(command).setOverwrittenOptionsAllowed(true).parseArgs(args.toArray(String[]::new));
        return command.toSetup(args);
    }

    private ExperimentSetup toSetup(List<String> args) {
        ExperimentPlan plan = plan();
        URI remote = RunsLocation.uriOrNull(args);
        Path runs = remote == null ? paths.runs : staging();
        return new ExperimentSetup(args, plan, TrainingJob.stacks(plan.runs(), parallel), runs.resolve(plan.name()),
                remote, paths.data, paths.exportDir(), paths.replace, parallel, master, checkpoints.policy());
    }

    /** A local folder, made when first written, for runs bound for a --runs URI: the engine copies them there. */
    private static Path staging() {
        return Path.of(System.getProperty("java.io.tmpdir"), "digit-lab-runs-" + UUID.randomUUID());
    }

    private ExperimentPlan plan() {
        ExperimentPlan.BaseConfig base = (s, seed) -> network.config(s.loss(), s.regularizer(), s.strength(), seed);
        boolean ownGrid = losses != null || regularizers != null || lambdas != null || dropouts != null
                || patiences != null;
        if (ExperimentPlan.REFERENCE.equals(name) || ExperimentPlan.STUDY.equals(name)) {
            if (ownGrid) {
                throw new UsageException("The " + name + " grid is fixed; name your own experiment to use --loss, --reg, "
                        + "--lambda, --dropout or --patience.");
            }
            return ExperimentPlan.REFERENCE.equals(name) ? ExperimentPlan.reference(seeds, base) : ExperimentPlan.study(seeds, base);
        }
        if (ExperimentPlan.isFixed(name)) {
            ParseResult typed = spec.commandLine().getParseResult();
            List<String> fixed = spec.mixins().get("network").options().stream()
                    .filter(o -> typed.hasMatchedOption(o) && !o.longestName().equals("--epochs"))
                    .map(OptionSpec::longestName).toList();
            if (ownGrid || !fixed.isEmpty()) {
                throw new UsageException("The '" + name + "' experiment's recipe is fixed (only --epochs and --seeds change it); "
                        + "train your own with './digit-lab train --split full ...' instead of " + (ownGrid ? "the grid flags" : fixed) + ".");
            }
            return ExperimentPlan.fixed(name, seeds, typed.hasMatchedOption("--epochs") ? network.epochs : null);
        }
        if (regularizers == null) {
            throw new UsageException("An own grid needs --reg (and --lambda, --dropout or --patience values); or run 'experiment reference'.");
        }
        return ExperimentPlan.grid(name,
                (losses == null ? List.of("ce") : losses).stream().map(LossKind::parse).toList(),
                regularizers.stream().map(Regularizers::parse).toList(), strengthValues(), seeds, base);
    }

    /** Each strength flag with its values (null when not given), for every regularizer to pick its own. */
    private java.util.Map<String, List<Double>> strengthValues() {
        java.util.Map<String, List<Double>> values = new java.util.HashMap<>();
        values.put("--lambda", lambdas);
        values.put("--dropout", dropouts);
        values.put("--patience", patiences);
        return values;
    }

    /** The command as typed. */
    private String commandLine() {
        return "./digit-lab experiment " + String.join(" ", commandArgs());
    }

    /** The arguments after 'experiment'; picocli's original arguments include it when run as a subcommand. */
    private List<String> commandArgs() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        int own = args.indexOf(spec.name()) == 0 ? 1 : 0;
        return args.subList(own, args.size());
    }
}
