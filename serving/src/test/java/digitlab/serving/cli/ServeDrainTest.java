package digitlab.serving.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.serving.Mnist;
import digitlab.serving.TestServer;
import digitlab.serving.grpc.GrpcClient;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM while a request is still arriving: {@code serve} stops taking new ones, answers it if it
 * completes within the drain grace period, cuts it off if not, and either way exits 0 with one line
 * that says which; a gRPC call in flight drains with them.
 */
class ServeDrainTest {
    private static final Pattern LISTENING = Pattern.compile("serving on http://127\\.0\\.0\\.1:(\\d+)/");

    @Test
    void a_request_still_arriving_at_SIGTERM_is_answered_within_the_grace_and_the_exit_is_0(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("serve.log");
        Process serve = start(dir, log, 20);
        int port = port(serve, log);
        try (Socket client = new Socket("127.0.0.1", port)) {
            byte[] body = TestServer.JSON.writeValueAsBytes(Map.of("pixels", Mnist.pixels(0)));
            OutputStream out = client.getOutputStream();
            out.write(head(body.length));
            out.write(body, 0, body.length / 2);
            out.flush();
            awaitInFlight(port);
            serve.destroy(); // SIGTERM, with half the body sent
            awaitLine(serve, log, "Shutting down");
            out.write(body, body.length / 2, body.length - body.length / 2);
            out.flush();
            client.setSoTimeout(30_000);
            String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("\"digit\""), answer);
        }
        String output = awaitExit(serve, log);
        assertTrue(output.contains("no request was left running"), output);
    }

    @Test
    void a_request_outlasting_the_grace_is_cut_off_with_one_line_and_the_exit_is_still_0(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("serve.log");
        Process serve = start(dir, log, 1);
        int port = port(serve, log);
        try (Socket client = new Socket("127.0.0.1", port)) {
            OutputStream out = client.getOutputStream();
            out.write(head(10_000));
            out.write("{\"pixels\": [".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitInFlight(port);
            serve.destroy();
            // A long upload, never idle long enough for Jetty's own 1 s idle timeout while stopping.
            try {
                while (serve.isAlive()) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException closedByTheStop) {
                // The server cut it off: what this test expects.
            }
            String output = awaitExit(serve, log);
            assertTrue(output.contains("1 request(s) still running were cut off"), output);
        }
    }

    private static Process start(Path dir, Path log, int drainSeconds, String... more) throws IOException {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.copy(TestServer.fixtureFiles().get(0), models.resolve(TestServer.fixtureFiles().get(0).getFileName()));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", System.getProperty("java.class.path"), ServingCli.class.getName(), "serve",
                "--models", models.toString(), "--data", TestServer.DATA.toString(), "--port", "0",
                "--watch-interval", "0", "--drain-seconds", String.valueOf(drainSeconds)));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Waits until the server has taken the request in: bytes still unread in its socket make an idle
     * connection to Jetty, which a graceful stop closes (rightly: no request was begun on it).
     */
    private static void awaitInFlight(int port) throws Exception {
        // The scrape itself is one request in flight; the one under test makes two.
        awaitMetric(port, "digitlab_http_requests_in_flight 2.0");
    }

    private static void awaitMetric(int port, String line) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!http.send(metrics, HttpResponse.BodyHandlers.ofString()).body().contains(line)) {
            assertTrue(System.nanoTime() < deadline, "the request never reached the server");
            Thread.sleep(10);
        }
    }

    @Test
    void a_grpc_call_still_arriving_at_SIGTERM_is_answered_with_the_HTTP_drain_and_the_exit_is_0(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("serve.log");
        Process serve = start(dir, log, 20, "--grpc-port", "0");
        int port = port(serve, log);
        Matcher grpc = Pattern.compile("gRPC is served on 127\\.0\\.0\\.1:(\\d+)").matcher(awaitLine(serve, log, "gRPC is served"));
        assertTrue(grpc.find(), Files.readString(log));
        try (GrpcClient client = new GrpcClient(Integer.parseInt(grpc.group(1)))) {
            GrpcClient.Stalled call = client.stalled(CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), new Metadata());
            awaitMetric(port, "digitlab_grpc_calls_in_flight 1.0");
            serve.destroy(); // SIGTERM, with the call's request not yet sent
            awaitLine(serve, log, "Shutting down");
            call.finish(GrpcClient.raw(TestServer.fixtureIds().get(0), Mnist.pixels(0), 1).build());
            assertEquals(Status.Code.OK, call.closed.get(30, TimeUnit.SECONDS).getCode(), "the call in flight is answered");
            assertEquals(10, GrpcClient.rawOutput(call.answer).length);
        }
        String output = awaitExit(serve, log);
        assertTrue(output.contains("no request was left running"), output);
    }

    private static int port(Process serve, Path log) throws Exception {
        Matcher m = LISTENING.matcher(awaitLine(serve, log, "serving on"));
        assertTrue(m.find(), Files.readString(log));
        return Integer.parseInt(m.group(1));
    }

    private static String awaitLine(Process serve, Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains(text)) {
            assertTrue(serve.isAlive() && System.nanoTime() < deadline, "no '" + text + "' in:\n" + Files.readString(log));
            Thread.sleep(20);
        }
        return Files.readString(log);
    }

    private static String awaitExit(Process serve, Path log) throws Exception {
        try {
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "the server did not stop:\n" + Files.readString(log));
            String output = Files.readString(log);
            assertEquals(0, serve.exitValue(), output);
            assertFalse(output.contains("Exception") || output.contains("\tat "), "no stack trace:\n" + output);
            return output;
        } finally {
            serve.destroyForcibly();
        }
    }

    private static byte[] head(int contentLength) {
        return ("POST /predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + contentLength + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
