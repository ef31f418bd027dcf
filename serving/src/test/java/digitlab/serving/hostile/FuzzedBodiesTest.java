package digitlab.serving.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.serving.DigitImages;
import digitlab.serving.Mnist;
import digitlab.serving.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Bodies built to be almost right (valid requests with bytes flipped, cut short or repeated, JSON of
 * every shape in the fields the server reads, images with broken insides, multipart with broken
 * framing) and plain garbage, each under a content type drawn from the ones that matter. Whatever
 * the body, the server must not answer 5xx, and every refusal must be a JSON {@code {"error": "..."}}.
 * (Named *Test so Surefire's default includes run these jqwik properties with the rest.)
 */
class FuzzedBodiesTest {
    static final int TRIES = 400;
    private static final List<String> CONTENT_TYPES = List.of("application/json", "image/png", "image/jpeg",
            "image/gif", "image/bmp", "multipart/form-data; boundary=b", "multipart/form-data", "text/plain", "",
            "application/json; charset=utf-16", "image/svg+xml", "multipart/form-data; boundary=");

    private static final java.util.Map<Integer, Integer> STATUSES = new java.util.concurrent.ConcurrentHashMap<>();
    private static TestServer server;
    private static String model;
    private static byte[] validJson;
    private static byte[] validPng;
    private static byte[] validV2;
    private static byte[] validMultipart;

    @BeforeContainer
    static void start() throws IOException {
        server = TestServer.withFixtures();
        model = TestServer.fixtureIds().get(0);
        float[] digit = Mnist.pixels(0);
        validJson = TestServer.JSON.writeValueAsBytes(java.util.Map.of("pixels", digit));
        validPng = DigitImages.png(DigitImages.mnistSized(0, false));
        validV2 = TestServer.JSON.writeValueAsBytes(java.util.Map.of("inputs", List.of(java.util.Map.of(
                "name", "pixels", "datatype", "FP32", "shape", List.of(1, 784), "data", digit))));
        validMultipart = ("--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"d.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n" + new String(validPng, StandardCharsets.ISO_8859_1) + "\r\n--b--\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    @AfterContainer
    static void stop() {
        server.close();
        // What the cases got, so a run shows the fuzzing reached past the content-type check.
        System.out.println("Fuzzed requests by status: " + new java.util.TreeMap<>(STATUSES));
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.MIXIN)
    void predict_never_answers_5xx_and_refuses_only_with_json_errors(@ForAll("predictBodies") byte[] body,
            @ForAll("contentTypes") String type, @ForAll("modelChoices") String choice) {
        check(server.post("/predict" + choice, type.isEmpty() ? null : type, body));
    }

    @Property(tries = TRIES, edgeCases = EdgeCasesMode.MIXIN)
    void v2_infer_never_answers_5xx_and_refuses_only_with_json_errors(@ForAll("v2Bodies") byte[] body,
            @ForAll("contentTypes") String type) {
        check(server.post("/v2/models/" + model + "/infer", type.isEmpty() ? null : type, body));
    }

    private static void check(HttpResponse<String> response) {
        int status = response.statusCode();
        STATUSES.merge(status, 1, Integer::sum);
        assertTrue(status < 500, status + ": " + response.body());
        JsonNode json = TestServer.json(response);
        if (status >= 400) {
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertTrue(json.has("error") && json.get("error").isTextual(), response.body());
        }
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of(CONTENT_TYPES);
    }

    @Provide
    Arbitrary<String> modelChoices() {
        return Arbitraries.of("", "?model=all", "?model=" + TestServer.fixtureIds().get(1), "?model=nope", "?model=");
    }

    @Provide
    Arbitrary<byte[]> predictBodies() {
        return Arbitraries.oneOf(
                mutated(Arbitraries.of(validJson, validPng, validMultipart, base64ImageJson())),
                jsonWith(Arbitraries.of("pixels", "image", "images")),
                garbage());
    }

    @Provide
    Arbitrary<byte[]> v2Bodies() {
        return Arbitraries.oneOf(mutated(Arbitraries.just(validV2)), v2Shapes(), garbage());
    }

    private static byte[] base64ImageJson() {
        return ("{\"image\": \"" + Base64.getEncoder().encodeToString(validPng) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    /** A valid body with a few bytes replaced, then maybe cut short. */
    private static Arbitrary<byte[]> mutated(Arbitrary<byte[]> valid) {
        Arbitrary<int[]> flips = Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofMaxSize(8);
        Arbitrary<Double> keep = Arbitraries.doubles().between(0.0, 1.0).withSpecialValue(1.0);
        return Combinators.combine(valid, flips, keep, Arbitraries.bytes()).as((bytes, positions, fraction, value) -> {
            byte[] out = Arrays.copyOf(bytes, (int) Math.round(bytes.length * fraction));
            for (int p : positions) {
                if (out.length > 0) {
                    out[p % out.length] = value;
                }
            }
            return out;
        });
    }

    /** JSON whose known field holds a value of any shape: numbers out of range, strings, nesting, nulls. */
    private static Arbitrary<byte[]> jsonWith(Arbitrary<String> field) {
        return Combinators.combine(field, jsonValue(3)).as((f, v) -> ("{\"" + f + "\": " + v + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static Arbitrary<byte[]> v2Shapes() {
        Arbitrary<String> shape = Arbitraries.of("[1, 784]", "[0, 784]", "[-1, 784]", "[2, 784]", "[1]", "[]",
                "[99999999999, 784]", "[1, 784, 1]", "\"1x784\"", "null");
        Arbitrary<String> datatype = Arbitraries.of("FP32", "FP64", "INT8", "", "null");
        return Combinators.combine(shape, datatype, jsonValue(3), Arbitraries.of("pixels", "x", ""))
                .as((s, d, data, name) -> ("{\"inputs\": [{\"name\": \"" + name + "\", \"datatype\": \"" + d
                        + "\", \"shape\": " + s + ", \"data\": " + data + "}]}").getBytes(StandardCharsets.UTF_8));
    }

    /** A leaf, a nested value, or an array as long as a digit's pixels (of leaves only, to stay small). */
    private static Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> pixelLike = leaf().list().ofMinSize(700).ofMaxSize(900).map(items -> "[" + String.join(",", items) + "]");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, nested(depth)), net.jqwik.api.Tuple.of(1, pixelLike));
    }

    private static Arbitrary<String> nested(int depth) {
        Arbitrary<String> leaf = leaf();
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> array = nested(depth - 1).list().ofMaxSize(6).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> object = nested(depth - 1).map(v -> "{\"k\": " + v + "}");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(3, array),
                net.jqwik.api.Tuple.of(1, object));
    }

    private static Arbitrary<String> leaf() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().map(String::valueOf).filter(s -> !s.contains("N") && !s.contains("I")),
                Arbitraries.of("0", "1", "-1", "1e309", "-0", "0.5", "255", "null", "true", "\"\"", "\"0.5\"",
                        "1" + "0".repeat(400)),
                Arbitraries.strings().ofMaxLength(40).map(s -> quote(s)));
    }

    private static String quote(String s) {
        try {
            return TestServer.JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Arbitrary<byte[]> garbage() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(3000);
    }
}
