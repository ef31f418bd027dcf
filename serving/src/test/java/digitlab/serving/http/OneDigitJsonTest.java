package digitlab.serving.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.serving.Mnist;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-digit reader against Jackson, the general path's parser: the same floats, or it steps aside. */
class OneDigitJsonTest {
    @Test
    void an_MNIST_digit_as_a_client_writes_it_reads_as_the_general_path_reads_it() {
        for (int i = 0; i < 20; i++) {
            float[] pixels = Mnist.pixels(i);
            List<String> numbers = new ArrayList<>();
            for (float p : pixels) {
                numbers.add(Float.toString(p)); // e.g. 0.32941177, 0.0, 1.0
            }
            assertSameAsJackson(numbers, " ", "\n");
        }
    }

    @Test
    void numbers_of_every_JSON_form_read_to_the_same_floats_as_the_general_path() {
        Random random = new Random(23);
        String[] fixed = {"0", "1", "-0", "-0.0", "0.5", "1e-3", "2.5E-1", "1E+0", "0.00392156862745098",
                "0.9019607843137255", "0.12345678901234567890123", "123456789012345678", "9007199254740993e-16",
                "0.000000000000000000000001", "4.9e-324", "1e400"};
        List<String> numbers = new ArrayList<>(Arrays.asList(fixed));
        while (numbers.size() < 784) {
            double value = random.nextDouble();
            numbers.add(switch (numbers.size() % 4) {
                case 0 -> String.format("%." + (1 + random.nextInt(19)) + "f", value);
                case 1 -> Double.toString(value);
                case 2 -> Float.toString((float) value);
                default -> String.format("%.6e", value);
            });
        }
        assertSameAsJackson(numbers, "", "\t");
    }

    @Test
    void zeros_of_every_spelling_read_as_the_general_path_reads_them() {
        String[] zeros = {"0", "0.0", "0.00", "0.0e1", "0e0", "0E-2", "-0", "-0.0", "0.5", "0.05"};
        List<String> numbers = new ArrayList<>();
        while (numbers.size() < 784) {
            numbers.add(zeros[numbers.size() % zeros.length]);
        }
        for (String space : new String[] {"", " ", "\n"}) {
            assertSameAsJackson(numbers, space, "");
            List<String> reversed = new ArrayList<>(numbers);
            java.util.Collections.reverse(reversed);
            assertSameAsJackson(reversed, space, " ");
        }
    }

    @Test
    void any_other_shape_is_left_to_the_general_path() {
        String digit = "[" + String.join(",", java.util.Collections.nCopies(784, "0.5")) + "]";
        String[] others = {
            "", "{}", "[]", "{\"pixels\": " + digit + ", \"x\": 1}", "{\"x\": 1, \"pixels\": " + digit + "}",
            "{\"pixels\": [" + digit + "]}", "{\"pixels\": " + digit.replace("]", ",0.5]") + "}",
            "{\"pixels\": " + digit.replaceFirst("0.5,", "") + "}", "{\"pixels\": " + digit.replaceFirst("0.5", "\"0.5\"") + "}",
            "{\"pixels\": " + digit.replaceFirst("0.5", "NaN") + "}", "{\"pixels\": " + digit.replaceFirst("0.5", "00.5") + "}",
            "{\"pixels\": " + digit.replaceFirst("0.5", ".5") + "}", "{\"pixels\": " + digit.replaceFirst("0.5", "+0.5") + "}",
            "{\"pixels\": " + digit.replaceFirst("0.5", "5.") + "}", "{\"pixels\": " + digit.replaceFirst("0.5", "5e") + "}",
            "{\"pixels\": " + digit.replaceFirst("0.5", "0." + "1".repeat(100)) + "}",
            "{\"pixels\": " + digit + "} trailing", "{\"pixels\": " + digit, "\uFEFF{\"pixels\": " + digit + "}",
            "{\"pix\\u0065ls\": " + digit + "}", "{\"pixels\": " + digit.replaceFirst("0.5", "00") + "}",
            "{\"pixels\": " + digit.replaceFirst("0.5", "0.") + "}", "{\"pixels\": " + digit.replaceFirst("0.5", "0.0.0") + "}",
            "{\"pixels\": " + digit.replace("0.5]", "0]") + "",  "{\"pixels\": " + digit.replace("0.5]", "0.0") + "",
        };
        for (String body : others) {
            assertNull(OneDigitJson.read(body.getBytes(StandardCharsets.UTF_8)), body.length() > 80 ? body.substring(0, 80) : body);
        }
    }

    private static void assertSameAsJackson(List<String> numbers, String space, String newline) {
        String body = "{" + newline + "\"pixels\"" + space + ":" + space + "[" + space
                + String.join(space + "," + space, numbers) + space + "]" + newline + "}";
        float[] fast = OneDigitJson.read(body.getBytes(StandardCharsets.UTF_8));
        JsonNode values = readByJackson(body).get("pixels");
        assertEquals(784, values.size());
        float[] expected = new float[784];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (float) values.get(i).doubleValue();
        }
        assertArrayEquals(expected, fast);
    }

    private static JsonNode readByJackson(String body) {
        try {
            return RequestBodies.JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
