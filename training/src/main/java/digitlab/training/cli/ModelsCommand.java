package digitlab.training.cli;

import digitlab.core.model.ModelMetadata;
import digitlab.core.reference.ReferenceStudy;
import digitlab.training.export.OnnxModelFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code digit-lab models}: what is in models/, read from each file's ONNX metadata. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the ONNX models in the models folder with their training config and figures.")
public final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--models", defaultValue = "${env:DIGITLAB_HOME:-.}/models", paramLabel = "DIR",
            description = "Models folder (default: models/).")
    Path models;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(models)) {
            throw new IOException("There is no folder " + models + "; pass --models with the folder your models are in");
        }
        List<Path> files = OnnxModelFile.list(models);
        if (files.isEmpty()) {
            long nested = nestedOnnxFiles();
            out.println(nested > 0
                    ? "No digit-lab model files directly in " + models + "; its subfolders hold " + nested
                            + " ONNX file(s) (Triton's layout <name>/<version>/model.onnx), which 'serve' serves and "
                            + "lists at GET /models."
                    : "No models in " + models + "; train some with './digit-lab experiment reference' or './digit-lab up'.");
            return 0;
        }
        out.printf(Locale.ROOT, "%-30s %-5s %-8s %-9s %7s %6s %9s %8s %7s%n",
                "id", "loss", "reg", "strength", "epochs", "seed", "train %", "test %", "KiB");
        int broken = 0;
        for (Path f : files) {
            try {
                ModelMetadata m = OnnxModelFile.readMetadata(f);
                out.printf(Locale.ROOT, "%-30s %-5s %-8s %-9s %7d %6d %9.2f %8.2f %7d%n", m.id(), m.loss(),
                        m.regularizer(), ReferenceStudy.formatStrength(m.strength()), m.epochs(), m.seed(),
                        m.trainAccuracy(), m.testAccuracy(), Files.size(f) / 1024);
            } catch (IOException e) {
                broken++;
                // A file without digit-lab's metadata may well be a model trained elsewhere, which serve takes.
                out.println("unreadable: " + e.getMessage());
            }
        }
        out.println(files.size() + " files, " + broken + " unreadable; test % is the trainer's, on its split."
                + (broken > 0 ? " 'serve' also serves ONNX classifiers trained elsewhere (docs/foreign-models.md)." : ""));
        return 0;
    }

    /** ONNX files in subfolders: Triton's model repository layout, which this listing does not read. */
    private long nestedOnnxFiles() throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(models, 3)) {
            return walk.filter(p -> !p.getParent().equals(models) && p.toString().endsWith(".onnx")
                    && Files.isRegularFile(p)).count();
        }
    }
}
