package digitlab.serving.accuracy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where the server's own measurement of a model stands; clients read it as {@code "pending"}, {@code "done"} or {@code "failed"}. */
public enum AccuracyStatus {
    /** Not measured yet: the server measures models one after another once they load. */
    PENDING,
    DONE,
    /** The measurement could not be made; the figure's {@code error} says why. */
    FAILED;

    /** The word in the JSON answers and in logs. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
