package digitlab.training.cli;

import digitlab.core.data.DigitDataset;
import digitlab.core.model.ModelContract;
import digitlab.training.export.CurvesAdder;
import digitlab.training.export.OnnxExporter;
import digitlab.training.export.RunMetadata;
import digitlab.training.model.TrainConfig;
import digitlab.training.train.RunRecord;
import digitlab.training.train.TestCalibration;
import digitlab.training.train.TrainingData;
import digitlab.training.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.autodiff.samediff.SameDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code digit-lab export}: a finished run folder to {@code models/<id>.onnx}. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a finished run folder (run.json + model.fb) to ONNX.",
            "A run trained before calibration was recorded gets its ECE and NLL measured on its test split first (into run.json too).",
            "Example: ./digit-lab export runs/reference/ce-l2-0.01-s0"})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "Run folders to export.", arity = "1..*")
    Path[] runDirs;

    @Option(names = "--models", defaultValue = "${env:DIGITLAB_HOME:-.}/models", paramLabel = "DIR",
            description = "Where the ONNX files go (default: models/).")
    Path models;

    @Option(names = "--replace", description = "Overwrite an ONNX file that exists already.")
    boolean replace;

    @Option(names = "--data", defaultValue = "${env:DIGITLAB_HOME:-.}/data", paramLabel = "DIR",
            description = "Where the datasets are, to measure the calibration of a run trained before it was recorded (default: data/).")
    Path data;

    @Option(names = "--curves-only", description = {"Add the run's per-epoch train and test accuracy to the model file",
        "it already has in --models (exported before curves were recorded); the graph and weights stay as they are."})
    boolean curvesOnly;

    @Override
    public Integer call() throws IOException {
        for (Path runDir : runDirs) {
            RunRecord run = RunRecord.read(runDir);
            if (curvesOnly) {
                Path file = models.resolve(run.config().id() + ModelContract.FILE_SUFFIX);
                int points = CurvesAdder.add(file, runDir).epochs().size();
                spec.commandLine().getOut().println("Added " + points + " points of training curves to " + file);
                continue;
            }
            Path modelFile = runDir.resolve(Trainer.MODEL_FILE);
            if (!run.finished() || !Files.isRegularFile(modelFile)) {
                throw new IOException("The run in " + runDir + " has not finished, so it has no model to export");
            }
            SameDiff sd = SameDiff.load(modelFile.toFile(), false);
            if (run.calibration() == null) {
                run = withCalibration(run, sd);
                run.write(runDir);
            }
            Path written = OnnxExporter.export(sd, RunMetadata.of(run, runDir), models, replace);
            spec.commandLine().getOut().println("Wrote " + written);
        }
        return 0;
    }

    /**
     * A run trained before the trainer recorded calibration: measured now on the run's own test
     * split, from the very graph being exported, and written into its run.json as training would have.
     */
    private RunRecord withCalibration(RunRecord run, SameDiff inference) throws IOException {
        TrainConfig c = run.config();
        DigitDataset.SplitData split = DigitDataset.named(data, c.dataset()).load(c.split());
        if (!split.testImagesChecksum().equals(run.testImagesMd5())) {
            throw new IOException("The test images in " + data + " are not those the run " + c.id() + " was tested on");
        }
        TrainingData testData = new TrainingData(split, c.scaling());
        return new RunRecord(c, run.testImagesMd5(), run.epochsDone(), run.finished(), run.trainingMillis(), run.last(),
                TestCalibration.of(inference, testData));
    }
}
