package digitlab.serving.bench;

import digitlab.core.cli.BuildVersion;
import digitlab.core.cli.UsageException;
import digitlab.core.data.DigitDataset;
import digitlab.serving.ServingServer;
import digitlab.serving.accuracy.PhotoSpec;
import digitlab.serving.grpc.proto.ModelInferRequest;
import digitlab.serving.http.ServingSettings;
import digitlab.serving.inference.OnnxModel;
import digitlab.serving.service.ModelRanking;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code digit-lab bench serve}: in one run, the whole serving picture on this machine. /predict
 * with one JSON digit, one PNG digit and a JSON batch, each beside a do-nothing endpoint (the
 * floor the HTTP stack sets), at several client counts; the model's own time per call without
 * HTTP; and how long a server takes to become ready.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        // The launcher turns 'digit-lab bench serve' into this command; say it the way users type it.
        customSynopsis = "digit-lab bench serve [--url=<url> | --models=<dir> --threads=<n>,...] [OPTIONS]",
        description = "Benchmark the server with MNIST test digits. Without --url it starts its own server over "
                + "--models (once per --threads value) and reports, per number of concurrent clients, requests per "
                + "second and latency of POST /predict with one JSON digit, one PNG digit and a JSON batch, of the v2 "
                + "protocol's infer call over HTTP (JSON and binary tensors) and over gRPC (raw contents), one digit "
                + "and a batch each, next to a "
                + "bare endpoint that does no work (the floor); then ONNX Runtime's own time per one-digit call, and "
                + "the time from start to a ready /health. JSON single is also sent to a second server with dynamic "
                + "batching on (--batch-window-us), taking turns with the first, and the two are printed side by side. "
                + "With --url only the /predict rows are measured. The client (one thread and keep-alive connection "
                + "per client) and the server share the machine's cores, as they would on one host.")
public final class BenchServeCommand implements Callable<Integer> {
    private static final int READY_STARTS = 3;
    private static final int INFERENCE_WARMUP = 2_000;
    /** Batching off and on take turns this many times per client count, so a burst of noise cannot favour one. */
    private static final int BATCHING_ROUNDS = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", description = "A running server, e.g. http://localhost:7070 (default: start one here).")
    URI url;

    @Option(names = "--models", defaultValue = "${env:DIGITLAB_HOME:-.}/models", paramLabel = "DIR",
            description = "Models folder for the in-process server (default: models/).")
    Path modelsDir;

    @Option(names = "--data", defaultValue = "${env:DIGITLAB_HOME:-.}/data", paramLabel = "DIR",
            description = "Data folder the test digits come from (default: data/).")
    Path dataDir;

    @Option(names = "--model", description = "Model id to ask (default: the server's best model).")
    String model;

    @Option(names = "--clients", split = ",", defaultValue = "1,8,32",
            description = "Concurrent connections, one run each (default: ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(names = "--threads", split = ",", defaultValue = "1",
            description = "ONNX Runtime intra-op threads to compare, in-process server only; e.g. 1,2 (default: ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = "--requests", defaultValue = "3000",
            description = "Requests per row; batch rows send an eighth as many, each being much larger (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--warmup", defaultValue = "5000",
            description = "Unmeasured requests per endpoint first, so the JIT has compiled the request path; too few and the first row measures the compiler (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--batch", defaultValue = "64", description = "Digits per request in the batch rows (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--batch-window-us", defaultValue = "1000",
            description = "Dynamic batching window of a second in-process server, measured against the first (batching "
                    + "off) on JSON single, alternating client count by client count; 0 skips it (default: ${DEFAULT-VALUE}).")
    long batchWindowMicros;

    @Option(names = "--inference-calls", defaultValue = "20000",
            description = "Timed one-digit ONNX Runtime calls, in-process only (default: ${DEFAULT-VALUE}).")
    int inferenceCalls;

