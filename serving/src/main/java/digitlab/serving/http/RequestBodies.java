package digitlab.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies within the size limit, whether or not the client sent a Content-Length. */
final class RequestBodies {
    static final ObjectMapper JSON = new ObjectMapper();

    private final long maxBytes;

    RequestBodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Refuses a declared-too-large body before reading a byte of it. */
    void checkDeclaredLength(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(declared);
        }
    }

    byte[] bytes(Context ctx) {
        checkDeclaredLength(ctx);
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                throw tooLarge(-1);
            }
            return body;
        } catch (IOException e) {
            throw new BadRequestException("The request body could not be read: " + e.getMessage());
        }
    }

    JsonNode json(byte[] body) {
        if (body.length == 0) {
            throw new BadRequestException("The request body is empty; send a JSON object.");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequestException("The body must be a JSON object, e.g. {\"pixels\": [...784 numbers...]}.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequestException("The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException("The body could not be read: " + e.getMessage());
        }
    }

    /** @param declared the Content-Length the client sent, or -1 when it sent none */
    PayloadTooLargeException tooLarge(long declared) {
        return new PayloadTooLargeException(declared > 0
                ? "The request body is " + declared + " bytes; the limit is " + maxBytes + " bytes."
                : "The request body is larger than the limit of " + maxBytes + " bytes.");
    }

    /** The media type without parameters, lower case; empty when the client sent none. */
    static String mediaType(Context ctx) {
        String type = ctx.contentType();
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(java.util.Locale.ROOT);
    }

    static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }
}
