package digitlab.core.metrics;

import java.util.Locale;

/**
 * The mean and the sample standard deviation (n − 1 in the denominator) of one quantity over
 * seeds. With one seed the std is undefined (NaN) and is printed as nothing rather than as 0,
 * because 0 would claim a precision a single run cannot give.
 */
public record MeanStd(double mean, double std, int n) {

    public static MeanStd of(double... values) {
        int n = values.length;
        if (n == 0) {
            return new MeanStd(Double.NaN, Double.NaN, 0);
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        if (n == 1) {
            return new MeanStd(mean, Double.NaN, 1);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return new MeanStd(mean, Math.sqrt(squares / (n - 1)), n);
    }

    public boolean hasStd() {
        return n >= 2 && !Double.isNaN(std);
    }

    /** "77.15 ± 0.42", or "77.15" for a single seed; two decimals like the study's table. */
    public String format() {
        if (n == 0) {
            return "";
        }
        return hasStd() ? String.format(Locale.ROOT, "%.2f ± %.2f", mean, std) : String.format(Locale.ROOT, "%.2f", mean);
    }
}
