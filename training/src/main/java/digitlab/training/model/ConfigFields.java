package digitlab.training.model;

import java.util.List;
import java.util.Map;

/**
 * The fields of a run's config as {@code run.json} holds it ({@link TrainConfig#toMap}), read by
 * type: the trainer reads them strictly ({@code required...}, failing with the field's name), the
 * report leniently (null when a field is missing or of another type, as in folders of older versions).
 */
public final class ConfigFields {
    private final Map<String, ?> fields;

    /** @param fields the config map; null reads as one without any field */
    public ConfigFields(Map<String, ?> fields) {
        this.fields = fields == null ? Map.of() : fields;
    }

    public boolean has(String field) {
        return fields.get(field) != null;
    }

    /** A string, number or boolean as text; null otherwise. */
    public String text(String field) {
        Object value = fields.get(field);
        return value instanceof String || value instanceof Number || value instanceof Boolean ? value.toString() : null;
    }

    public String text(String field, String fallback) {
        String value = text(field);
        return value == null ? fallback : value;
    }

    public Double number(String field) {
        return fields.get(field) instanceof Number n ? n.doubleValue() : null;
    }

    public Integer whole(String field) {
        return fields.get(field) instanceof Number n ? n.intValue() : null;
    }

    /** A list's whole numbers, in order (anything else in it left out); null when the field is no list. */
    public List<Integer> wholes(String field) {
        return fields.get(field) instanceof List<?> list
                ? list.stream().filter(Number.class::isInstance).map(n -> ((Number) n).intValue()).toList() : null;
    }

    public String requiredText(String field) {
        return required(field, text(field), "a text");
    }

    public Number requiredNumber(String field) {
        return required(field, fields.get(field) instanceof Number n ? n : null, "a number");
    }

    public List<Integer> requiredWholes(String field) {
        return required(field, wholes(field), "a list of numbers");
    }

    private static <T> T required(String field, T value, String what) {
        if (value == null) {
            throw new IllegalStateException("its config's '" + field + "' is not " + what);
        }
        return value;
    }
}
