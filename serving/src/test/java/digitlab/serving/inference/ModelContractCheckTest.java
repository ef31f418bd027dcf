package digitlab.serving.inference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Variants of a fixture made by replacing one name with another of the same length, which keeps the
 * protobuf valid: a tensor or metadata key renamed is exactly the mistake an exporter could make.
 */
class ModelContractCheckTest {
    private final ModelLoader loader = new ModelLoader(1);

    @Test
    void a_model_whose_tensors_have_other_names_is_served_through_its_adapter_answering_as_the_original()
            throws Exception {
        Path original = TestServer.fixtureFiles().get(0);
        Path variant = variant("pixels", "pixelz");
        try (OnnxModel renamed = loader.load(variant); OnnxModel model = loader.load(original)) {
            assertFalse(renamed.adapter().contract(), "fitted by its adapter");
            assertTrue(model.adapter().contract(), "the original keeps the contract as it is");
            PixelBatch digit = PixelBatch.single(digitlab.serving.Mnist.pixels(0));
            org.junit.jupiter.api.Assertions.assertArrayEquals(model.probabilities(digit), renamed.probabilities(digit));
        }
        Files.delete(variant);
    }

    @Test
    void a_model_whose_input_is_not_a_digit_is_refused_with_the_shapes_a_digit_classifier_has() throws Exception {
        Path variant = Files.createTempFile("image", ".onnx");
        Files.write(variant, new digitlab.serving.OnnxProto.Graph("g").input("pixels", -1, 3, 32, 32)
                .node("Identity", java.util.List.of("pixels"), "probabilities").output("probabilities", -1, 10).model());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> loader.load(variant));
        assertTrue(e.getMessage().contains("'pixels' is float32 [-1, 3, 32, 32]")
                && e.getMessage().contains("[N, 28, 28, 1]"), e.getMessage());
        Files.delete(variant);
    }

    @Test
    void a_model_missing_a_metadata_key_is_served_and_says_which_key() throws Exception {
        Path variant = variant("digitlab.test_size", "digitlab.test_sizX");
        try (OnnxModel model = loader.load(variant)) {
            assertFalse(model.metadata().isPresent());
            assertTrue(model.metadataProblem().orElse("").contains("digitlab.test_size"), model.metadataProblem().toString());
            float[] answer = model.probabilities(PixelBatch.single(new float[784]));
            assertTrue(answer.length == 10, "it still answers");
        }
        Files.delete(variant);
    }

    private static Path variant(String from, String to) throws Exception {
        byte[] bytes = Files.readAllBytes(TestServer.fixtureFiles().get(0));
        byte[] a = from.getBytes(StandardCharsets.US_ASCII);
        byte[] b = to.getBytes(StandardCharsets.US_ASCII);
        int replaced = 0;
        for (int i = 0; i + a.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + a.length, a, 0, a.length)) {
                System.arraycopy(b, 0, bytes, i, b.length);
                replaced++;
            }
        }
        assertTrue(replaced > 0, "the fixture mentions '" + from + "'");
        Path file = Files.createTempFile("variant", ".onnx");
        Files.write(file, bytes);
        return file;
    }
}
