package digitlab.training.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import digitlab.core.model.ModelContract;
import digitlab.core.model.ModelMetadata;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ExporterErrorsTest {
    private static final ModelMetadata METADATA = new ModelMetadata("tiny-s0", "{}", "ce", "none", 0, 0, 1, "mnist",
            "seed", 1000, 2000, "md5", 50, 40, 10, "UNIT");

    /** pixels -> matmul -> op -> softmax: a graph whose middle op the test chooses. */
    private static SameDiff graphWith(java.util.function.UnaryOperator<SDVariable> middle) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder(ModelContract.INPUT, DataType.FLOAT, -1, 784);
        SDVariable w = sd.var("w", Nd4j.rand(DataType.FLOAT, 784, 10));
        sd.nn.softmax(ModelContract.OUTPUT, middle.apply(x.mmul(w)), 1);
        return sd;
    }

    @Test
    void an_op_without_a_mapping_fails_the_export_naming_the_op(@TempDir Path dir) {
        SameDiff sd = graphWith(z -> z.getSameDiff().math.exp(z));
        UnsupportedOpException e = assertThrows(UnsupportedOpException.class,
                () -> OnnxExporter.export(sd, METADATA, dir, false));
        assertTrue(e.getMessage().startsWith("The ONNX exporter cannot map the SameDiff op 'exp'"), e.getMessage());
        assertEquals(0, dir.toFile().list().length, "nothing is written");
    }

    @Test
    void a_mapped_graph_exports_and_an_existing_file_is_replaced_only_when_asked(@TempDir Path dir) throws IOException {
        SameDiff first = graphWith(z -> z.getSameDiff().nn.relu(z, 0));
        Path file = OnnxExporter.export(first, METADATA, dir, false);
        assertEquals(dir.resolve("tiny-s0.onnx"), file);
        byte[] firstBytes = Files.readAllBytes(file);

        // The same run id trained again: other weights and other figures, so a replace that did nothing shows.
        SameDiff retrained = graphWith(z -> z.getSameDiff().nn.relu(z, 0));
        ModelMetadata retrainedMetadata = new ModelMetadata("tiny-s0", "{}", "ce", "none", 0, 0, 2, "mnist",
                "seed", 1000, 2000, "md5", 60, 55, 20, "UNIT");
        assertThrows(FileAlreadyExistsException.class,
                () -> OnnxExporter.export(retrained, retrainedMetadata, dir, false));
        assertArrayEquals(firstBytes, Files.readAllBytes(file), "a refused export leaves the file as it was");

        OnnxExporter.export(retrained, retrainedMetadata, dir, true);
        byte[] replaced = Files.readAllBytes(file);
        assertFalse(Arrays.equals(firstBytes, replaced), "the file changed");
        assertArrayEquals(OnnxExporter.toBytes(retrained, retrainedMetadata), replaced, "it holds the new model");
        assertEquals(retrainedMetadata, OnnxModelFile.readMetadata(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void a_truncated_onnx_file_gives_a_clear_error_not_a_crash(@TempDir Path dir) throws IOException {
        Path file = OnnxExporter.export(graphWith(z -> z), METADATA, dir, false);
        byte[] whole = Files.readAllBytes(file);
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));

        IOException e = assertThrows(IOException.class, () -> OnnxModelFile.readMetadata(truncated));
        assertEquals(truncated + " is not a readable ONNX model (truncated or corrupt)", e.getMessage());
        OrtException ort = assertThrows(OrtException.class,
                () -> OrtEnvironment.getEnvironment().createSession(truncated.toString(), new OrtSession.SessionOptions()));
        assertFalse(ort.getMessage().isBlank());
    }
}
