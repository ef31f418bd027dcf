package digitlab.serving.http;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.HttpResponseException;
import java.util.Locale;

/**
 * Says why Jetty's multipart parser refused a body. It reports every refusal as an
 * {@link IllegalStateException} or {@link java.io.IOException} whose message alone tells the reasons
 * apart, so a size limit, too many parts, an overlong part-header line and a body that is not
 * multipart at all each get their own status and sentence instead of one false 413 (or a 500).
 */
final class MultipartFailure {
    private MultipartFailure() {}

    static HttpResponseException explain(Exception failure, long maxBytes) {
        String message = messages(failure);
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("maxrequestsize") || lower.contains("max filesize")) {
            return new ContentTooLargeResponse("The upload is larger than the limit of " + maxBytes + " bytes.");
        }
        if (lower.contains("too many parts")) {
            return new BadRequestResponse("The multipart body has too many parts (" + Quote.brief(message)
                    + "); send one file part per digit.");
        }
        if (lower.contains("header line exceeded")) {
            return new BadRequestResponse("A part header line of the multipart body is too long.");
        }
        if (lower.contains("missing initial multi part boundary")) {
            return new BadRequestResponse("The body is not multipart/form-data: it does not start with the boundary "
                    + "its Content-Type names.");
        }
        return new BadRequestResponse("The multipart body is malformed: " + Quote.brief(message) + ".");
    }

    /** The messages down the cause chain: Jetty wraps its parser's errors. */
    private static String messages(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null && out.length() < 1000; t = t.getCause()) {
            if (t.getMessage() != null && !out.toString().contains(t.getMessage())) {
                out.append(out.length() == 0 ? "" : "; ").append(t.getMessage());
            }
        }
        return out.length() == 0 ? failure.getClass().getSimpleName() : out.toString();
    }
}
