package digitlab.serving.inference.foreign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TritonConfigTest {
    @Test
    void the_fields_read_are_parsed_and_every_other_field_is_skipped() {
        TritonConfig config = TritonConfig.parse("""
                # a config as Triton's docs write one
                name: "mnist"
                platform: "onnxruntime_onnx"
                max_batch_size: 8
                version_policy: { latest: { num_versions: 2 } }
                input [
                  { name: "Input3", data_type: TYPE_FP32, format: FORMAT_NCHW, dims: [ 1, 28, 28 ]
                    reshape: { shape: [ 784 ] } }
                ]
                output { name: "out" data_type: TYPE_FP32 dims: 10 label_filename: "labels.txt" }
                instance_group [ { count: 1, kind: KIND_CPU } ]
                dynamic_batching { preferred_batch_size: [ 4, 8 ] }
                parameters { key: "scale" value: { string_value: "0..255" } }
                parameters: { key: "colors", value: { string_value: "black-on-white" } }
                """);
        assertEquals("mnist", config.name());
        assertEquals("onnxruntime_onnx", config.platform());
        assertEquals(8, config.maxBatchSize());
        assertEquals(List.of(new TritonConfig.Tensor("Input3", "TYPE_FP32", "FORMAT_NCHW", List.of(1L, 28L, 28L))),
                config.inputs());
        assertEquals(List.of(10L), config.outputs().get(0).dims());
        assertEquals(Map.of("scale", "0..255", "colors", "black-on-white"), config.parameters());
        Declaration declared = Declaration.of(config.parameters(), false);
        assertTrue(declared.pixels().byteRange() && declared.pixels().blackOnWhite());
    }

    @Test
    void text_that_is_not_protobuf_text_is_refused_with_where() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TritonConfig.parse("name: \"m\"\nmax_batch_size: eight\n"));
        assertTrue(e.getMessage().startsWith("config.pbtxt is not valid protobuf text: 2:"), e.getMessage());
    }

    @Test
    void a_sidecar_setting_that_does_not_exist_is_refused_while_Triton_parameters_of_other_backends_are_not() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Declaration.of(Sidecar.settings("{\"scaling\": \"0..255\"}"), true));
        assertEquals("'scaling' is not a setting; the settings are scale, normalize, colors and output", e.getMessage());
        assertEquals(Declaration.NONE.pixels(), Declaration.of(Map.of("EXECUTION_ENV_PATH", "x"), false).pixels());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Declaration.of(Map.of("normalize", "0.13"), true));
        assertTrue(bad.getMessage().contains("MEAN/STD"), bad.getMessage());
    }
}
