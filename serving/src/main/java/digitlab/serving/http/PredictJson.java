package digitlab.serving.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digitlab.core.model.ModelContract;
import digitlab.serving.inference.PixelBatch;
import io.javalin.http.BadRequestResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code POST /predict} JSON body read in one streaming pass: {@code pixels} straight into floats,
 * every other field as a tree. A 10 MB body of pixels read as a tree first is 5 million nodes: about
 * 1 CPU-s of allocation and garbage collection before a single digit is answered. The commonest
 * body, one digit, is first tried by {@link OneDigitJson}, which is quicker still; every other body
 * (and every refusal) is this class's.
 *
 * @param pixels the digits sent as {@code pixels}, or null when the body has none
 * @param rest the body's other fields ({@code image}, {@code images}, ...)
 */
record PredictJson(PixelBatch pixels, ObjectNode rest) {
    private static final String PIXELS = "pixels";
    private static final String PIXELS_SHAPE =
            "'pixels' must be an array of 784 numbers, or an array of such arrays.";

    static PredictJson read(byte[] body) {
        if (body.length == 0) {
            throw new BadRequestResponse("The request body is empty; send a JSON object.");
        }
        float[] oneDigit = OneDigitJson.read(body);
        if (oneDigit != null) {
            return new PredictJson(PixelBatch.single(oneDigit), RequestBodies.JSON.createObjectNode());
        }
        try (JsonParser parser = RequestBodies.JSON.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new BadRequestResponse("The body must be a JSON object, e.g. {\"pixels\": [...784 numbers...]}.");
            }
            PixelBatch pixels = null;
            ObjectNode rest = RequestBodies.JSON.createObjectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals(PIXELS)) {
                    pixels = pixels(parser);
                } else {
                    rest.set(name, parser.readValueAsTree());
                }
            }
            return new PredictJson(pixels, rest);
        } catch (JsonProcessingException e) {
            throw new BadRequestResponse("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestResponse("The body could not be read: " + e.getMessage());
        }
    }

    /** One digit (an array of numbers) or a batch (an array of such arrays); the parser is on the value. */
    private static PixelBatch pixels(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new BadRequestResponse(PIXELS_SHAPE);
        }
        JsonToken first = parser.nextToken();
        if (first == JsonToken.END_ARRAY) {
            throw new BadRequestResponse(PIXELS_SHAPE);
        }
        if (first != JsonToken.START_ARRAY) {
            return PixelBatch.single(numbersFrom(parser, PIXELS));
        }
        List<float[]> rows = new ArrayList<>();
        for (JsonToken t = first; t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            String name = PIXELS + "[" + rows.size() + "]";
            if (t != JsonToken.START_ARRAY) {
                throw new BadRequestResponse("'" + name + "' must be an array of numbers.");
            }
            parser.nextToken();
            rows.add(numbersFrom(parser, name));
            if (rows.size() > PixelBatch.MAX_ROWS) {
                break; // refused by PixelBatch without reading further
            }
        }
        return PixelBatch.of(rows, false);
    }

    /** The numbers of the array whose first element the parser is on, up to the array's end. */
    private static float[] numbersFrom(JsonParser parser, String name) throws IOException {
        float[] out = new float[ModelContract.FEATURES];
        int n = 0;
        for (JsonToken t = parser.currentToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            if (!t.isNumeric()) {
                JsonNode value = parser.readValueAsTree();
                throw new BadRequestResponse("'" + name + "[" + n + "]' is " + Quote.brief(value)
                        + ", not a number.");
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            // As a tree's number node would give it: the double parsed, then rounded to float.
            out[n++] = (float) parser.getDoubleValue();
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
