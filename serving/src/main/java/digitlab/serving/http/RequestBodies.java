package digitlab.serving.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.Context;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/** Reads request bodies within the size limit and a minimum rate, whether or not the client sent a Content-Length. */
final class RequestBodies {
    /**
     * Reads numbers with Jackson's fast double parser: the same doubles as the JDK's parser, at a
     * fraction of its cost, which was nearly a third of reading a one-digit /predict (784 numbers).
     */
    static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build());
    /** Checks the rate of every body being read; one thread for the whole JVM, as the checks are tiny. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "upload-rate-watchdog");
        t.setDaemon(true);
        return t;
    });
    private static final SlowUploadLog SLOW_UPLOADS = new SlowUploadLog(WATCHDOG);

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

    /**
     * Reads the body without holding a thread while it arrives (see {@link BodyListener}), then hands it
     * to {@code then} on the thread that delivered its last bytes. Errors {@code then} throws, and read
     * failures, reach the app's exception mapping like any handler's.
     */
    void read(Context ctx, Consumer<byte[]> then) {
        checkDeclaredLength(ctx);
        ServletInputStream in;
        byte[] arrived;
        try {
            in = ctx.req().getInputStream();
            arrived = arrivedWhole(ctx.req().getContentLengthLong(), in);
        } catch (IOException e) {
            throw new BadRequestResponse("The request body could not be read: " + Quote.brief(e.getMessage()) + ".");
        }
        if (arrived != null) {
            then.accept(arrived);
            return;
        }
        // Javalin puts the request in async mode before it calls the supplier: a read listener needs that.
        ctx.future(() -> BodyListener.start(in, this, WATCHDOG).thenAccept(then));
    }

    /** A body was cut off for arriving too slowly: counted into one summary line, not a line each. */
    void cutOffSlowUpload() {
        SLOW_UPLOADS.cutOff();
    }

    /**
     * The body, when it declared its length and every byte of it arrived with the headers (a one-digit
     * JSON does), so reading it cannot wait for the client: read at once, without the read listener, its
     * watchdog task and the hand-off to another thread that a body still arriving needs. Null otherwise.
     */
    private static byte[] arrivedWhole(long declared, ServletInputStream in) throws IOException {
        if (declared < 0 || declared > Integer.MAX_VALUE || (declared > 0 && in.available() < declared)) {
            return null;
        }
        byte[] body = new byte[(int) declared];
        int got = 0;
        while (got < body.length) {
            int n = in.read(body, got, body.length - got);
            if (n < 0) {
                throw new BadRequestResponse("The request body ended after " + got + " of its " + declared + " bytes.");
            }
            got += n;
        }
        return body;
    }

    /** @param declared the Content-Length the client sent, or -1 when it sent none */
    ContentTooLargeResponse tooLarge(long declared) {
        return new ContentTooLargeResponse(declared > 0
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
