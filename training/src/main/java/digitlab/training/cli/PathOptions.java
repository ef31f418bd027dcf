package digitlab.training.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where data is read and runs and models are written; defaults are the repository's folders. */
public final class PathOptions {
    @Option(names = "--data", defaultValue = "${env:DIGITLAB_HOME:-.}/data", paramLabel = "DIR",
            description = "Dataset folder (default: data/).")
    Path data;

    @Option(names = "--models", defaultValue = "${env:DIGITLAB_HOME:-.}/models", paramLabel = "DIR",
            description = "Where ONNX models are written (default: models/).")
    Path models;

    @Option(names = "--runs", defaultValue = "${env:DIGITLAB_HOME:-.}/runs", paramLabel = "DIR",
            description = "Where run folders (metrics.csv, run.json) are written (default: runs/).")
    Path runs;

    @Option(names = "--no-export", description = "Train only; do not write ONNX files.")
    boolean noExport;

    @Option(names = "--replace", description = "Overwrite ONNX files that exist already.")
    boolean replace;

    /** The models folder, or null when exporting is switched off. */
    Path exportDir() {
        return noExport ? null : models;
    }
}
