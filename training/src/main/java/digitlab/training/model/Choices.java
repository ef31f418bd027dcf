package digitlab.training.model;

import digitlab.core.cli.UsageException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The lower-case names users type for enum choices, and parsing them back with a clear sentence. */
public final class Choices {
    private Choices() {}

    public static String id(Enum<?> choice) {
        return choice.name().toLowerCase(Locale.ROOT);
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
        for (E choice : type.getEnumConstants()) {
            if (id(choice).equalsIgnoreCase(text.strip())) {
                return choice;
            }
        }
        String options = Arrays.stream(type.getEnumConstants()).map(Choices::id).collect(Collectors.joining(", "));
        throw new UsageException("Unknown " + what + " '" + text + "': choose one of " + options + ".");
    }
}
