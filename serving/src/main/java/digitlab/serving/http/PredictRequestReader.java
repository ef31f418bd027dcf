package digitlab.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.serving.image.ImageDecoder;
import digitlab.serving.image.ImageRejectedException;
import digitlab.serving.image.ImageTooLargeException;
import digitlab.serving.image.MnistPreprocessor;
import digitlab.serving.image.PixelBudget;
import digitlab.serving.inference.PixelBatch;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import io.javalin.http.UnsupportedMediaTypeResponse;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.server.MultiPartFormInputStream;

/**
 * Client IO only: turns the many shapes a {@code POST /predict} body can take into a
 * {@link PixelBatch}. JSON pixel arrays, an image as the raw body, base64 images in JSON, or
 * multipart files; images go through the MNIST preprocessing.
 */
final class PredictRequestReader {
    static final String ACCEPTED = "Send JSON {\"pixels\": [...]} or {\"image\": \"<base64>\"} as application/json, "
            + "an image as image/png, image/jpeg, image/bmp or image/gif, or files as multipart/form-data.";

    private static final String MULTIPART = "multipart/form-data";
    /**
     * Images one request may hold, as JSON or as multipart parts (Jetty's own default part limit): each
     * costs a decoder's set-up whatever its size, 10000 tiny ones cost 2.25 CPU-s.
     */
    private static final int MAX_IMAGES = 1000;
    private static final int MAX_PARTS = MAX_IMAGES;

    private final RequestBodies bodies;
    private final ImageDecoder decoder;
    private final long requestPixels;

    /**
     * @param requestPixels image pixels one request may make the server decode in all, whatever number
     *     of images carries them
     */
    PredictRequestReader(RequestBodies bodies, ImageDecoder decoder, long requestPixels) {
        this.bodies = bodies;
        this.decoder = decoder;
        this.requestPixels = requestPixels;
    }

    /** Reads the body as it arrives, then hands its digits to {@code then}. */
    void read(Context ctx, Consumer<PixelBatch> then) {
        String type = RequestBodies.mediaType(ctx);
        if (!type.isEmpty() && !RequestBodies.isJson(type) && !type.startsWith("image/") && !type.equals(MULTIPART)) {
            throw new UnsupportedMediaTypeResponse("/predict does not take " + Quote.brief(type) + ". " + ACCEPTED);
        }
        String contentType = ctx.contentType();
        bodies.read(ctx, body -> then.accept(parse(type, contentType, body)));
    }

    private PixelBatch parse(String type, String contentType, byte[] body) {
        PixelBudget budget = new PixelBudget(requestPixels, PixelBudget.DEFAULT_DECODED_PIXELS);
        if (type.equals(MULTIPART)) {
            return fromMultipart(contentType, body, budget);
        }
        // Without a content type, a body that opens like JSON is JSON; anything else may be an image.
        boolean json = RequestBodies.isJson(type) || (type.isEmpty() && looksLikeJson(body));
        return json ? fromJson(PredictJson.read(body), budget) : PixelBatch.single(image(body, "The body", budget));
    }

    private PixelBatch fromJson(PredictJson json, PixelBudget budget) {
        if (json.pixels() != null) {
            return json.pixels();
        }
        JsonNode root = json.rest();
        if (root.has("image")) {
            return PixelBatch.single(image(base64(root.get("image"), "'image'"), "The image", budget));
        }
        if (root.has("images") && root.get("images").isArray()) {
            List<float[]> rows = new ArrayList<>();
            JsonNode images = root.get("images");
            if (images.size() > MAX_IMAGES) {
                throw new ContentTooLargeResponse("'images' holds " + images.size() + " images; at most " + MAX_IMAGES
                        + " are decoded per request (send larger batches as JSON pixels).");
            }
            for (int i = 0; i < images.size(); i++) {
                rows.add(image(base64(images.get(i), "'images[" + i + "]'"), "Image " + i, budget));
            }
            return PixelBatch.of(rows, false);
        }
        throw new BadRequestResponse("The JSON has neither 'pixels' nor 'image'. " + ACCEPTED);
    }

    /**
     * Parses the multipart body from the bytes already read (with Jetty's own parser): the request's
     * input stream is read without blocking, so the servlet's getParts() cannot read it again.
     */
    private PixelBatch fromMultipart(String contentType, byte[] body, PixelBudget budget) {
        MultipartConfigElement limits = new MultipartConfigElement("", bodies.maxBytes(), bodies.maxBytes(),
                (int) Math.min(bodies.maxBytes() + 1, Integer.MAX_VALUE));
        List<Part> files;
        try {
            MultiPartFormInputStream parser = new MultiPartFormInputStream(new ByteArrayInputStream(body), contentType,
                    limits, null, MAX_PARTS);
            files = parser.getParts().stream().filter(p -> p.getSubmittedFileName() != null).toList();
        } catch (Exception e) {
            throw MultipartFailure.explain(e, bodies.maxBytes());
        }
        if (files.isEmpty()) {
            throw new BadRequestResponse("The multipart body has no file part; attach one image per digit.");
        }
        List<float[]> rows = new ArrayList<>();
        for (Part file : files) {
            String name = "The file '" + Quote.brief(file.getSubmittedFileName()) + "'";
            try (InputStream in = file.getInputStream()) {
                rows.add(image(in.readAllBytes(), name, budget));
            } catch (IOException e) {
                throw new BadRequestResponse(name + " cannot be read: " + Quote.brief(e.getMessage()));
            }
        }
        return PixelBatch.of(rows, files.size() == 1);
    }

    private float[] image(byte[] bytes, String what, PixelBudget budget) {
        if (bytes.length == 0) {
            throw new BadRequestResponse(what + " is empty. " + ACCEPTED);
        }
        try {
            return MnistPreprocessor.toMnist(decoder.decode(bytes, budget));
        } catch (ImageTooLargeException e) {
            throw new ImageTooLargeException(prefixed(what, e.getMessage()));
        } catch (ImageRejectedException e) {
            throw new ImageRejectedException(prefixed(what, e.getMessage()));
        }
    }

    /** Names the image in the message when the request held more than one way to be wrong. */
    private static String prefixed(String what, String message) {
        if (what.equals("The body") || what.equals("The image")) {
            return message;
        }
        return what + ": " + Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    private static byte[] base64(JsonNode node, String name) {
        if (node == null || !node.isTextual()) {
            throw new BadRequestResponse(name + " must be a base64 string (a data: URL is fine too).");
        }
        String text = node.asText();
        int comma = text.indexOf(',');
        if (text.startsWith("data:") && comma > 0) {
            text = text.substring(comma + 1);
        }
        try {
            return Base64.getMimeDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(name + " is not valid base64: " + e.getMessage());
        }
    }

    private static boolean looksLikeJson(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '{' || b == '[';
            }
        }
        return false;
    }
}
