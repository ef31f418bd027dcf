package digitlab.serving.inference.foreign;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * The pixels a model expects, as a change of the contract's pixels (white digit on black, in [0, 1]):
 * first inverted when the model wants a dark digit on light paper, then multiplied by 255 when it wants
 * 0..255, then normalised as {@code (x - mean) / std} when it names a mean and standard deviation (on
 * the scale just chosen, as {@code torchvision.transforms.Normalize} does after {@code ToTensor}).
 */
public record PixelConvention(boolean blackOnWhite, boolean byteRange, float mean, float std) {
    /** What digit-lab's own files take. */
    public static final PixelConvention CONTRACT = new PixelConvention(false, false, 0f, 1f);
    /** MNIST's mean and standard deviation on [0, 1], the normalisation PyTorch's MNIST example uses. */
    static final float MNIST_MEAN = 0.1307f;
    static final float MNIST_STD = 0.3081f;

    public boolean identity() {
        return equals(CONTRACT);
    }

    public boolean normalised() {
        return mean != 0f || std != 1f;
    }

    /** Writes the model's pixels for the contract pixels {@code unit[from, from + count)} into {@code out[to...]}. */
    public void apply(float[] unit, int from, int count, float[] out, int to) {
        float scale = byteRange ? 255f : 1f;
        for (int i = 0; i < count; i++) {
            float x = unit[from + i];
            if (blackOnWhite) {
                x = 1f - x;
            }
            out[to + i] = (x * scale - mean) / std;
        }
    }

    /**
     * The few conventions worth trying when a model scores near chance as declared: both ranges, both
     * colourings, and normalisation as declared, none, or MNIST's on that range; this one first.
     */
    public List<PixelConvention> candidates() {
        LinkedHashSet<PixelConvention> out = new LinkedHashSet<>();
        out.add(this);
        for (boolean bytes : new boolean[] {byteRange, !byteRange}) {
            float range = bytes ? 255f : 1f;
            float[][] normalisations = {{mean, std}, {0f, 1f}, {MNIST_MEAN * range, MNIST_STD * range}};
            for (boolean inverted : new boolean[] {blackOnWhite, !blackOnWhite}) {
                for (float[] n : normalisations) {
                    out.add(new PixelConvention(inverted, bytes, n[0], n[1]));
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** The declaration's settings that give this convention, e.g. {@code scale 0..255}; "the defaults" when none. */
    public String settings() {
        List<String> parts = new ArrayList<>();
        if (byteRange) {
            parts.add(Declaration.SCALE + " " + Declaration.BYTE_RANGE);
        }
        if (normalised()) {
            parts.add(Declaration.NORMALIZE + " " + number(mean) + "/" + number(std));
        }
        if (blackOnWhite) {
            parts.add(Declaration.COLORS + " " + Declaration.BLACK_ON_WHITE);
        }
        return parts.isEmpty() ? "the defaults (" + Declaration.SCALE + " " + Declaration.UNIT_RANGE + ", "
                + Declaration.COLORS + " " + Declaration.WHITE_ON_BLACK + ")" : String.join(", ", parts);
    }

    private static String number(float v) {
        String s = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
