package digitlab.training.export;

import digitlab.core.model.ModelContract;
import digitlab.core.model.ModelMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import onnx.Onnx;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

/** Reads an exported model's metadata back from its file, with a sentence when the file is broken. */
public final class OnnxModelFile {
    private OnnxModelFile() {}

    public static ModelMetadata readMetadata(Path file) throws IOException {
        Onnx.ModelProto model;
        try {
            model = Onnx.ModelProto.parseFrom(Files.readAllBytes(file));
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(file + " is not a readable ONNX model (truncated or corrupt)");
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new IOException(file + " holds no ONNX graph (truncated or not a model)");
        }
        Map<String, String> props = new HashMap<>();
        for (Onnx.StringStringEntryProto p : model.getMetadataPropsList()) {
            props.put(p.getKey(), p.getValue());
        }
        try {
            return ModelMetadata.fromProps(props);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a digit-lab model: " + e.getMessage());
        }
    }

    /** The .onnx files of a folder, sorted by name; none when the folder does not exist. */
    public static List<Path> list(Path modelsDir) throws IOException {
        if (!Files.isDirectory(modelsDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(modelsDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(ModelContract.FILE_SUFFIX)).sorted().toList();
        }
    }
}
