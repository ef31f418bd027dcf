package digitlab.training.report;

import java.time.Duration;
import java.util.Locale;

/** Number and duration formats used across the report, locale-independent. */
final class Numbers {
    private Numbers() {}

    static String two(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String signed(double value) {
        return String.format(Locale.ROOT, "%+.2f", value);
    }

    static String one(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** "2 h 03 min", "4 min 12 s" or "850 ms". */
    static String duration(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (d.toHours() > 0) {
            return String.format(Locale.ROOT, "%d h %02d min", d.toHours(), d.toMinutesPart());
        }
        if (d.toMinutes() > 0) {
            return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
        }
        if (d.toSeconds() > 0) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return millis + " ms";
    }
}
