package digitlab.serving.inference.foreign;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What is declared beside a model trained elsewhere: the pixel convention it expects and what its
 * output is. The same four settings, all optional, are read from a sidecar {@code <id>.json} beside a
 * flat {@code <id>.onnx} or from the {@code parameters} of Triton's {@code config.pbtxt}:
 * <ul>
 *   <li>{@code scale}: {@code 0..1} (default) or {@code 0..255};
 *   <li>{@code normalize}: {@code MEAN/STD}, applied after the scale, e.g. {@code 0.1307/0.3081};
 *   <li>{@code colors}: {@code white-on-black} (default, as MNIST) or {@code black-on-white};
 *   <li>{@code output}: {@code auto} (default; the rule in {@link OutputKind}), {@code probabilities},
 *       {@code logits} or {@code log-probabilities}.
 * </ul>
 *
 * @param settings the settings as written, for {@code /models} and the cache key; empty when nothing is declared
 */
public record Declaration(PixelConvention pixels, OutputKind output, Map<String, String> settings) {
    public static final String SCALE = "scale";
    public static final String NORMALIZE = "normalize";
    public static final String COLORS = "colors";
    public static final String OUTPUT = "output";
    static final String UNIT_RANGE = "0..1";
    static final String BYTE_RANGE = "0..255";
    static final String WHITE_ON_BLACK = "white-on-black";
    static final String BLACK_ON_WHITE = "black-on-white";
    private static final Set<String> KEYS = Set.of(SCALE, NORMALIZE, COLORS, OUTPUT);

    public static final Declaration NONE = new Declaration(PixelConvention.CONTRACT, OutputKind.AUTO, Map.of());

    public Declaration {
        settings = Map.copyOf(settings);
    }

    /**
     * @param strict true for the sidecar, which holds only these settings, so a key it does not know is a
     *     typo worth refusing; false for Triton's parameters, which other backends' settings share
     * @throws IllegalArgumentException naming the setting that cannot be read
     */
    public static Declaration of(Map<String, String> given, boolean strict) {
        Map<String, String> settings = new TreeMap<>();
        given.forEach((k, v) -> {
            if (KEYS.contains(k)) {
                settings.put(k, v == null ? "" : v.strip());
            } else if (strict) {
                throw new IllegalArgumentException("'" + k + "' is not a setting; the settings are " + SCALE + ", "
                        + NORMALIZE + ", " + COLORS + " and " + OUTPUT);
            }
        });
        boolean bytes = switch (settings.getOrDefault(SCALE, UNIT_RANGE)) {
            case UNIT_RANGE -> false;
            case BYTE_RANGE -> true;
            default -> throw new IllegalArgumentException(SCALE + " '" + settings.get(SCALE) + "' is neither "
                    + UNIT_RANGE + " nor " + BYTE_RANGE);
        };
        boolean inverted = switch (settings.getOrDefault(COLORS, WHITE_ON_BLACK)) {
            case WHITE_ON_BLACK -> false;
            case BLACK_ON_WHITE -> true;
            default -> throw new IllegalArgumentException(COLORS + " '" + settings.get(COLORS) + "' is neither "
                    + WHITE_ON_BLACK + " nor " + BLACK_ON_WHITE);
        };
        float mean = 0f;
        float std = 1f;
        if (settings.containsKey(NORMALIZE)) {
            String[] parts = settings.get(NORMALIZE).split("/");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                mean = Float.parseFloat(parts[0].strip());
                std = Float.parseFloat(parts[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(NORMALIZE + " '" + settings.get(NORMALIZE)
                        + "' is not MEAN/STD, e.g. 0.1307/0.3081");
            }
            if (!(std > 0) || !Float.isFinite(mean) || !Float.isFinite(std)) {
                throw new IllegalArgumentException(NORMALIZE + " '" + settings.get(NORMALIZE)
                        + "' needs a finite mean and a positive standard deviation");
            }
        }
        OutputKind output = settings.containsKey(OUTPUT) ? OutputKind.parse(settings.get(OUTPUT)) : OutputKind.AUTO;
        return new Declaration(new PixelConvention(inverted, bytes, mean, std), output, settings);
    }

    public boolean declared() {
        return !settings.isEmpty();
    }

    /** The settings in a fixed order, as text: part of the key a model's measured accuracy is cached under. */
    public String canonical() {
        return new LinkedHashMap<>(new TreeMap<>(settings)).toString();
    }
}
