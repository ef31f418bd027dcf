package digitlab.serving.http;

import static digitlab.serving.http.PredictApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import digitlab.serving.Mnist;
import digitlab.serving.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccessPolicyTest {
    private static final String KEY = "s3cret-key";
    /** Started once for the class, closed after its last test. */
    @RegisterExtension
    static final TestServer server = TestServer.withFixtures(ServingSettings.defaults().withApiKey(KEY), Duration.ZERO);
    private static String digit;

    @BeforeAll
    static void start() throws Exception {
        digit = TestServer.JSON.writeValueAsString(Map.of("pixels", Mnist.pixels(0)));
    }

    @Test
    void every_response_says_nosniff_and_carries_a_content_security_and_referrer_policy() {
        for (HttpResponse<String> response : List.of(server.get("/"), server.get("/health"), server.get("/swagger"),
                server.get("/no-such-page"), server.post("/predict", "application/json", "{}".getBytes()))) {
            assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null), response.uri().toString());
            assertEquals(AccessPolicy.CONTENT_SECURITY_POLICY, response.headers().firstValue("Content-Security-Policy").orElse(null));
            assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElse(null));
        }
    }

    @Test
    void predictions_want_the_api_key_when_the_server_has_one() {
        assertError(401, server.post("/predict", "application/json", digit.getBytes()));
        assertError(401, predict("X-API-Key", "wrong"));
        assertError(401, server.post("/v2/models/" + TestServer.fixtureIds().get(0) + "/infer", "application/json", "{}".getBytes()));
        assertEquals(200, predict("X-API-Key", KEY).statusCode());
        assertEquals(200, predict("Authorization", "Bearer " + KEY).statusCode());
    }

    @Test
    void health_readiness_metrics_and_the_page_stay_open_for_probes() {
        for (String path : List.of("/health", "/v2/health/live", "/v2/health/ready", "/metrics", "/", "/models")) {
            assertEquals(200, server.get(path).statusCode(), path);
        }
    }

    private static HttpResponse<String> predict(String header, String value) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url("/predict")))
                .header("Content-Type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(digit)));
    }
}
