package digitlab.serving.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import digitlab.serving.TestServer;
import digitlab.serving.cli.ServeCommand;
import digitlab.serving.cli.ServingCli;
import digitlab.serving.grpc.GrpcClient;
import digitlab.serving.http.ServingSettings;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * The container and Kubernetes files under serving/deploy, held to the real server: their flags
 * parse as 'serve' options, their probes (HTTP and gRPC) answer on a running server with models, their ports
 * and folders agree with each other and with the Dockerfile. No cluster or Docker engine is needed.
 */
class DeploymentFilesTest {
    private static final Path DEPLOY = Path.of("deploy");
    /** Started once for the class, closed after its last test. */
    @RegisterExtension
    static final TestServer server = TestServer.withGrpc(ServingSettings.defaults());

    static List<JsonNode> documents(String file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(DEPLOY.resolve(file).toFile())) {
            it.forEachRemaining(docs::add);
        }
        return docs;
    }

    /** The serve options these arguments set; unknown flags or bad values throw, as the CLI would. */
    static ServeOptions serveOptions(JsonNode args) {
        List<String> list = new ArrayList<>();
        args.forEach(a -> list.add(a.asText()));
        CommandLine cli = new CommandLine(new ServeCommand());
        CommandLine.ParseResult parsed = cli.parseArgs(list.toArray(String[]::new));
        return new ServeOptions(parsed.matchedOptionValue("--host", ""), parsed.matchedOptionValue("--port", -1),
                parsed.matchedOptionValue("--grpc-port", -1), parsed.matchedOptionValue("--models", Path.of("")).toString());
    }

    record ServeOptions(String host, int port, int grpcPort, String models) {}

    /** The container port declared for {@code port}. */
    private static JsonNode declaredPort(JsonNode container, int port) {
        for (JsonNode declared : container.get("ports")) {
            if (declared.get("containerPort").asInt() == port) {
                return declared;
            }
        }
        throw new AssertionError("no container port " + port + " in " + container.get("ports"));
    }

    /**
     * A probe answers on a running server: an HTTP one with 200 on its path, a gRPC one with SERVING
     * from the standard health service for its service name, on the port the server was told.
     */
    private static void assertProbeAnswers(JsonNode probe, ServeOptions options) throws Exception {
        if (probe.has("grpc")) {
            assertEquals(options.grpcPort(), probe.at("/grpc/port").asInt(), "a gRPC probe goes to --grpc-port");
            try (GrpcClient client = new GrpcClient(server.server.grpcPort())) {
                HealthCheckRequest check = HealthCheckRequest.newBuilder().setService(probe.at("/grpc/service").asText("")).build();
                assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(client.channel).check(check).getStatus());
            }
        } else {
            String path = probe.at("/httpGet/path").asText();
            assertTrue(path.startsWith("/v2/health/"), path);
            assertEquals(200, server.get(path).statusCode(), path);
        }
    }

    /** A server container: listens on all interfaces at its declared port, probes on the v2 health endpoints, models read-only. */
    private void assertServerContainer(JsonNode container, JsonNode volumes) throws Exception {
        ServeOptions options = serveOptions(container.get("args"));
        // Given explicitly: serve's default address may become 127.0.0.1, which no probe or Service reaches.
        assertEquals("0.0.0.0", options.host(), "a pod must listen beyond loopback");
        assertEquals(options.port(), container.at("/ports/0/containerPort").asInt());
        assertTrue(options.grpcPort() > 0, "the gRPC listener is on");
        declaredPort(container, options.grpcPort());
        assertProbeAnswers(container.get("readinessProbe"), options);
        assertProbeAnswers(container.get("livenessProbe"), options);
        JsonNode mount = container.at("/volumeMounts/0");
        assertEquals(options.models(), mount.get("mountPath").asText());
        assertTrue(mount.get("readOnly").asBoolean(), "models are mounted read-only");
        JsonNode volume = volumes.get(0);
        assertEquals(mount.get("name").asText(), volume.get("name").asText());
        assertTrue(volume.at("/persistentVolumeClaim/readOnly").asBoolean());
    }

    @Test
    void the_deployment_runs_replicas_of_the_real_server_behind_a_service() throws Exception {
        List<JsonNode> docs = documents("deployment.yaml");
        JsonNode deployment = docs.get(0);
        JsonNode service = docs.get(1);
        assertEquals("Deployment", deployment.get("kind").asText());
        assertTrue(deployment.at("/spec/replicas").asInt() > 1);
        JsonNode pod = deployment.at("/spec/template");
        assertEquals(deployment.at("/spec/selector/matchLabels"), pod.at("/metadata/labels"));
        JsonNode container = pod.at("/spec/containers/0");
        assertServerContainer(container, pod.at("/spec/volumes"));

        assertEquals("Service", service.get("kind").asText());
        assertEquals(deployment.at("/spec/selector/matchLabels"), service.at("/spec/selector"));
        assertEquals(container.at("/ports/0/name").asText(), service.at("/spec/ports/0/targetPort").asText());
        assertEquals(container.at("/livenessProbe/httpGet/port").asText(), container.at("/ports/0/name").asText());
        // The Service passes gRPC on to the container's gRPC port, and readiness is the gRPC health check.
        String grpcName = declaredPort(container, serveOptions(container.get("args")).grpcPort()).get("name").asText();
        assertEquals(grpcName, service.at("/spec/ports/1/targetPort").asText());
        assertTrue(container.at("/readinessProbe").has("grpc"), "ready by the gRPC health check");
    }

    @Test
    void the_inference_service_is_a_custom_predictor_running_the_real_server() throws Exception {
        JsonNode isvc = documents("inferenceservice.yaml").get(0);
        assertEquals("serving.kserve.io/v1beta1", isvc.get("apiVersion").asText());
        assertEquals("InferenceService", isvc.get("kind").asText());
        JsonNode predictor = isvc.at("/spec/predictor");
        JsonNode container = predictor.at("/containers/0");
        assertEquals("kserve-container", container.get("name").asText());
        assertServerContainer(container, predictor.get("volumes"));
        assertEquals(container.at("/ports/0/containerPort").asInt(), container.at("/readinessProbe/httpGet/port").asInt());
        // KServe knows a gRPC port by its name, h2c; raw deployment mode exposes it beside HTTP.
        assertEquals("h2c", declaredPort(container, serveOptions(container.get("args")).grpcPort()).get("name").asText());
        assertEquals("RawDeployment", isvc.at("/metadata/annotations/serving.kserve.io~1deploymentMode").asText());
    }

    @Test
    void the_dockerfile_builds_in_two_stages_and_starts_the_server_as_the_manifests_expect() throws Exception {
        List<String> lines = Files.readAllLines(DEPLOY.resolve("Dockerfile")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertEquals(2, froms.size(), "multi-stage: build, then runtime");
        assertTrue(froms.get(1).matches("FROM eclipse-temurin:17-jre"), froms.get(1));
        YAMLMapper json = new YAMLMapper();
        JsonNode entrypoint = json.readTree(instruction(lines, "ENTRYPOINT"));
        JsonNode cmd = json.readTree(instruction(lines, "CMD"));
        // The main class exists and the default arguments are valid serve options.
        Class.forName(entrypoint.get(3).asText());
        assertEquals(ServingCli.class.getName(), entrypoint.get(3).asText());
        assertEquals("serve", entrypoint.get(4).asText());
        ServeOptions options = serveOptions(cmd);
        assertEquals("0.0.0.0", options.host());
        assertEquals(options.port() + " " + options.grpcPort(), instruction(lines, "EXPOSE"));
        // What the runtime stage copies is what this module's build produces.
        assertTrue(lines.contains("COPY --from=build /build/serving/target/digit-lab-serving.jar /app/"));
        assertTrue(Files.readString(Path.of("pom.xml")).contains("<finalName>digit-lab-serving</finalName>"));
        // And the manifests run the image with the same port and models folder.
        JsonNode deployed = documents("deployment.yaml").get(0).at("/spec/template/spec/containers/0/args");
        assertEquals(options, serveOptions(deployed));
    }

    private static String instruction(List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith(name + " ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no " + name)).substring(name.length() + 1);
    }
}
