package digitlab.training.export;

import digitlab.core.model.MetadataKeys;
import digitlab.core.model.ModelMetadata;
import digitlab.core.model.TrainingCurves;
import digitlab.training.files.AtomicFiles;
import digitlab.training.train.EpochMetrics;
import digitlab.training.train.MetricsCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import onnx.Onnx;

/**
 * Adds the training curves to a model exported before they were recorded, from its run folder's
 * metrics.csv: only the {@code digitlab.curves} metadata entry changes, the graph and its weights
 * are copied as they are, so the model answers exactly as before. It refuses a run folder that is
 * not the file's run (another id, another epoch count, another test accuracy at the kept epoch).
 */
public final class CurvesAdder {
    private CurvesAdder() {}

    /** Rewrites {@code modelFile} (atomically) with the curves of {@code runDir}; returns them. */
    public static TrainingCurves add(Path modelFile, Path runDir) throws IOException {
        ModelMetadata metadata = OnnxModelFile.readMetadata(modelFile);
        TrainingCurves curves = RunMetadata.curves(runDir);
        checkSameRun(metadata, curves, modelFile, runDir);
        Onnx.ModelProto model = Onnx.ModelProto.parseFrom(Files.readAllBytes(modelFile));
        Onnx.ModelProto.Builder updated = model.toBuilder().clearMetadataProps();
        for (Onnx.StringStringEntryProto p : model.getMetadataPropsList()) {
            if (!p.getKey().equals(MetadataKeys.CURVES)) {
                updated.addMetadataProps(p);
            }
        }
        updated.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(MetadataKeys.CURVES).setValue(curves.toProp()));
        AtomicFiles.write(modelFile, updated.build().toByteArray());
        return curves;
    }

    private static void checkSameRun(ModelMetadata m, TrainingCurves curves, Path modelFile, Path runDir)
            throws IOException {
        String runId = digitlab.training.train.RunRecord.read(runDir).config().id();
        if (!runId.equals(m.id())) {
            throw new IOException(runDir + " is the run " + runId + ", but " + modelFile + " is " + m.id());
        }
        if (curves.isEmpty() || curves.epochs().get(curves.epochs().size() - 1) != m.epochs() - 1) {
            throw new IOException(runDir + "/metrics.csv does not hold the " + m.epochs() + " epochs " + modelFile
                    + " was trained for");
        }
        // the file's figures are its kept epoch's (the last, unless early stopping kept an earlier one);
        // read from metrics.csv itself, since the compacted curves may skip that epoch
        List<EpochMetrics> rows = MetricsCsv.read(runDir).rows();
        if (m.keptEpoch() >= rows.size()) {
            throw new IOException(runDir + "/metrics.csv does not hold the epoch " + m.keptEpoch() + " whose weights "
                    + modelFile + " holds");
        }
        double keptTest = rows.get(m.keptEpoch()).testAccuracy();
        if (Math.abs(keptTest - m.testAccuracy()) > 0.006) {
            throw new IOException(runDir + "/metrics.csv has test accuracy " + keptTest + "% at epoch " + m.keptEpoch()
                    + ", but " + modelFile + " records " + m.testAccuracy() + "%: not the same training");
        }
    }
}