    @Override
    public Integer call() throws Exception {
        // The in-process servers' logs (a line per request, per model loaded, per accuracy measured, for each of
        // several starts) would bury the table; warnings still show.
        System.setProperty("org.slf4j.simpleLogger.log.digitlab", "warn");
        if (requests < 1 || warmup < 0 || batch < 1 || inferenceCalls < 1 || batchWindowMicros < 0 || clients.isEmpty()
                || clients.stream().anyMatch(c -> c < 1) || threads.stream().anyMatch(t -> t < 1)) {
            // A ParameterException, so the message ends by pointing to 'digit-lab bench serve --help'.
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--requests, --batch, --inference-calls, --clients and --threads must be at least 1");
        }
        TestDigitBodies digits = new TestDigitBodies(DigitDataset.named(dataDir, DigitDataset.DEFAULT).test());
        PrintWriter out = spec.commandLine().getOut();
        printMachineAndSettings(out);
        if (url != null) {
            out.println("Against " + url + ": /predict rows only (the floor, in-process inference and ready time "
                    + "need the server this command starts itself).");
            ResultTable table = new ResultTable(out);
            table.header();
            measure(table, "-", url, null, predictWorkloads(digits), null);
            table.printBatchSummary();
            out.flush();
            return 0;
        }
        // First, while nothing else runs: starting servers is what a restart costs.
        ReadyTimer.Result ready = new ReadyTimer().time(config(threads.get(0), Duration.ZERO, ServingServer.Config.NO_GRPC),
                READY_STARTS);
        List<String> inferenceLines = new ArrayList<>();
        String servedModel = null;
        ResultTable table = new ResultTable(out);
        BatchingComparison batching = new BatchingComparison(batchWindowMicros);
        table.header();
        for (int t : threads) {
            // A second server with batching on, beside the one without, so both are measured under the same noise.
            try (ServingServer server = ServingServer.start(config(t, Duration.ZERO, 0));
                    ServingServer batched = batchWindowMicros == 0 ? null
                            : ServingServer.start(config(t, Duration.ofNanos(batchWindowMicros * 1000), ServingServer.Config.NO_GRPC));
                    FloorServer floor = new FloorServer()) {
                if (server.registry().snapshot().models().isEmpty()) {
                    throw new IllegalStateException("No model loaded from " + modelsDir.toAbsolutePath());
                }
                // Served accuracy is measured in the background after load; let it finish so it does not compete,
                // and so "the best model" is settled before it is asked for.
                server.accuracy().awaitIdle();
                OnnxModel asked = askedModel(server);
                servedModel = asked.id();
                Batched pair = null;
                if (batched != null) {
                    batched.accuracy().awaitIdle();
                    pair = new Batched(URI.create("http://127.0.0.1:" + batched.port()),
                            batched.registry().snapshot().models().get(asked.id()), batching);
                }
                List<Workload> http = new ArrayList<>(predictWorkloads(digits));
                http.addAll(protocolWorkloads(digits, asked.id()));
                measure(table, Integer.toString(t), URI.create("http://127.0.0.1:" + server.port()),
                        URI.create("http://127.0.0.1:" + floor.port()), http, pair);
                measureGrpc(table, Integer.toString(t), server.grpcPort(), digits, asked.id());
                InferenceTimer.Result r = InferenceTimer.time(asked.file(), t, digits.pixels(), INFERENCE_WARMUP,
                        inferenceCalls);
                inferenceLines.add(String.format("ONNX Runtime run(), 1 digit, no HTTP, threads %d: median %.1f µs, "
                        + "p99 %.1f µs (%d calls after %d warm-up)", t, r.medianMicros(), r.p99Micros(), r.calls(),
                        INFERENCE_WARMUP));
            }
        }
        out.println();
        out.println("vs floor: the row's req/s as a share of the bare endpoint's at the same threads and clients.");
        table.printBatchSummary();
        batching.print(out);
        out.println();
        out.println("Model asked: " + servedModel + (model == null ? " (the server's best)" : ""));
        inferenceLines.forEach(out::println);
        // The first start also loads ONNX Runtime's native library and Javalin's classes, as a fresh process would.
        out.printf("Ready time (start to first /health with models served), %s: median %.0f ms of %d starts "
                        + "(%s ms; the first in a cold JVM)%n",
                modelsDir, ready.medianMillis(), READY_STARTS,
                Arrays.stream(ready.millis()).mapToObj(m -> String.format("%.0f", m)).collect(Collectors.joining(", ")));
        out.flush();
        return 0;
    }

