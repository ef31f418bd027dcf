package digitlab.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import digitlab.core.model.ModelContract;
import digitlab.serving.inference.PixelBatch;
import digitlab.serving.service.OpenInferenceService;
import io.javalin.http.BadRequestResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a v2 infer request body: the protocol's JSON object, optionally followed by binary tensor data
 * (the binary tensor data extension: the JSON's length in the {@code Inference-Header-Content-Length}
 * header, each binary input's byte count in its {@code binary_data_size} parameter, its floats
 * little-endian and row-major, the inputs' bytes one after another in the order the inputs are listed).
 * What the fields must hold is {@link OpenInferenceService}'s, shared with the gRPC service.
 */
final class InferenceRequestReader {
    static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    private static final Set<String> REQUEST_PARAMETERS = Set.of("binary_data_output");
    private static final Set<String> INPUT_PARAMETERS = Set.of("binary_data_size");
    private static final Set<String> OUTPUT_PARAMETERS = Set.of("binary_data");

    private InferenceRequestReader() {}

    /**
     * @param body the whole body, already bounded by the server's body limit
     * @param headerLength the {@code Inference-Header-Content-Length} header's value, or null when absent
     */
    static InferenceRequest read(byte[] body, String headerLength) {
        int jsonLength = jsonLength(body.length, headerLength);
        JsonNode request = parseJson(body, jsonLength);
        ByteBuffer binary = ByteBuffer.wrap(body, jsonLength, body.length - jsonLength).slice().order(ByteOrder.LITTLE_ENDIAN);
        String id = idOf(request);
        boolean binaryByDefault = requestParameters(request);
        PixelBatch batch = batchOf(request, binary);
        if (binary.hasRemaining()) {
            throw new BadRequestResponse("The body has " + binary.remaining() + " bytes after the JSON header and the "
                    + "inputs' binary_data_size; nothing may follow the last binary input.");
        }
        return new InferenceRequest(id, batch, binaryOutput(request, binaryByDefault));
    }

    private static int jsonLength(int bodyLength, String header) {
        if (header == null) {
            return bodyLength;
        }
        long length;
        try {
            length = Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            throw new BadRequestResponse(HEADER_LENGTH + " is '" + Quote.brief(header) + "', not a byte count.");
        }
        if (length < 1 || length > bodyLength) {
            throw new BadRequestResponse(HEADER_LENGTH + " is " + length + "; the body has " + bodyLength
                    + " bytes, and the JSON header must be 1 to that many.");
        }
        return (int) length;
    }

    private static JsonNode parseJson(byte[] body, int length) {
        if (length == 0) {
            throw new BadRequestResponse("The request body is empty; send the inference request JSON object.");
        }
        try {
            JsonNode node = RequestBodies.JSON.readTree(body, 0, length);
            if (node == null || !node.isObject()) {
                throw new BadRequestResponse("The inference request must be a JSON object with 'inputs'.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse("The inference request is not valid JSON"
                    + (length < body.length ? " (is " + HEADER_LENGTH + " its length?)" : "") + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestResponse("The inference request could not be read: " + e.getMessage());
        }
    }

    private static String idOf(JsonNode request) {
        JsonNode id = request.get("id");
        if (id == null || id.isNull()) {
            return null;
        }
        if (!id.isTextual()) {
            throw new BadRequestResponse("'id' must be a string.");
        }
        return OpenInferenceService.checkId(id.asText());
    }

    /** The request-level parameters; returns binary_data_output, the default for outputs not listed. */
    private static boolean requestParameters(JsonNode request) {
        JsonNode parameters = parametersOf(request, "the request", REQUEST_PARAMETERS);
        return parameters != null && bool(parameters, "binary_data_output", "the request");
    }

    private static PixelBatch batchOf(JsonNode request, ByteBuffer binary) {
        JsonNode inputs = request.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.size() != 1) {
            throw new BadRequestResponse("'inputs' must hold exactly one tensor, '" + ModelContract.INPUT + "'.");
        }
        JsonNode input = inputs.get(0);
        OpenInferenceService.checkInput(input.path("name").asText(""), input.path("datatype").asText(""));
        int rows = OpenInferenceService.rowsOf(shapeOf(input.get("shape")), String.valueOf(input.get("shape")));
        JsonNode parameters = parametersOf(input, "the input", INPUT_PARAMETERS);
        float[] values = parameters != null && parameters.has("binary_data_size")
                ? binaryData(input, parameters.get("binary_data_size"), rows, binary)
                : jsonData(input.get("data"), rows, input.get("shape"));
        return OpenInferenceService.batch(values, rows);
    }

    /** The shape's whole numbers; null when it is not an array of them. */
    private static long[] shapeOf(JsonNode shape) {
        if (shape == null || !shape.isArray()) {
            return null;
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!shape.get(i).canConvertToLong() || !shape.get(i).isIntegralNumber()) {
                return null;
            }
            dims[i] = shape.get(i).asLong();
        }
        return dims;
    }

    private static float[] binaryData(JsonNode input, JsonNode size, int rows, ByteBuffer binary) {
        if (input.has("data")) {
            throw new BadRequestResponse("The input has both 'data' and binary_data_size; send one.");
        }
        long expected = (long) rows * ModelContract.FEATURES * Float.BYTES;
        if (!size.canConvertToLong() || size.asLong() != expected) {
            throw new BadRequestResponse("The input's binary_data_size is " + Quote.brief(size) + "; " + rows + " x "
                    + ModelContract.FEATURES + " FP32 values are " + expected + " bytes.");
        }
        if (binary.remaining() < expected) {
            throw new BadRequestResponse("The input's binary_data_size is " + expected + " bytes but only "
                    + binary.remaining() + " follow the JSON header.");
        }
        float[] values = new float[rows * ModelContract.FEATURES];
        binary.asFloatBuffer().get(values);
        binary.position(binary.position() + (int) expected);
        return values;
    }

    /** The protocol allows data flat or nested to the tensor's shape; both are read row-major. */
    private static float[] jsonData(JsonNode data, int rows, JsonNode shape) {
        List<Float> flat = new ArrayList<>();
        flatten(data, flat);
        if (flat.size() != rows * ModelContract.FEATURES) {
            throw new BadRequestResponse("The input data has " + flat.size() + " numbers; shape " + Quote.brief(shape) + " needs "
                    + rows * ModelContract.FEATURES + ".");
        }
        float[] values = new float[flat.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = flat.get(i);
        }
        return values;
    }

    private static void flatten(JsonNode node, List<Float> out) {
        if (node == null || node.isNull()) {
            throw new BadRequestResponse("The input tensor has no 'data' and no binary_data_size parameter.");
        }
        if (node.isArray()) {
            for (JsonNode child : node) {
                flatten(child, out);
            }
        } else if (node.isNumber()) {
            out.add(node.floatValue());
        } else {
            throw new BadRequestResponse("The input data holds " + Quote.brief(node) + ", not a number.");
        }
    }

    /** Whether the one output goes back as binary: its own binary_data, else the request's default. */
    private static boolean binaryOutput(JsonNode request, boolean byDefault) {
        JsonNode outputs = request.get("outputs");
        if (outputs == null || outputs.isNull()) {
            return byDefault;
        }
        if (!outputs.isArray()) {
            throw new BadRequestResponse("'outputs' must be an array of requested outputs.");
        }
        boolean binary = byDefault;
        for (JsonNode output : outputs) {
            OpenInferenceService.checkOutput(output.path("name").asText(""));
            JsonNode parameters = parametersOf(output, "the output", OUTPUT_PARAMETERS);
            if (parameters != null && parameters.has("binary_data")) {
                binary = bool(parameters, "binary_data", "the output");
            }
        }
        return binary;
    }

    /** The node's {@code parameters} object, after refusing any parameter not in {@code supported}. */
    private static JsonNode parametersOf(JsonNode node, String where, Set<String> supported) {
        JsonNode parameters = node.get("parameters");
        if (parameters == null || parameters.isNull()) {
            return null;
        }
        if (!parameters.isObject()) {
            throw new BadRequestResponse("The 'parameters' of " + where + " must be a JSON object.");
        }
        List<String> names = new ArrayList<>();
        parameters.fieldNames().forEachRemaining(names::add);
        OpenInferenceService.refuseUnsupported(names, where, supported);
        return parameters;
    }

    private static boolean bool(JsonNode parameters, String name, String where) {
        JsonNode value = parameters.get(name);
        if (value == null) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new BadRequestResponse("The parameter '" + name + "' of " + where + " must be true or false, not "
                    + Quote.brief(value) + ".");
        }
        return value.asBoolean();
    }
}
