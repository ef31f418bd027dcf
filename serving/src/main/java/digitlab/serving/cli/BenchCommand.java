package digitlab.serving.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import digitlab.core.data.DigitDataset;
import digitlab.core.data.Digits;
import digitlab.core.data.PixelScaling;
import digitlab.serving.ServingServer;
import digitlab.serving.bench.LoadRun;
import digitlab.serving.http.ServingSettings;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code digit-lab bench serve}: throughput and latency of {@code POST /predict} with real MNIST test
 * digits, against a running server or an in-process one per ONNX Runtime thread setting.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        // The launcher turns 'digit-lab bench serve' into this command; say it the way users type it.
        customSynopsis = "digit-lab bench serve [--url=<url> | --models=<dir> --threads=<n>,...] [OPTIONS]",
        description = "Benchmark POST /predict with MNIST test digits: requests per second and latency percentiles "
                + "for each number of concurrent clients. Without --url it starts its own server over --models, once "
                + "per --threads value, so the ONNX Runtime thread setting can be compared on this machine. Client and "
                + "server share the machine's cores, as they would on one host.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--url", description = "A running server, e.g. http://localhost:7070 (default: start one here).")
    URI url;

    @Option(names = "--models", defaultValue = "${env:DIGITLAB_HOME:-.}/models",
            description = "Models folder for the in-process server (default: ${DEFAULT-VALUE}).")
    Path modelsDir;

    @Option(names = "--data", defaultValue = "${env:DIGITLAB_HOME:-.}/data",
            description = "Data folder the test digits come from (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--model", description = "Model id to ask (default: the server's best model).")
    String model;

    @Option(names = "--clients", split = ",", defaultValue = "1,2,4",
            description = "Concurrent clients, one run each (default: ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(names = "--threads", split = ",", defaultValue = "1,2",
            description = "ONNX Runtime intra-op threads to compare, in-process server only (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--requests", defaultValue = "2000", description = "Requests per run (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--warmup", defaultValue = "3000",
            description = "Unmeasured requests first, so the JIT has compiled the request path; too few and the first run measures the compiler (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--batch", defaultValue = "1", description = "Digits per request (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--as", defaultValue = "json",
            description = "How digits are sent: json (pixel arrays) or png (images, preprocessed by the server) (default: ${DEFAULT-VALUE}).")
    String as;

    @Override
    public Integer call() throws Exception {
        // The in-process server's access log, a line per request, would bury the table.
        System.setProperty("org.slf4j.simpleLogger.log.digitlab.access", "warn");
        if (requests < 1 || batch < 1 || clients.stream().anyMatch(c -> c < 1) || threads.stream().anyMatch(t -> t < 1)) {
            throw new IllegalArgumentException("--requests, --batch, --clients and --threads must be at least 1");
        }
        if (!as.equals("json") && !as.equals("png")) {
            throw new IllegalArgumentException("--as must be json or png, not '" + as + "'");
        }
        List<LoadRun.Body> bodies = bodies(DigitDataset.named(dataDir, DigitDataset.DEFAULT).test());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-8s %-8s %9s %10s %9s %9s %9s %7s%n", "threads", "clients", "requests", "req/s", "p50 ms",
                "p95 ms", "p99 ms", "errors");
        if (url != null) {
            measure(out, "-", url, bodies);
        } else {
            for (int t : threads) {
                try (ServingServer server = ServingServer.start(new ServingServer.Config(modelsDir, dataDir,
                        "127.0.0.1", 0, Duration.ZERO, t, ServingSettings.defaults()))) {
                    if (server.registry().snapshot().models().isEmpty()) {
                        throw new IllegalStateException("No model loaded from " + modelsDir.toAbsolutePath());
                    }
                    // Served accuracy is measured in the background after load; let it finish so it does not compete.
                    server.accuracy().awaitIdle();
                    measure(out, Integer.toString(t), URI.create("http://127.0.0.1:" + server.port()), bodies);
                }
            }
        }
        out.flush();
        return 0;
    }

    private void measure(PrintWriter out, String threadsLabel, URI base, List<LoadRun.Body> bodies) throws Exception {
        URI target = base.resolve("/predict" + (model == null ? "" : "?model=" + model));
        LoadRun load = new LoadRun();
        if (warmup > 0) {
            load.run(target, bodies, 2, warmup);
        }
        for (int c : clients) {
            LoadRun.Result r = load.run(target, bodies, c, requests);
            out.printf("%-8s %-8d %9d %10.0f %9.2f %9.2f %9.2f %7d%n", threadsLabel, c, r.requests(),
                    r.requestsPerSecond(), r.p50(), r.p95(), r.p99(), r.errors());
            out.flush();
        }
    }

    /** A few hundred distinct request bodies, so the server cannot answer from a warm cache line. */
    private List<LoadRun.Body> bodies(Digits test) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<LoadRun.Body> bodies = new ArrayList<>();
        for (int b = 0; b < 200; b++) {
            if (as.equals("png")) {
                bodies.add(new LoadRun.Body("image/png", png(test, b % test.size())));
                continue;
            }
            List<float[]> rows = new ArrayList<>();
            for (int k = 0; k < batch; k++) {
                rows.add(test.pixels((b * batch + k) % test.size(), PixelScaling.UNIT));
            }
            Object pixels = batch == 1 ? rows.get(0) : rows;
            bodies.add(new LoadRun.Body("application/json", json.writeValueAsBytes(Map.of("pixels", pixels))));
        }
        return bodies;
    }

    private static byte[] png(Digits test, int i) throws Exception {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < 784; p++) {
            image.getRaster().setSample(p % 28, p / 28, 0, test.pixel(i, p));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
