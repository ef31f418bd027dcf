package digitlab.serving.inference.foreign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sidecar {@code <id>.json} beside a flat {@code <id>.onnx}: one JSON object of {@link Declaration}'s
 * settings, e.g. {@code {"scale": "0..255"}} or {@code {"normalize": "0.1307/0.3081"}}.
 */
public final class Sidecar {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Sidecar() {}

    /** @throws IllegalArgumentException when the text is not one JSON object of text or number values */
    public static Map<String, String> settings(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("is not a JSON object of settings, e.g. {\"scale\": \"0..255\"}");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) root::fields) {
            if (!e.getValue().isValueNode()) {
                throw new IllegalArgumentException("gives '" + e.getKey() + "' as " + e.getValue().getNodeType()
                        .toString().toLowerCase(java.util.Locale.ROOT) + "; settings are text, e.g. \"0..255\"");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
