package digitlab.training.bench;

import digitlab.training.model.TrainConfig;
import digitlab.training.train.Trainer;
import digitlab.training.train.TrainingData;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times what a training run spends per epoch (8 SGD steps plus the full train and test
 * evaluation), and the floor for it: the epoch's arithmetic divided by this core's measured
 * single-precision matmul rate.
 */
public final class TrainBenchmark {
    private TrainBenchmark() {}

    /**
     * Median milliseconds per epoch of a stack of runs (one run: a stack of one) over {@code reps}
     * timings of {@code epochs} epochs each, after warm-up.
     */
    public static double medianEpochMillis(List<TrainConfig> stack, TrainingData data, int warmup, int reps, int epochs) {
        Trainer trainer = new Trainer(stack, data);
        for (int e = 0; e < warmup; e++) {
            trainer.trainEpoch();
            trainer.evaluate(e);
        }
        double[] timings = new double[reps];
        for (int r = 0; r < reps; r++) {
            long start = System.nanoTime();
            for (int e = 0; e < epochs; e++) {
                trainer.trainEpoch();
                trainer.evaluate(e);
            }
            timings[r] = (System.nanoTime() - start) / 1e6 / epochs;
        }
        return median(timings);
    }

    /**
     * Floating-point operations of one epoch: forward, backward (about twice the forward) and the
     * update for every training example, plus a forward pass over the train and test sets.
     */
    public static double flopsPerEpoch(int[] layers, int trainSize, int testSize) {
        double forwardPerExample = 0;
        long params = 0;
        for (int l = 0; l + 1 < layers.length; l++) {
            forwardPerExample += 2.0 * layers[l] * layers[l + 1];
            params += (long) layers[l] * layers[l + 1] + layers[l + 1];
        }
        int steps = (trainSize + 127) / 128;
        return 3 * forwardPerExample * trainSize + 2.0 * params * steps + forwardPerExample * (trainSize + testSize);
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
