package digitlab.serving;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitlab.serving.accuracy.PhotoSpec;
import digitlab.serving.http.ServingSettings;
import digitlab.serving.inference.ModelFolderWatcher;
import digitlab.serving.inference.ModelLoader;
import digitlab.serving.inference.ModelRegistry;
import io.javalin.Javalin;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real server on a loopback port, wired by {@link ServingServer} as {@code digit-lab serve} wires it, over a temporary
 * copy of the fixture models so tests can add, break and remove files.
 */
public final class TestServer implements AutoCloseable, AfterAllCallback {
    /** The fixture models: real exported models following the contract (replaceable by any such files). */
    public static final Path FIXTURES = Path.of("src/test/resources/models");
    /** The repository's data folder, seen from the serving module. */
    public static final Path DATA = Path.of("../data");
    public static final ObjectMapper JSON = new ObjectMapper();

    public final Path modelsDir;
    public final ServingServer server;
    public final ModelRegistry registry;
    public final ModelFolderWatcher watcher;
    public final Javalin app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private TestServer(Path modelsDir, ServingSettings settings, Duration watchInterval, Path dataDir,
            Duration batchWindow) {
        this(modelsDir, settings, watchInterval, dataDir, batchWindow, PhotoSpec.NONE);
    }

    /** @param photos the photo set measured in the background; none unless a test is about it, as it costs seconds */
    private TestServer(Path modelsDir, ServingSettings settings, Duration watchInterval, Path dataDir,
            Duration batchWindow, PhotoSpec photos) {
        this(modelsDir, settings, watchInterval, dataDir, batchWindow, photos, ServingServer.Config.NO_GRPC);
    }

    private TestServer(Path modelsDir, ServingSettings settings, Duration watchInterval, Path dataDir,
            Duration batchWindow, PhotoSpec photos, int grpcPort) {
        this.modelsDir = modelsDir;
        server = ServingServer.start(new ServingServer.Config(modelsDir, dataDir, "127.0.0.1", 0, watchInterval, 1,
                batchWindow, settings, photos, grpcPort));
        registry = server.registry();
        watcher = server.watcher();
        app = server.app();
    }

    /** A server over a copy of every fixture model, with default limits and no folder polling. */
    public static TestServer withFixtures() {
        return withFixtures(ServingSettings.defaults(), Duration.ZERO);
    }

    public static TestServer withFixtures(ServingSettings settings, Duration watchInterval) {
        return withFixtures(settings, watchInterval, DATA, Map.of());
    }

    /** Every fixture model, served with dynamic batching gathering for at most {@code batchWindow}. */
    public static TestServer withBatching(Duration batchWindow) {
        return new TestServer(copyOfFixtures(Map.of()), ServingSettings.defaults(), Duration.ZERO, DATA, batchWindow);
    }

    /**
     * @param extraFiles more files for the models folder, by name, e.g. a corrupt one
     */
    public static TestServer withFixtures(ServingSettings settings, Duration watchInterval, Path dataDir,
            Map<String, byte[]> extraFiles) {
        return new TestServer(copyOfFixtures(extraFiles), settings, watchInterval, dataDir, Duration.ZERO);
    }

    private static Path copyOfFixtures(Map<String, byte[]> extraFiles) {
        Path dir = tempDir();
        fixtureFiles().forEach(f -> copy(f, dir.resolve(f.getFileName())));
        extraFiles.forEach((name, bytes) -> {
            try {
                Files.write(dir.resolve(name), bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return dir;
    }

    /** A server over a copy of every .onnx file in {@code folder}, e.g. the repository's full-size models. */
    public static TestServer withCopyOf(Path folder) {
        Path dir = tempDir();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> f.toString().endsWith(".onnx")).forEach(f -> copy(f, dir.resolve(f.getFileName())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestServer(dir, ServingSettings.defaults(), Duration.ZERO, DATA, Duration.ZERO);
    }

    /** Every fixture model, with photo accuracy measured on {@code photos}. */
    public static TestServer withPhotos(PhotoSpec photos) {
        return new TestServer(copyOfFixtures(Map.of()), ServingSettings.defaults(), Duration.ZERO, DATA, Duration.ZERO,
                photos);
    }

    /** Every fixture model, with the gRPC listener on a free port as well ({@link ServingServer#grpcPort()}). */
    public static TestServer withGrpc(ServingSettings settings) {
        return new TestServer(copyOfFixtures(Map.of()), settings, Duration.ZERO, DATA, Duration.ZERO, PhotoSpec.NONE, 0);
    }

    /** No model at all, with the gRPC listener on a free port. */
    public static TestServer emptyWithGrpc() {
        return new TestServer(tempDir(), ServingSettings.defaults(), Duration.ZERO, DATA, Duration.ZERO, PhotoSpec.NONE, 0);
    }

    public static TestServer empty() {
        return new TestServer(tempDir(), ServingSettings.defaults(), Duration.ZERO, DATA, Duration.ZERO);
    }

    public static List<Path> fixtureFiles() {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            List<Path> out = files.filter(f -> f.toString().endsWith(".onnx")).sorted().toList();
            if (out.size() < 2) {
                fail("The tests need at least two fixture models in " + FIXTURES.toAbsolutePath());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> fixtureIds() {
        return fixtureFiles().stream().map(ModelLoader::idOf).toList();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
    }

    public HttpResponse<String> post(String path, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    public HttpResponse<String> postJson(String path, Object body) {
        try {
            return post(path, "application/json", JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** Polls {@code path} until its JSON satisfies {@code ready}; fails after a generous minute. */
    public JsonNode awaitJson(String path, Predicate<JsonNode> ready) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = json(get(path));
            if (ready.test(last)) {
                return last;
            }
            sleep(50);
        }
        throw new AssertionError("GET " + path + " never became ready; last answer: " + last);
    }

    /** Waits until every served model's accuracy is measured. */
    public JsonNode awaitServedAccuracy() {
        return awaitJson("/models", body -> {
            List<String> statuses = new ArrayList<>();
            body.get("models").forEach(m -> statuses.add(m.get("servedAccuracy").get("status").asText()));
            return statuses.stream().noneMatch("pending"::equals);
        });
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("digitlab-models");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As a JUnit extension ({@code @RegisterExtension static final TestServer server = ...}): closed after the class's last test. */
    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.stop();
        // Deepest first: folders in Triton's layout hold version folders.
        try (Stream<Path> files = Files.walk(modelsDir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // A temp folder left behind is harmless.
        }
    }
}
