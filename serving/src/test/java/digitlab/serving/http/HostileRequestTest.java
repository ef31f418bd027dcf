package digitlab.serving.http;

import static digitlab.serving.TestServer.json;
import static digitlab.serving.http.PredictApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bodies built to break the request-reading layer: each gets its real reason, a fitting status and a short answer. */
class HostileRequestTest {
    private static final String BOUNDARY = "x";
    private static final String FORM = "multipart/form-data; boundary=" + BOUNDARY;
    /** Far more than any error needs, far less than the inputs below. */
    private static final int MAX_ERROR_BODY = 2048;

    /** Started once for the class, closed after its last test. */
    @RegisterExtension
    static final TestServer server = TestServer.withFixtures();

    @Test
    void a_multipart_body_that_stops_after_its_first_boundary_answers_400_not_500() {
        HttpResponse<String> response = server.post("/predict", FORM, "--x\r\n".getBytes(StandardCharsets.US_ASCII));
        assertError(400, response);
        assertTrue(error(response).contains("multipart"), response.body());
    }

    @Test
    void a_thousand_tiny_parts_are_refused_as_too_many_parts_not_as_too_large() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < 1001; i++) {
            body.writeBytes(part("f" + i, "ab"));
        }
        body.writeBytes("--x--\r\n".getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> response = server.post("/predict", FORM, body.toByteArray());
        assertError(400, response);
        assertTrue(error(response).contains("too many parts"), response.body());
    }

    @Test
    void a_2_KB_part_header_line_is_refused_as_too_long_not_as_too_large() {
        byte[] body = (new String(part("a".repeat(2000), "ab"), StandardCharsets.US_ASCII) + "--x--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> response = server.post("/predict", FORM, body);
        assertError(400, response);
        assertTrue(error(response).contains("too long"), response.body());
    }

    @Test
    void garbage_sent_as_multipart_is_refused_as_not_multipart() {
        Random random = new Random(306);
        for (int i = 0; i < 20; i++) {
            byte[] garbage = new byte[306];
            random.nextBytes(garbage);
            HttpResponse<String> response = server.post("/predict", FORM, garbage);
            assertError(400, response);
            assertFalse(error(response).contains("larger than the limit"), response.body());
        }
    }

    @Test
    void a_9_MB_string_where_a_number_belongs_is_not_echoed_back() {
        String huge = "\"" + "9".repeat(9_000_000) + "\"";
        byte[] body = ("{\"pixels\": [" + huge + "]}").getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> response = server.post("/predict", "application/json", body);
        assertError(400, response);
        assertTrue(response.body().length() < MAX_ERROR_BODY, "error body of " + response.body().length() + " chars");
    }

    @Test
    void v2_does_not_echo_a_1_MB_object_given_as_data() {
        String big = "{\"k\": \"" + "v".repeat(1_000_000) + "\"}";
        String body = "{\"inputs\": [{\"name\": \"pixels\", \"datatype\": \"FP32\", \"shape\": [1, 784], \"data\": [" + big + "]}]}";
        HttpResponse<String> response = server.post("/v2/models/" + TestServer.fixtureIds().get(0) + "/infer",
                "application/json", body.getBytes(StandardCharsets.US_ASCII));
        assertError(400, response);
        assertTrue(response.body().length() < MAX_ERROR_BODY, "error body of " + response.body().length() + " chars");
    }

    @Test
    void an_8_KB_content_type_is_not_echoed_back_in_its_415() {
        String type = "text/" + "p".repeat(8000);
        for (String path : List.of("/predict", "/v2/models/" + TestServer.fixtureIds().get(0) + "/infer")) {
            HttpResponse<String> response = server.post(path, type, "{}".getBytes(StandardCharsets.US_ASCII));
            assertError(415, response);
            assertTrue(response.body().length() < MAX_ERROR_BODY, "error body of " + response.body().length() + " chars");
        }
    }

    @Test
    void a_long_unknown_model_name_is_not_echoed_back_whole() {
        String name = "m".repeat(6000);
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(URI.create(server.url("/predict?model=" + name)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"pixels\": [" + "0,".repeat(783) + "0]}")));
        assertError(404, response);
        assertTrue(response.body().length() < MAX_ERROR_BODY, "error body of " + response.body().length() + " chars");
        assertTrue(json(response).get("error").asText().length() <= Quote.MAX_MESSAGE_CHARS + 3);
    }

    private static byte[] part(String name, String content) {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"a.png\"\r\n\r\n"
                + content + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String error(HttpResponse<String> response) {
        return json(response).get("error").asText();
    }
}