    private void printMachineAndSettings(PrintWriter out) {
        out.printf("Machine: %d cores, Java %s, %s %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("os.name"), System.getProperty("os.arch"));
        boolean compared = url == null && batchWindowMicros > 0;
        out.printf("Settings: clients %s, requests %d per row (%d per batch row%s), warm-up %d per endpoint, batch %d, "
                        + "batching %s, ORT threads %s, %s%n",
                join(clients), requests, batchRequests(requests),
                compared ? "; json x1 " + BATCHING_ROUNDS + " rounds of " + requests + ", pooled" : "", warmup, batch,
                compared ? "off vs on (window " + batchWindowMicros + " µs)" : "(server's own)",
                url == null ? join(threads) : "(server's own)", url == null ? "models " + modelsDir : "url " + url);
        out.println();
        out.flush();
    }

    private List<Workload> predictWorkloads(TestDigitBodies digits) {
        String predict = "/predict" + (model == null ? "" : "?model=" + model);
        return List.of(
                new Workload("json x1", predict, digits.json(1), 1, false),
                new Workload("png x1", predict, digits.png(), 1, false),
                new Workload("json x" + batch, predict, digits.json(batch), batch, false));
    }

    /**
     * The Open Inference Protocol's infer call over HTTP, JSON and binary tensors, one digit and a batch, to
     * set beside the same call over gRPC ({@link #measureGrpc}).
     */
    private List<Workload> protocolWorkloads(TestDigitBodies digits, String modelId) {
        String infer = "/v2/models/" + modelId + "/infer";
        List<Workload> rows = new ArrayList<>();
        for (int n : List.of(1, batch)) {
            rows.add(new Workload("v2 json x" + n, infer, digits.v2Json(n), n, false));
            rows.add(new Workload("v2 binary x" + n, infer, digits.v2Binary(n), n, false));
        }
        return rows;
    }

    /** ModelInfer over gRPC, raw contents, one digit and a batch: each client its own channel and thread. */
    private void measureGrpc(ResultTable table, String threadsLabel, int port, TestDigitBodies digits, String modelId)
            throws InterruptedException {
        LoadRun load = new LoadRun();
        for (int n : List.of(1, batch)) {
            List<ModelInferRequest> calls = digits.grpc(modelId, n);
            LoadRun.Connector connector = () -> new GrpcConnection("127.0.0.1", port, calls);
            int count = n > 1 ? batchRequests(requests) : requests;
            if (warmup > 0) {
                load.run(connector, Collections.max(clients), n > 1 ? batchRequests(warmup) : warmup);
            }
            Workload row = new Workload("grpc x" + n, "-", List.of(), n, false);
            for (int c : clients) {
                table.row(threadsLabel, row, load.run(connector, c, count));
            }
        }
    }

    /** The batching server and its copy of the asked model, whose run counts say how much was merged. */
    private record Batched(URI base, OnnxModel model, BatchingComparison comparison) {}

    /**
     * Floor first, so every /predict row can be read against it; {@code floorBase} null means no floor.
     * With {@code batched}, each JSON single row is followed by the same load on the batching server.
     */
    private void measure(ResultTable table, String threadsLabel, URI base, URI floorBase, List<Workload> predict,
            Batched batched) throws Exception {
        List<Workload> workloads = new ArrayList<>();
        List<URI> bases = new ArrayList<>();
        if (floorBase != null) {
            // The same single-digit JSON body /predict gets, so only the work differs.
            workloads.add(new Workload("floor", FloorServer.PATH, predict.get(0).bodies(), 1, true));
            bases.add(floorBase);
        }
        workloads.addAll(predict);
        bases.addAll(Collections.nCopies(predict.size(), base));
        LoadRun load = new LoadRun();
        int mostClients = Collections.max(clients);
        for (int w = 0; w < workloads.size(); w++) {
            Workload workload = workloads.get(w);
            URI target = bases.get(w).resolve(workload.path());
            boolean batchRow = workload.digitsPerRequest() > 1;
            int count = batchRow ? batchRequests(requests) : requests;
            if (warmup > 0) {
                // At the largest client count, so every connection and server thread the rows use exists already.
                load.run(target, workload.bodies(), mostClients, batchRow ? batchRequests(warmup) : warmup);
            }
            boolean paired = batched != null && workload == predict.get(0);
            URI batchedTarget = paired ? batched.base().resolve(workload.path()) : null;
            if (paired && warmup > 0) {
                load.run(batchedTarget, workload.bodies(), mostClients, warmup);
            }
            for (int c : clients) {
                if (!paired) {
                    table.row(threadsLabel, workload, load.run(target, workload.bodies(), c, count));
                    continue;
                }
                List<LoadRun.Result> offRuns = new ArrayList<>();
                List<LoadRun.Result> onRuns = new ArrayList<>();
                long runs = batched.model().runs();
                long rows = batched.model().rowsRun();
                for (int round = 0; round < BATCHING_ROUNDS; round++) {
                    // Who goes first alternates too: the second of a pair may find caches and the JIT warmer.
                    if (round % 2 == 0) {
                        offRuns.add(load.run(target, workload.bodies(), c, count));
                    }
                    onRuns.add(load.run(batchedTarget, workload.bodies(), c, count));
                    if (round % 2 == 1) {
                        offRuns.add(load.run(target, workload.bodies(), c, count));
                    }
                }
                LoadRun.Result off = LoadRun.Result.pool(offRuns);
                LoadRun.Result on = LoadRun.Result.pool(onRuns);
                table.row(threadsLabel, workload, off);
                table.row(threadsLabel, new Workload(workload.label() + " batched", workload.path(), workload.bodies(),
                        1, false), on);
                batched.comparison().add(off, on,
                        (double) (batched.model().rowsRun() - rows) / Math.max(1, batched.model().runs() - runs));
            }
        }
    }

    /** A batch request carries many digits, so fewer of them keep the row's time in line with the others. */
    private static int batchRequests(int requests) {
        return Math.max(1, requests / 8);
    }

    private OnnxModel askedModel(ServingServer server) {
        if (model != null) {
            OnnxModel m = server.registry().snapshot().models().get(model);
            if (m == null) {
                throw new UsageException("No model '" + model + "' in " + modelsDir);
            }
            return m;
        }
        return ModelRanking.bestFirst(server.registry().snapshot().models().values(), server.accuracy()).get(0);
    }

    /** @param grpcPort 0 for a gRPC listener on a free port, {@link ServingServer.Config#NO_GRPC} for none */
    private ServingServer.Config config(int intraOpThreads, Duration batchWindow, int grpcPort) {
        // No photo accuracy: generating the photos would compete with the load this command measures.
        return new ServingServer.Config(modelsDir, dataDir, "127.0.0.1", 0, Duration.ZERO, intraOpThreads,
                batchWindow, ServingSettings.defaults(), PhotoSpec.NONE, grpcPort);
    }

    private static String join(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
