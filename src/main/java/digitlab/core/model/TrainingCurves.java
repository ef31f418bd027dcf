package digitlab.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run's train and test accuracy per epoch, small enough to ride in the ONNX metadata, so a reader
 * (the server's page) can draw the run's curves from the model file alone.
 *
 * <p>Compact in two ways, both stated in the key's value: figures are rounded to 2 decimals, which
 * loses nothing (metrics.csv keeps 2, and one image of a 10000-image test set is 0.01 points); and a
 * run of more than {@value #MAX_POINTS} epochs keeps {@value #MAX_POINTS} of them, evenly spaced, the
 * first and the last included, each with its epoch number. Points are the measured values at those
 * epochs, not averages, so a curve never shows a figure the run did not reach. A 1000-epoch run then
 * costs about 3 KB instead of 14 KB, and the page's chart, under 1000 pixels wide, loses nothing visible.
 *
 * @param epochs zero-based epoch of each point, ascending
 * @param train train accuracy at each, percent
 * @param test test accuracy at each, percent
 */
public record TrainingCurves(List<Integer> epochs, List<Double> train, List<Double> test) {
    public static final int MAX_POINTS = 200;
    /** A model exported before curves were recorded: no points. */
    public static final TrainingCurves NONE = new TrainingCurves(List.of(), List.of(), List.of());
    private static final ObjectMapper JSON = new ObjectMapper();

    public TrainingCurves {
        epochs = List.copyOf(epochs);
        train = List.copyOf(train);
        test = List.copyOf(test);
        if (train.size() != epochs.size() || test.size() != epochs.size()) {
            throw new IllegalArgumentException("Training curves need one train and one test figure per epoch: "
                    + epochs.size() + " epochs, " + train.size() + " train, " + test.size() + " test figures.");
        }
    }

    /** From every epoch's figures (index = epoch), downsampled and rounded as the class says. */
    public static TrainingCurves ofEveryEpoch(double[] train, double[] test) {
        if (train.length != test.length) {
            throw new IllegalArgumentException("Train and test curves differ in length: " + train.length + " and " + test.length + ".");
        }
        List<Integer> epochs = new ArrayList<>();
        List<Double> tr = new ArrayList<>();
        List<Double> te = new ArrayList<>();
        for (int epoch : kept(train.length)) {
            epochs.add(epoch);
            tr.add(round(train[epoch]));
            te.add(round(test[epoch]));
        }
        return new TrainingCurves(epochs, tr, te);
    }

    /** Which of n epochs stay: all up to MAX_POINTS, else MAX_POINTS evenly spaced, first and last included. */
    static List<Integer> kept(int n) {
        List<Integer> out = new ArrayList<>();
        if (n <= MAX_POINTS) {
            for (int e = 0; e < n; e++) {
                out.add(e);
            }
            return out;
        }
        for (int i = 0; i < MAX_POINTS; i++) {
            // Steps of (n-1)/(MAX_POINTS-1) > 1, so rounding never repeats an epoch.
            out.add((int) Math.round(i * (n - 1) / (double) (MAX_POINTS - 1)));
        }
        return out;
    }

    public boolean isEmpty() {
        return epochs.isEmpty();
    }

    /** The metadata value: {@code {"epoch":[0,1,...],"train":[12.5,...],"test":[11.2,...]}}. */
    public String toProp() {
        StringBuilder out = new StringBuilder("{\"epoch\":[");
        for (int i = 0; i < epochs.size(); i++) {
            out.append(i == 0 ? "" : ",").append(epochs.get(i));
        }
        out.append("],\"train\":");
        numbers(out, train);
        out.append(",\"test\":");
        numbers(out, test);
        return out.append('}').toString();
    }

    /** Reads a value written by {@link #toProp()}; a malformed one is one sentence. */
    public static TrainingCurves parse(String value) {
        try {
            JsonNode node = JSON.readTree(value);
            List<Integer> epochs = new ArrayList<>();
            List<Double> train = new ArrayList<>();
            List<Double> test = new ArrayList<>();
            node.required("epoch").forEach(e -> epochs.add(e.asInt()));
            node.required("train").forEach(e -> train.add(e.asDouble()));
            node.required("test").forEach(e -> test.add(e.asDouble()));
            return new TrainingCurves(epochs, train, test);
        } catch (java.io.IOException | IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("The model metadata entry '" + MetadataKeys.CURVES
                    + "' is not a set of training curves: " + e.getMessage());
        }
    }

    private static void numbers(StringBuilder out, List<Double> values) {
        out.append('[');
        for (int i = 0; i < values.size(); i++) {
            // 79.25, 100, 80.5: no trailing zeros, no exponent.
            String v = new java.math.BigDecimal(String.format(Locale.ROOT, "%.2f", values.get(i)))
                    .stripTrailingZeros().toPlainString();
            out.append(i == 0 ? "" : ",").append(v);
        }
        out.append(']');
    }

    private static double round(double percent) {
        return Math.round(percent * 100) / 100.0;
    }
}
