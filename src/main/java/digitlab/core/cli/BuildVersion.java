package digitlab.core.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version the build stamped into the core jar: what {@code -V} prints and the server reports. */
public final class BuildVersion implements CommandLine.IVersionProvider {
    private static final String RESOURCE = "/digit-lab-version.properties";

    /** The project's version, e.g. {@code 0.1.0}; "unknown" only if the jar was built without its resource. */
    public static String of() {
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"digit-lab " + of()};
    }
}
