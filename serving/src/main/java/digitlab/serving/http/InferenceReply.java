package digitlab.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import digitlab.core.model.ModelContract;
import digitlab.serving.service.OpenInferenceService;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a v2 inference response: the protocol's JSON object, or, when the output was asked for as
 * binary data, that object with {@code binary_data_size} in place of {@code data}, followed by the
 * floats little-endian, with the JSON's length in {@code Inference-Header-Content-Length}.
 */
final class InferenceReply {
    private InferenceReply() {}

    static void write(Context ctx, InferenceRequest request, OpenInferenceService.Answer answer) {
        float[] probabilities = answer.probabilities();
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("name", ModelContract.OUTPUT);
        output.put("datatype", OpenInferenceService.FP32);
        output.put("shape", List.of(answer.rows(), ModelContract.CLASSES));
        if (request.binaryOutput()) {
            output.put("parameters", Map.of("binary_data_size", probabilities.length * Float.BYTES));
        } else {
            output.put("data", probabilities);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_name", answer.model());
        body.put("model_version", answer.version());
        if (request.id() != null) {
            body.put("id", request.id());
        }
        body.put("outputs", List.of(output));
        if (!request.binaryOutput()) {
            ctx.json(body);
            return;
        }
        byte[] json = jsonBytes(body);
        ByteBuffer out = ByteBuffer.allocate(json.length + probabilities.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        out.put(json);
        out.asFloatBuffer().put(probabilities);
        ctx.header(InferenceRequestReader.HEADER_LENGTH, Integer.toString(json.length));
        ctx.contentType("application/octet-stream").result(out.array());
    }

    private static byte[] jsonBytes(Map<String, Object> body) {
        try {
            return RequestBodies.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The inference response could not be written as JSON", e);
        }
    }
}
