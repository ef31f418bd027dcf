package digitlab.serving.inference;

import java.util.regex.Pattern;

/**
 * What a client may read of an ONNX Runtime run-time failure. Its messages quote the C++ source path,
 * line and function that failed ({@code /onnxruntime_src/.../reshape_helper.h:39
 * onnxruntime::ReshapeHelper::ReshapeHelper(...) size != 0 ... was false.}), which describe the
 * server's build rather than the fault; what remains names the node and says what went wrong.
 */
final class RunFailure {
    private static final Pattern SOURCE_PATH = Pattern.compile("\\S*/\\S+\\.(h|hpp|cc|cpp|c):\\d+\\s*");
    private static final Pattern CPP_FUNCTION = Pattern.compile("\\S+::\\S+\\([^)]*\\)\\s*");
    private static final Pattern FAILED_CHECK = Pattern.compile("^[^.]*? was false\\.\\s*");
    private static final int MAX_CHARS = 300;

    private RunFailure() {}

    static String describe(String ortMessage) {
        String text = ortMessage == null ? "" : ortMessage;
        int start = text.indexOf("message: ");
        text = start < 0 ? text : text.substring(start + "message: ".length());
        text = text.replace("Non-zero status code returned while running ", "running ");
        text = text.replace(" Status Message: ", ": ");
        text = SOURCE_PATH.matcher(text).replaceAll("");
        text = CPP_FUNCTION.matcher(text).replaceAll("");
        int colon = text.indexOf(": ");
        if (colon > 0) {
            text = text.substring(0, colon + 2) + FAILED_CHECK.matcher(text.substring(colon + 2)).replaceFirst("");
        }
        text = text.replaceAll("\\s+", " ").strip();
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS) + "...";
    }
}
