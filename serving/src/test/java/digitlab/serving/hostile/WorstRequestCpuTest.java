package digitlab.serving.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.DigitImages;
import digitlab.serving.TestServer;
import digitlab.serving.http.ServingSettings;
import digitlab.serving.image.PixelBudget;
import digitlab.serving.inference.OnnxModel;
import digitlab.serving.inference.PixelBatch;
import digitlab.serving.inference.RowCost;
import digitlab.serving.service.PredictionService;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The most expensive requests within the body limit, each measured in CPU time of the whole process
 * (server and this client, so an over-estimate): none may cost more than 2 CPU-seconds. Before the
 * per-request pixel budget and subsampled decoding, 20 small PNGs that each declare 4096x4096 cost
 * 8.9 CPU-seconds in one 128 KB request.
 */
class WorstRequestCpuTest {
    static final double MAX_CPU_SECONDS = 2.0;
    private static final long BODY_LIMIT = ServingSettings.DEFAULT_MAX_BODY_BYTES;
    private static final java.nio.file.Path REFERENCE_MODELS = java.nio.file.Path.of("../models");

    /** The repository's full-size models, the most work ?model=all can ask for here; closed after the last test. */
    @RegisterExtension
    static final TestServer server = TestServer.withCopyOf(REFERENCE_MODELS);

    @BeforeAll
    static void start() {
        server.awaitServedAccuracy(); // the start-up measurements must not be counted below
    }

    @Test
    void images_that_each_declare_4096x4096_cost_at_most_2_cpu_seconds_however_many_fill_the_body() {
        String png = Base64.getEncoder().encodeToString(bigPng(ServingSettings.DEFAULT_MAX_IMAGE_SIDE));
        byte[] small = imagesJson(png, 20);
        assertCheap("20 PNGs declaring 4096x4096 in " + small.length / 1024 + " KB",
                () -> server.post("/predict?model=all", "application/json", small));
        byte[] full = imagesJson(png, (int) ((BODY_LIMIT - 100) / (png.length() + 3)));
        assertCheap("PNGs declaring 4096x4096 up to the body limit",
                () -> server.post("/predict?model=all", "application/json", full));
    }

    @Test
    void images_just_under_the_subsampling_size_cost_at_most_2_cpu_seconds() {
        String png = Base64.getEncoder().encodeToString(bigPng(512));
        int fit = (int) (PixelBudget.DEFAULT_DECODED_PIXELS / (512 * 512));
        byte[] body = imagesJson(png, fit);
        assertCheap(fit + " PNGs of 512x512, the decoded-pixel budget's worth",
                () -> server.post("/predict?model=all", "application/json", body));
    }

    @Test
    void the_most_tiny_images_the_body_holds_cost_at_most_2_cpu_seconds() {
        String png = Base64.getEncoder().encodeToString(DigitImages.png(DigitImages.mnistSized(0, false)));
        int count = Math.min(1000, (int) ((BODY_LIMIT - 100) / (png.length() + 3)));
        byte[] body = imagesJson(png, count);
        assertCheap(count + " MNIST-sized PNGs", () -> server.post("/predict?model=all", "application/json", body));
    }

    @Test
    void the_most_pixel_rows_the_body_holds_asked_of_every_model_cost_at_most_2_cpu_seconds() {
        int rows = Math.min(PixelBatch.MAX_ROWS, (int) ((BODY_LIMIT - 100) / (ZERO_ROW.length() + 1)));
        byte[] body = pixelsJson(rows);
        assertCheap(rows + " rows of pixels to the default model", () -> server.post("/predict", "application/json", body));
        var models = server.registry.snapshot().models().values();
        OnnxModel costliest = models.stream().max(java.util.Comparator.comparingDouble(OnnxModel::cpuSecondsPerRow)).orElseThrow();
        int itsMost = Math.min(rows, costliest.maxRows());
        byte[] itsMostBody = pixelsJson(itsMost);
        HttpResponse<String> answered = assertCheap(itsMost + " rows, the most the costliest model (" + costliest.id()
                + ") answers", () -> server.post("/predict?model=" + costliest.id(), "application/json", itsMostBody));
        assertEquals(200, answered.statusCode(), answered.body());
        int allowed = Math.min(PredictionService.MAX_ANSWERS_PER_REQUEST / models.size(),
                RowCost.maxRows(models.stream().mapToDouble(OnnxModel::cpuSecondsPerRow).sum()));
        byte[] most = pixelsJson(allowed);
        HttpResponse<String> all = assertCheap(allowed + " rows of pixels to every model",
                () -> server.post("/predict?model=all", "application/json", most));
        assertEquals(200, all.statusCode(), all.body());
        assertCheap(rows + " rows of pixels to every model", () -> server.post("/predict?model=all", "application/json", body));
    }

    private static final String ZERO_ROW = "[" + "0,".repeat(783) + "0]";

    private static byte[] pixelsJson(int rows) {
        return ("{\"pixels\": [" + String.join(",", java.util.Collections.nCopies(rows, ZERO_ROW)) + "]}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static HttpResponse<String> assertCheap(String what, Supplier<HttpResponse<String>> request) {
        long before = processCpuNanos();
        HttpResponse<String> response = request.get();
        double seconds = (processCpuNanos() - before) / 1e9;
        System.out.printf("CPU cost: %s -> %d in %.2f CPU-s%n", what, response.statusCode(), seconds);
        assertTrue(response.statusCode() < 500, response.body());
        assertTrue(seconds <= MAX_CPU_SECONDS, what + " cost " + seconds + " CPU-s; answered " + response.statusCode());
        return response;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static byte[] imagesJson(String base64, int count) {
        StringBuilder json = new StringBuilder("{\"images\": [");
        for (int i = 0; i < count; i++) {
            json.append(i == 0 ? "\"" : ",\"").append(base64).append('"');
        }
        return json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A 1-bit PNG of a digit on a {@code side x side} page: a few KB that decode to side² pixels. */
    static byte[] bigPng(int side) {
        BufferedImage page = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_BINARY);
        Graphics2D g = page.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, side, side);
        int scale = side / 40;
        g.drawImage(DigitImages.mnistSized(0, true), side / 4, side / 4, 28 * scale, 28 * scale, null);
        g.dispose();
        return DigitImages.png(page);
    }
}
