package digitlab.serving.http;

import static digitlab.serving.TestServer.json;
import static digitlab.serving.http.PredictApiTest.assertError;
import static digitlab.serving.http.PredictApiTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.serving.Mnist;
import digitlab.serving.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OperationsApiTest {
    /** Started once for the class, closed after its last test. */
    @RegisterExtension
    static final TestServer server = TestServer.withFixtures();

    @Test
    void GET_health_counts_the_models_served() {
        JsonNode health = ok(server.get("/health"));
        assertEquals("ok", health.get("status").asText());
        assertEquals(TestServer.fixtureIds().size(), health.get("models").asInt());
        assertEquals(0, health.get("failed").asInt());
    }

    @Test
    void GET_metrics_counts_requests_errors_and_latency_per_route_and_model() {
        String model = TestServer.fixtureIds().get(0);
        ok(server.postJson("/predict?model=" + model, Map.of("pixels", Mnist.pixels(0))));
        assertError(400, server.postJson("/predict?model=" + model, Map.of("pixels", new float[3])));
        HttpResponse<String> response = server.get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String text = response.body();
        assertTrue(counter(text, "digitlab_http_requests_total{method=\"POST\",route=\"/predict\",status=\"200\"}") >= 1, text);
        assertTrue(counter(text, "digitlab_http_errors_total{method=\"POST\",route=\"/predict\",status=\"400\"}") >= 1, text);
        assertTrue(counter(text, "digitlab_http_request_duration_seconds_count{route=\"/predict\"}") >= 2, text);
        assertTrue(counter(text, "digitlab_inference_duration_seconds_count{model=\"" + model + "\"}") >= 1, text);
        assertTrue(counter(text, "digitlab_predictions_total{model=\"" + model + "\"}") >= 1, text);
        assertEquals(TestServer.fixtureIds().size(), counter(text, "digitlab_models_served"), text);
        assertTrue(text.contains("# TYPE digitlab_http_request_duration_seconds histogram"));
        assertTrue(text.contains("le=\"+Inf\""));
    }

    @Test
    void GET_metrics_labels_unknown_paths_as_one_route_not_each_path() {
        assertError(404, server.get("/random-path-4711"));
        String text = server.get("/metrics").body();
        assertFalse(text.contains("random-path-4711"), "a scanner must not grow the label set");
        assertTrue(text.contains("route=\"unmatched\",status=\"404\""), text);
    }

    @Test
    void an_unknown_route_answers_404_and_a_wrong_method_405_both_as_JSON() {
        assertError(404, server.get("/no/such/route"));
        assertError(405, server.post("/models", "application/json", "{}".getBytes()));
        assertError(405, server.get("/predict"));
    }

    @Test
    void the_OpenAPI_document_lists_every_route_and_each_one_exists() throws Exception {
        JsonNode spec = ok(server.get("/openapi.json"));
        assertTrue(spec.get("openapi").asText().startsWith("3."));
        String model = TestServer.fixtureIds().get(0);
        String version = ok(server.get("/v2/models/" + model)).get("versions").get(0).asText();
        Iterator<String> paths = spec.get("paths").fieldNames();
        int checked = 0;
        while (paths.hasNext()) {
            String path = paths.next();
            String concrete = path.replace("{id}", model).replace("{name}", model).replace("{version}", version);
            for (Iterator<String> methods = spec.get("paths").get(path).fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                HttpResponse<String> response = server.send(HttpRequest.newBuilder(URI.create(server.url(concrete)))
                        .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{}"))
                        .header("Content-Type", "application/json"));
                assertNotEquals(404, response.statusCode(), method + " " + concrete + ": " + response.body());
                assertTrue(response.statusCode() < 500, method + " " + concrete + ": " + response.body());
                checked++;
            }
        }
        assertEquals(17, checked, "every route of ServingApp is documented");
    }

    @Test
    void swagger_UI_is_served_from_the_jar() {
        HttpResponse<String> page = server.get("/swagger");
        assertEquals(200, page.statusCode());
        Matcher script = Pattern.compile("src=\"([^\"]+swagger-ui-bundle\\.js)\"").matcher(page.body());
        assertTrue(script.find(), page.body());
        assertEquals(200, server.get(script.group(1)).statusCode(), "the bundle comes from our own jar");
        assertFalse(page.body().contains("https://"), "no CDN");
    }

    @Test
    void the_web_page_and_its_script_are_served_without_a_CDN() {
        HttpResponse<String> page = server.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<canvas id=\"pad\""));
        assertFalse(page.body().contains("https://"), "no CDN");
        assertEquals(200, server.get("/app.js").statusCode());
        assertEquals(200, server.get("/style.css").statusCode());
    }

    @Test
    void CORS_headers_are_sent_only_to_configured_origins() {
        HttpRequest.Builder fromSite = HttpRequest.newBuilder(URI.create(server.url("/health")))
                .header("Origin", "https://digits.example.org");
        assertTrue(server.send(fromSite).headers().firstValue("Access-Control-Allow-Origin").isEmpty(),
                "none by default");
        try (TestServer open = TestServer.withFixtures(
                ServingSettings.defaults().withCorsOrigins(List.of("https://digits.example.org")), Duration.ZERO)) {
            HttpResponse<String> allowed = open.send(HttpRequest.newBuilder(URI.create(open.url("/health")))
                    .header("Origin", "https://digits.example.org"));
            assertEquals("https://digits.example.org", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            HttpResponse<String> other = open.send(HttpRequest.newBuilder(URI.create(open.url("/health")))
                    .header("Origin", "https://elsewhere.example.com"));
            assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
        }
    }

    @Test
    void stopping_the_server_lets_a_request_in_flight_finish() throws Exception {
        try (TestServer stopping = TestServer.withFixtures()) {
            List<float[]> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                batch.add(Mnist.pixels(i));
            }
            byte[] body = TestServer.JSON.writeValueAsBytes(Map.of("pixels", batch));
            // The body arrives in two parts, so the request is surely in the handler when the stop begins.
            java.io.PipedOutputStream client = new java.io.PipedOutputStream();
            java.io.PipedInputStream wire = new java.io.PipedInputStream(client, body.length);
            java.util.concurrent.CompletableFuture<HttpResponse<String>> inFlight = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> stopping.send(HttpRequest.newBuilder(URI.create(stopping.url("/predict")))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> wire))));
            client.write(body, 0, body.length / 2);
            client.flush();
            org.eclipse.jetty.server.handler.StatisticsHandler stats = stopping.app.jettyServer().server()
                    .getChildHandlerByClass(org.eclipse.jetty.server.handler.StatisticsHandler.class);
            while (stats.getRequestsActive() == 0) {
                TestServer.sleep(5);
            }
            java.util.concurrent.CompletableFuture<Void> stop = java.util.concurrent.CompletableFuture.runAsync(
                    () -> stopping.server.stop(java.time.Duration.ofSeconds(30)));
            // The drain has begun once the connector stops accepting.
            org.eclipse.jetty.server.AbstractConnector connector = (org.eclipse.jetty.server.AbstractConnector)
                    stopping.app.jettyServer().server().getConnectors()[0];
            while (!connector.isShutdown() && !stop.isDone()) {
                TestServer.sleep(5);
            }
            client.write(body, body.length / 2, body.length - body.length / 2);
            client.close();
            HttpResponse<String> response = inFlight.get();
            stop.get();
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(50, json(response).get("predictions").size());
        }
    }

    static double counter(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        return -1;
    }
}
