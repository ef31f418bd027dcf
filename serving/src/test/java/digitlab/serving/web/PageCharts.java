package digitlab.serving.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.serving.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Checks of what the page's charts drew, against the API's figures, shared by the page tests. */
final class PageCharts {
    private PageCharts() {}

    /**
     * The interval chart has one row per comparison, its dot on the side of the zero line its difference
     * is on and inside its interval, an interval exactly when the API gives one, and the zero line drawn.
     */
    static void assertIntervals(HeadlessChromium chromium, WebElement canvas, JsonNode comparisons) {
        JsonNode rows = json(canvas.getAttribute("data-rows"));
        double zeroX = Double.parseDouble(canvas.getAttribute("data-zero-x"));
        assertEquals(comparisons.size(), rows.size(), rows.toString());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            JsonNode c = comparisons.get(i);
            assertEquals(c.get("setting").asText(), row.get("setting").asText());
            double x = row.get("x").asDouble();
            assertEquals(Math.signum(c.get("difference").asDouble()), Math.signum(x - zeroX), 0,
                    "the dot is on its difference's side of zero: " + row + " " + c);
            assertEquals(c.get("low").isNull(), row.get("low").isNull(), "an interval exactly when the API has one: " + row);
            if (!row.get("low").isNull()) {
                assertTrue(row.get("low").asDouble() <= x && x <= row.get("high").asDouble(), row.toString());
                assertEquals(c.get("low").asDouble() > 0 || c.get("high").asDouble() < 0,
                        row.get("low").asDouble() > zeroX || row.get("high").asDouble() < zeroX,
                        "the interval lies off the zero line exactly when the verdict is clear: " + row + " " + c);
            }
            assertTrue(painted(chromium, canvas, x, row.get("y").asDouble(), 4), "the dot is drawn: " + row);
        }
        double firstY = rows.get(0).get("y").asDouble();
        assertTrue(painted(chromium, canvas, zeroX, firstY - 9, 0), "the zero line is drawn at x = " + zeroX);
    }

    /** The model's reliability diagram has one bar per non-empty bin of its served calibration, up to that bin's accuracy. */
    static void assertReliability(HeadlessChromium chromium, JsonNode entry) {
        String model = entry.get("model").asText();
        WebElement figure = chromium.driver().findElement(By.cssSelector("#reliability figure[data-model='" + model + "']"));
        JsonNode calibration = entry.get("calibration");
        String ece = String.format(Locale.ROOT, "ECE %.2f points", calibration.get("ecePercent").asDouble());
        assertTrue(figure.getText().contains(ece), figure.getText() + " says " + ece);
        WebElement canvas = figure.findElement(By.tagName("canvas"));
        JsonNode bars = json(canvas.getAttribute("data-bins"));
        List<Integer> expected = new ArrayList<>();
        JsonNode bins = calibration.get("bins");
        for (int m = 0; m < bins.size(); m++) {
            if (bins.get(m).get("count").asInt() > 0) {
                expected.add(m);
            }
        }
        List<Integer> drawn = new ArrayList<>();
        double zeroY = Double.parseDouble(canvas.getAttribute("data-zero-y"));
        for (JsonNode bar : bars) {
            int m = bar.get("bin").asInt();
            drawn.add(m);
            assertEquals(bins.get(m).get("accuracy").asDouble(), bar.get("accuracy").asDouble(), 1e-9, model + " bin " + m);
            double top = bar.get("top").asDouble();
            if (zeroY - top > 4) {
                assertTrue(painted(chromium, canvas, bar.get("x").asDouble(), (top + zeroY) / 2, 0), model + " bin " + m + " has its bar");
            }
        }
        assertEquals(expected, drawn, model + ": one bar per non-empty bin");
    }

    /**
     * Whether a pixel within {@code reach} of (x, y) is drawn in a colour, not left blank or in white or the light grid's
     * grey (a hollow dot is white inside its ring).
     */
    private static boolean painted(HeadlessChromium chromium, WebElement canvas, double x, double y, int reach) {
        return (Boolean) chromium.script("const c = arguments[0]; const r = arguments[3];"
                + "const d = c.getContext('2d').getImageData(Math.round(arguments[1]) - r, Math.round(arguments[2]) - r,"
                + " 2 * r + 1, 2 * r + 1).data;"
                + "for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && !(d[i] > 200 && d[i + 1] > 200 && d[i + 2] > 200))"
                + " return true; return false;", canvas, x, y, reach);
    }

    private static JsonNode json(String text) {
        try {
            return TestServer.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
