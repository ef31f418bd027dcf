package digitlab.serving.http;

import static digitlab.serving.http.PredictApiTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.serving.TestServer;
import io.javalin.http.HandlerType;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /openapi.json checked against the routes the running server actually registered, not a count. */
class OpenApiDocumentTest {
    private static final Set<HandlerType> ENDPOINT_METHODS =
            Set.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);
    /** Started once for the class, closed after its last test. */
    @RegisterExtension
    static final TestServer server = TestServer.withFixtures();
    private static JsonNode spec;

    @BeforeAll
    static void start() {
        spec = ok(server.get("/openapi.json"));
    }

    /** Every endpoint ServingApp registered, as "METHOD path" in OpenAPI's path syntax (Javalin's is the same). */
    static Set<String> registeredRoutes(TestServer server) {
        Set<String> routes = new TreeSet<>();
        server.app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(e -> e.getEndpoint())
                .filter(e -> ENDPOINT_METHODS.contains(e.getMethod()))
                .forEach(e -> routes.add(e.getMethod().name() + " " + e.getPath()));
        return routes;
    }

    @Test
    void every_registered_route_has_an_operation_with_a_unique_operationId_and_declared_tags() {
        Set<String> declaredTags = new HashSet<>();
        spec.get("tags").forEach(t -> declaredTags.add(t.get("name").asText()));
        Set<String> operationIds = new HashSet<>();
        Set<String> routes = registeredRoutes(server);
        assertTrue(routes.contains("POST /v2/models/{name}/infer"), routes.toString());
        for (String route : routes) {
            String[] methodAndPath = route.split(" ", 2);
            JsonNode operation = spec.path("paths").path(methodAndPath[1]).path(methodAndPath[0].toLowerCase(Locale.ROOT));
            assertFalse(operation.isMissingNode(), route + " is not documented");
            String id = operation.path("operationId").asText("");
            assertFalse(id.isEmpty(), route + " has no operationId");
            assertTrue(operationIds.add(id), "operationId " + id + " is used twice");
            assertTrue(operation.path("tags").size() > 0, route + " has no tags");
            operation.get("tags").forEach(t -> assertTrue(declaredTags.contains(t.asText()), route + ": undeclared tag " + t));
        }
        // And nothing is documented that the server does not answer.
        int documented = 0;
        for (JsonNode path : spec.get("paths")) {
            documented += path.size();
        }
        assertEquals(routes.size(), documented, "documented operations against " + routes);
    }

    @Test
    void v2_infer_and_health_describe_their_response_bodies() {
        for (String path : List.of("/v2/models/{name}/infer", "/v2/models/{name}/versions/{version}/infer")) {
            JsonNode ok = spec.get("paths").get(path).get("post").get("responses").get("200");
            assertEquals("#/components/schemas/InferResponse", ok.at("/content/application~1json/schema/$ref").asText(), path);
            assertTrue(ok.at("/content/application~1octet-stream").isObject(), path + " documents the binary response");
        }
        JsonNode infer = spec.at("/components/schemas/InferResponse");
        for (String field : List.of("model_name", "model_version", "id", "outputs")) {
            assertTrue(infer.get("properties").has(field), field);
        }
        JsonNode health = spec.at("/paths/~1health/get/responses/200/content/application~1json/schema/$ref");
        assertEquals("#/components/schemas/Health", health.asText());
        JsonNode actual = ok(server.get("/health"));
        JsonNode schema = spec.at("/components/schemas/Health");
        schema.get("required").forEach(f -> assertTrue(actual.has(f.asText()), "/health gives " + f));
        actual.fieldNames().forEachRemaining(f -> assertTrue(schema.get("properties").has(f), "/health's " + f + " is documented"));
    }

    @Test
    void the_versioned_and_unversioned_infer_routes_document_the_same_responses() {
        JsonNode plain = spec.at("/paths/~1v2~1models~1{name}~1infer/post/responses");
        JsonNode versioned = spec.at("/paths/~1v2~1models~1{name}~1versions~1{version}~1infer/post/responses");
        assertNotNull(plain.get("415"));
        assertEquals(fieldNames(plain), fieldNames(versioned));
        assertEquals(plain, versioned);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
