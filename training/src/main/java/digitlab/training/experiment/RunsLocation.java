package digitlab.training.experiment;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where {@code --runs} points: a folder (the default), or a Hadoop FileSystem URI such as
 * {@code hdfs://nn:8020/runs} or {@code s3a://bucket/runs}. Runs bound for a URI are trained in a
 * local staging folder and copied there when their stack ends, by an engine that can (Spark).
 */
public final class RunsLocation {
    private static final Pattern URI_FORM = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");

    private RunsLocation() {}

    /** The URI the command's {@code --runs} names (the last one given), or null for a plain folder. */
    public static URI uriOrNull(List<String> args) {
        String value = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--runs") && i + 1 < args.size()) {
                value = args.get(++i);
            } else if (a.startsWith("--runs=")) {
                value = a.substring("--runs=".length());
            }
        }
        return value != null && URI_FORM.matcher(value).matches() ? URI.create(value) : null;
    }
}
