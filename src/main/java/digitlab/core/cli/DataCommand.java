package digitlab.core.cli;

import digitlab.core.data.DigitDataset;
import digitlab.core.data.Digits;
import digitlab.core.data.IdxPart;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code digit-lab data}: the datasets found, their sizes, label counts and checksum verdicts. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "List the datasets in the data folder: sizes, label counts, checksum verdicts.")
public final class DataCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", defaultValue = "${env:DIGITLAB_HOME:-.}/data", description = "Data folder (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<DigitDataset> datasets = DigitDataset.findAll(dataDir);
        if (datasets.isEmpty()) {
            throw new IllegalStateException("No dataset found in " + dataDir.toAbsolutePath()
                    + "; see data/README.md");
        }
        boolean allGood = true;
        for (DigitDataset dataset : datasets) {
            out.println(dataset.name() + " (" + dataset.dir() + ")");
            Map<IdxPart, DigitDataset.Verdict> verdicts = dataset.verify();
            for (IdxPart part : IdxPart.values()) {
                DigitDataset.Verdict v = verdicts.get(part);
                out.printf("  %-24s %-17s %s%n", part.fileName(), v.word(), v.actual() == null ? "" : "md5 " + v.actual());
                allGood &= !v.word().equals("MISMATCH") && !v.word().equals("missing");
            }
            Digits train = dataset.train();
            Digits test = dataset.test();
            out.printf("  train: %6d images, labels 0-9: %s%n", train.size(), Arrays.toString(train.labelCounts()));
            out.printf("  test:  %6d images, labels 0-9: %s%n", test.size(), Arrays.toString(test.labelCounts()));
        }
        out.flush();
        if (!allGood) {
            throw new IllegalStateException("A dataset file is missing or does not match its published checksum");
        }
        return 0;
    }
}
