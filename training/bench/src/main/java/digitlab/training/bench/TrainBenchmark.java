package digitlab.training.bench;

import digitlab.training.model.TrainConfig;
import digitlab.training.train.Trainer;
import digitlab.training.train.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times what a training run spends per epoch (its SGD steps plus the full train and test
 * evaluation), and the floor for it: the epoch's arithmetic divided by this core's measured
 * single-precision matmul rate.
 */
public final class TrainBenchmark {
    private TrainBenchmark() {}

    /** A stack of runs (one run: a stack of one) as the trainer trains it, warmed up by {@code warmup} epochs. */
    public static EpochTimer sameDiff(List<TrainConfig> stack, TrainingData data, int warmup) {
        Trainer trainer = new Trainer(stack, data);
        Trainer.EpochEnd evaluate = e -> {
            trainer.evaluate(e);
            return false;
        };
        try {
            trainer.train(0, warmup, evaluate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return epochs -> {
            long start = System.nanoTime();
            trainer.train(0, epochs, evaluate);
            return (System.nanoTime() - start) / 1e6 / epochs;
        };
    }

    /**
     * Median ms/epoch of each side over {@code rounds} rounds, the sides taking turns within each
     * round: a machine that drifts (other jobs, clock, heat) then slows every side alike, and the
     * ratios of the medians stay fair where back-to-back timings would not.
     */
    public static double[] alternate(List<EpochTimer> sides, int rounds, int epochs) throws IOException {
        double[][] timings = new double[sides.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int s = 0; s < sides.size(); s++) {
                timings[s][r] = sides.get(s).millisPerEpoch(epochs);
            }
        }
        double[] medians = new double[sides.size()];
        for (int s = 0; s < sides.size(); s++) {
            medians[s] = median(timings[s]);
        }
        return medians;
    }

    /**
     * Floating-point operations of one epoch: forward, backward (about twice the forward) for every
     * training example, the update once per batch of {@code batchSize}, plus a forward pass over the
     * train and test sets.
     */
    public static double flopsPerEpoch(int[] layers, int trainSize, int testSize, int batchSize) {
        double forwardPerExample = 0;
        long params = 0;
        for (int l = 0; l + 1 < layers.length; l++) {
            forwardPerExample += 2.0 * layers[l] * layers[l + 1];
            params += (long) layers[l] * layers[l + 1] + layers[l + 1];
        }
        int steps = (trainSize + batchSize - 1) / batchSize;
        return 3 * forwardPerExample * trainSize + 2.0 * params * steps + forwardPerExample * (trainSize + testSize);
    }

    /**
     * The kernel family ND4J's bundled OpenBLAS 0.3.19 chose for this CPU (the launcher's
     * OPENBLAS_CORETYPE decides it where that library does not know the CPU).
     */
    public static String nd4jBlasCore() {
        // JavaCPP's bindings lack openblas_get_corename; JNA (on the class path through ND4J) calls it in
        // the very library ND4J loaded, found in this process's memory map (Linux only).
        try {
            Nd4j.create(DataType.FLOAT, 2, 2).mmul(Nd4j.create(DataType.FLOAT, 2, 2)); // ND4J has loaded its BLAS
            Path maps = Path.of("/proc/self/maps");
            Optional<String> library = Files.isReadable(maps) ? Files.readAllLines(maps).stream()
                    .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                    .filter(path -> path.contains("libopenblas") && path.contains(".so")).findFirst() : Optional.empty();
            return library.map(path -> com.sun.jna.NativeLibrary.getInstance(path).getFunction("openblas_get_corename")
                    .invokeString(new Object[0], false)).orElse("unknown (no OpenBLAS mapped)");
        } catch (IOException | RuntimeException | LinkageError e) {
            return "unknown (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** This core's sustained FP32 matmul rate through ND4J, in GFLOP/s (median of 7 after warm-up). */
    public static double matmulGflops() {
        int n = 1024;
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        for (int i = 0; i < 3; i++) {
            a.mmul(b, c);
        }
        double[] rates = new double[7];
        for (int i = 0; i < rates.length; i++) {
            long start = System.nanoTime();
            a.mmul(b, c);
            rates[i] = 2.0 * n * n * n / (System.nanoTime() - start);
        }
        return median(rates);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
