package digitlab.serving.http;

import com.fasterxml.jackson.core.io.NumberInput;
import digitlab.core.model.ModelContract;
import java.nio.charset.StandardCharsets;

/**
 * The commonest {@code POST /predict} body, one digit as {@code {"pixels": [784 numbers]}}, read
 * straight from its bytes. Through Jackson's general tokenizer the 784 numbers were 27% of the
 * server's CPU for a one-digit request (a token, a text buffer and a parse per number); here each
 * number is scanned once and, when short, converted exactly without leaving the loop.
 *
 * <p>It never refuses anything: any body that is not exactly this shape (another field, a batch,
 * a string among the numbers, broken JSON, another count than 784, a byte-order mark) makes it
 * answer null, and {@link PredictJson}'s general path reads the body again and accepts it or refuses
 * it with its usual message. For the bodies it does read, the floats are the general path's: the
 * double nearest the decimal, rounded to float.
 */
final class OneDigitJson {
    private static final byte[] PIXELS_FIELD = "\"pixels\"".getBytes(StandardCharsets.US_ASCII);
    /** Integers up to 2^53 and powers of ten up to 10^22 are exact doubles, so one division rounds correctly. */
    private static final long MAX_EXACT_MANTISSA = 1L << 53;
    private static final double[] POWERS_OF_TEN = new double[23];
    /** Longer numbers are left to the general path, whose parser has its own length limit. */
    private static final int MAX_NUMBER_LENGTH = 64;

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private final byte[] body;
    private int at;

    private OneDigitJson(byte[] body) {
        this.body = body;
    }

    /** The 784 pixels of a body of exactly that shape; null for any other body. */
    static float[] read(byte[] body) {
        return new OneDigitJson(body).pixels();
    }

    private float[] pixels() {
        if (!skipTo('{') || !literal(PIXELS_FIELD) || !skipTo(':') || !skipTo('[')) {
            return null;
        }
        float[] out = new float[ModelContract.FEATURES];
        for (int n = 0; n < out.length; n++) {
            skipSpace();
            if (!zero()) { // a zero is what out[n] holds already
                double value = number();
                if (Double.isNaN(value)) {
                    return null; // not a JSON number: the general path names the value
                }
                out[n] = (float) value;
            }
            if (!skipTo(n == out.length - 1 ? ']' : ',')) {
                return null;
            }
        }
        if (!skipTo('}')) {
            return null;
        }
        skipSpace();
        return at == body.length ? out : null;
    }

    /**
     * Takes a plain {@code 0} or {@code 0.0} at the cursor, the background that most of a digit's pixels
     * are (668 of the first MNIST test digit's 784): recognised whole, it skips the general scan.
     */
    private boolean zero() {
        byte[] b = body;
        int i = at;
        if (i + 1 >= b.length || b[i] != '0') {
            return false;
        }
        if (b[i + 1] == '.') {
            if (i + 3 >= b.length || b[i + 2] != '0') {
                return false;
            }
            i += 2;
        }
        byte next = b[i + 1];
        if (next != ',' && next != ']' && next != ' ') {
            return false; // more digits, an exponent or anything else: the general scan decides
        }
        at = i + 1;
        return true;
    }

    /**
     * The JSON number at the cursor (RFC 8259's grammar), or NaN when none is there. Plain decimals
     * of up to 15 digits, which is what clients send, take the exact fast path; others are handed to
     * the same parser the general path uses. Locals rather than fields in the loops: this is the
     * reader's whole cost.
     */
    private double number() {
        byte[] b = body;
        int i = at;
        int start = i;
        boolean negative = i < b.length && b[i] == '-';
        if (negative) {
            i++;
        }
        int intStart = i;
        long mantissa = 0;
        for (int d; i < b.length && (d = b[i] - '0') >= 0 && d <= 9; i++) {
            mantissa = mantissa * 10 + d;
        }
        int digits = i - intStart;
        if (digits == 0 || (b[intStart] == '0' && digits > 1)) {
            return Double.NaN; // no integer part, or a leading zero: not JSON
        }
        int fraction = 0;
        if (i < b.length && b[i] == '.') {
            int fractionStart = ++i;
            for (int d; i < b.length && (d = b[i] - '0') >= 0 && d <= 9; i++) {
                mantissa = mantissa * 10 + d;
            }
            fraction = i - fractionStart;
            if (fraction == 0) {
                return Double.NaN;
            }
        }
        boolean exponent = i < b.length && (b[i] == 'e' || b[i] == 'E');
        if (exponent) {
            i++;
            if (i < b.length && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int expStart = i;
            while (i < b.length && isDigit(b[i])) {
                i++;
            }
            if (i == expStart) {
                return Double.NaN;
            }
        }
        at = i;
        if (i - start > MAX_NUMBER_LENGTH) {
            return Double.NaN; // the general path applies Jackson's own limit on number length
        }
        // 18 digits cannot overflow the long; the exact path also needs the mantissa below 2^53.
        if (!exponent && digits + fraction <= 18 && mantissa <= MAX_EXACT_MANTISSA && fraction < POWERS_OF_TEN.length) {
            if (fraction == 0) {
                return negative ? -mantissa : mantissa; // an integer, as Jackson reads one: "-0" is 0, not -0.0
            }
            double value = mantissa / POWERS_OF_TEN[fraction];
            return negative ? -value : value;
        }
        return NumberInput.parseDouble(new String(b, start, i - start, StandardCharsets.US_ASCII), true);
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Skips JSON white space, then takes {@code c}; false when something else is there. */
    private boolean skipTo(char c) {
        skipSpace();
        return consume(c);
    }

    private boolean literal(byte[] expected) {
        skipSpace();
        if (body.length - at < expected.length) {
            return false;
        }
        for (byte b : expected) {
            if (body[at++] != b) {
                return false;
            }
        }
        return true;
    }

    private boolean consume(char c) {
        if (at < body.length && body[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        byte[] b = body;
        int i = at;
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        at = i;
    }
}
