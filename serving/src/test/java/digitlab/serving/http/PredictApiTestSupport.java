package digitlab.serving.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;

/** The API tests' assertions, for tests in other packages. */
public final class PredictApiTestSupport {
    private PredictApiTestSupport() {}

    public static JsonNode ok(HttpResponse<String> response) {
        return PredictApiTest.ok(response);
    }

    public static void assertError(int status, HttpResponse<String> response) {
        PredictApiTest.assertError(status, response);
    }
}
