package digitlab.serving.http;

/**
 * Client text quoted back in an error message, cut to a short prefix: a 9 MB string in a field or an
 * 8 KB Content-Type must not come back as a 9 MB or 8 KB error body.
 */
public final class Quote {
    /** Enough to recognise what was sent; never enough to turn an error into an amplifier. */
    static final int MAX_CHARS = 64;
    /** The most any error message says, whatever built it (a backstop for messages from libraries). */
    static final int MAX_MESSAGE_CHARS = 1024;

    private Quote() {}

    /** {@code value}'s text, or its first {@value #MAX_CHARS} characters and how long it was. */
    public static String brief(Object value) {
        String text = String.valueOf(value);
        if (text.length() <= MAX_CHARS) {
            return text;
        }
        return text.substring(0, MAX_CHARS) + "... (" + text.length() + " characters)";
    }

    /** {@code message} cut to {@value #MAX_MESSAGE_CHARS} characters: the last guard before any error leaves the server. */
    public static String message(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
}
