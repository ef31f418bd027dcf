package digitlab.training.export;

import digitlab.core.model.ModelContract;
import digitlab.core.model.ModelMetadata;
import digitlab.training.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Map;
import onnx.Onnx;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Writes a trained SameDiff graph as {@code <modelsDir>/<id>.onnx}: the inference graph (see
 * {@link OnnxGraphBuilder}), the weights as initializers, and the run's {@link ModelMetadata} as
 * {@code metadata_props}. The file appears whole or not at all.
 */
public final class OnnxExporter {
    public static final String PRODUCER_VERSION = "0.1.0";

    private OnnxExporter() {}

    /** The ONNX model as bytes. */
    public static byte[] toBytes(SameDiff sd, ModelMetadata metadata) {
        Onnx.ModelProto.Builder model = Onnx.ModelProto.newBuilder()
                .setIrVersion(ModelContract.IR_VERSION)
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(ModelContract.OPSET))
                .setProducerName(ModelContract.PRODUCER)
                .setProducerVersion(PRODUCER_VERSION)
                .setModelVersion(1)
                .setDocString(docString(metadata))
                .setGraph(new OnnxGraphBuilder(sd).build(metadata.id()));
        for (Map.Entry<String, String> e : metadata.toProps().entrySet()) {
            model.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        return model.build().toByteArray();
    }

    /** Writes {@code <modelsDir>/<id>.onnx}; an existing file is replaced only when {@code replace}. */
    public static Path export(SameDiff sd, ModelMetadata metadata, Path modelsDir, boolean replace) throws IOException {
        Path target = modelsDir.resolve(metadata.id() + ModelContract.FILE_SUFFIX);
        if (!replace && Files.exists(target)) {
            throw new FileAlreadyExistsException(target + " exists already; pass --replace to overwrite it");
        }
        AtomicFiles.write(target, toBytes(sd, metadata));
        return target;
    }

    /** "MNIST MLP ..." for a dense network (as ever), "MNIST network <layers> ..." for any other. */
    private static String docString(ModelMetadata m) {
        String network = "MLP";
        try {
            com.fasterxml.jackson.databind.JsonNode layers = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(m.configJson()).get("network");
            network = layers == null ? network : "network " + layers.asText();
        } catch (java.io.IOException e) {
            // a config that is not JSON names no network: the dense default
        }
        return String.format(java.util.Locale.ROOT,
                "MNIST %s %s (loss %s, regularizer %s %s), %d epochs, test accuracy %.2f%% on %s/%s.",
                network, m.id(), m.loss(), m.regularizer(), m.strength(), m.epochs(), m.testAccuracy(), m.dataset(), m.split());
    }
}
