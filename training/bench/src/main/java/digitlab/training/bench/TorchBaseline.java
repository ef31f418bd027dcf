package digitlab.training.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import digitlab.training.model.Network;
import digitlab.training.model.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the same protocol in PyTorch, one thread, when a Python with torch is on the machine
 * (Debian's python3-torch). A comparison for developers only: digit-lab never needs it.
 */
public final class TorchBaseline {
    private static final List<String> PYTHONS = List.of("/usr/bin/python3", "python3");
    private final String python;

    private TorchBaseline(String python) {
        this.python = python;
    }

    /** A Python that imports torch, if there is one. */
    public static Optional<TorchBaseline> find() {
        for (String candidate : PYTHONS) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import torch").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(new TorchBaseline(candidate));
                }
            } catch (IOException e) {
                // not installed under that name: try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Median ms/epoch of one setting in PyTorch, after {@code warmup} untimed epochs. */
    public double medianEpochMillis(Path dataDir, TrainConfig setting, int warmup, int reps, int epochs)
            throws IOException {
        Path script = Files.createTempFile("digitlab-torch-epoch", ".py");
        try (InputStream in = TorchBaseline.class.getResourceAsStream("/bench/torch_epoch.py")) {
            Files.write(script, in.readAllBytes());
            return Double.parseDouble(lastLine(script.toString(), dataDir.toString(),
                    setting.loss().id(), setting.regularizer().id(), Double.toString(setting.strength()),
                    Integer.toString(warmup), Integer.toString(reps), Integer.toString(epochs),
                    Integer.toString(setting.split().trainSize()), Integer.toString(setting.split().testSize()),
                    Integer.toString(setting.batchSize()), network(setting),
                    Integer.toString(setting.recipe().trainEvalSize())));
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** The script's name for the setting's network: the study's MLP, or digit-lab's CNN preset with Adam. */
    private static String network(TrainConfig setting) {
        if (setting.network().denseOnly()) {
            return "mlp";
        }
        if (!setting.network().equals(Network.parse(Network.CNN))) {
            throw new IllegalArgumentException("The PyTorch baseline knows the MLP and the CNN preset, not " + setting.network());
        }
        return "cnn";
    }

    /**
     * One setting as a side of an alternating benchmark: each round a fresh one-thread process,
     * warmed up by {@code warmup} untimed epochs before the round's timed ones.
     */
    public EpochTimer timer(Path dataDir, TrainConfig setting, int warmup) {
        return epochs -> medianEpochMillis(dataDir, setting, warmup, 1, epochs);
    }

    /**
     * The kernel family PyTorch's OpenBLAS chose for this CPU (e.g. SkylakeX; Prescott is the
     * slowest fallback), read from the library the torch process has loaded.
     */
    public String blasCore() throws IOException {
        return lastLine("-c", String.join("\n",
                "import ctypes, torch",
                "libs = [l.split()[-1] for l in open('/proc/self/maps') if 'openblas' in l and '.so' in l]",
                "if not libs: print('not OpenBLAS')",
                "else:",
                "    lib = ctypes.CDLL(libs[0]); lib.openblas_get_corename.restype = ctypes.c_char_p",
                "    print(lib.openblas_get_corename().decode())"));
    }

    /** PyTorch's FP32 matmul rate at 1024^3 on one thread, GFLOP/s (median of 7): its BLAS beside ND4J's. */
    public double matmulGflops() throws IOException {
        return Double.parseDouble(lastLine("-c", String.join("\n",
                "import time, torch",
                "torch.set_num_threads(1)",
                "a, b = torch.rand(1024, 1024), torch.rand(1024, 1024)",
                "for _ in range(3): a @ b",
                "rates = []",
                "for _ in range(7):",
                "    t = time.perf_counter(); a @ b; rates.append(2 * 1024 ** 3 / (time.perf_counter() - t) / 1e9)",
                "print(sorted(rates)[3])")));
    }

    /**
     * Runs this Python with one thread and returns the last line it printed. OpenBLAS gets one
     * thread too, and inherits the launcher's OPENBLAS_CORETYPE: without it, Debian's OpenBLAS
     * 0.3.21 takes this CPU for a Prescott and PyTorch ran 3.4x slower.
     */
    private String lastLine(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(python));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        try {
            Process p = pb.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("The PyTorch baseline failed: " + out);
            }
            return out.substring(out.lastIndexOf('\n') + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("The PyTorch baseline was interrupted.", e);
        }
    }

    /**
     * Wall time of a whole grid in PyTorch, {@code parallel} one-thread processes side by side,
     * every run for its full epochs with per-epoch evaluation.
     */
    public long gridWallMillis(Path dataDir, List<TrainConfig> runs, int parallel) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        long start = System.nanoTime();
        try {
            List<Future<Double>> futures = new ArrayList<>();
            for (TrainConfig run : runs) {
                futures.add(pool.submit(() -> medianEpochMillis(dataDir, run, 0, 1, run.epochs())));
            }
            for (Future<Double> f : futures) {
                f.get();
            }
            return (System.nanoTime() - start) / 1_000_000;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("The PyTorch grid was interrupted.", e);
        } catch (ExecutionException e) {
            throw new IOException("The PyTorch grid failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    public String python() {
        return python;
    }
}
