package digitlab.training.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** Median ms/epoch of the PyTorch run, or empty with the reason printed by the caller. */
    public double medianEpochMillis(Path dataDir, String regularizer, int reps, int epochs) throws IOException {
        Path script = Files.createTempFile("digitlab-torch-epoch", ".py");
        try (InputStream in = TorchBaseline.class.getResourceAsStream("/bench/torch_epoch.py")) {
            Files.write(script, in.readAllBytes());
            ProcessBuilder pb = new ProcessBuilder(python, script.toString(), dataDir.toString(), regularizer,
                    Integer.toString(reps), Integer.toString(epochs));
            pb.environment().put("OMP_NUM_THREADS", "1");
            Process p = pb.redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException("The PyTorch baseline failed: " + out);
            }
            return Double.parseDouble(out.substring(out.lastIndexOf('\n') + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("The PyTorch baseline was interrupted.", e);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    public String python() {
        return python;
    }
}
