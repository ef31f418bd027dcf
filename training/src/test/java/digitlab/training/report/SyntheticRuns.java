package digitlab.training.report;

import digitlab.core.reference.ReferenceStudy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes run folders the way the trainer does (metrics.csv + run.json), with made-up but
 * plausible learning curves: accuracies rise towards a plateau, train faster than test.
 */
final class SyntheticRuns {
    private SyntheticRuns() {}

    /** One row per epoch: {trainLoss, trainAcc, testAcc}; gap is derived when written. */
    static List<double[]> curve(int epochs, double testPlateau, double trainPlateau, long seed) {
        Random random = new Random(seed);
        List<double[]> rows = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            double rise = 1 - Math.exp(-e / 90.0);
            double train = 10 + (trainPlateau - 10) * (1 - Math.exp(-e / 60.0)) + random.nextGaussian() * 0.3;
            double test = 10 + (testPlateau - 10) * rise + random.nextGaussian() * 0.4;
            double loss = 2.3 * Math.exp(-e / 80.0) + 0.01;
            rows.add(new double[] {loss, Math.min(100, train), test});
        }
        return rows;
    }

    static Path writeRun(Path experiment, String name, int seed, List<double[]> rows, int plannedEpochs,
            boolean finished) throws IOException {
        ReferenceStudy.Setting setting = ReferenceStudy.byName(name).orElseThrow();
        String id = name + "-s" + seed;
        Path dir = Files.createDirectories(experiment.resolve(id));
        StringBuilder csv = new StringBuilder("epoch,train_loss,train_acc,test_acc,gap\n");
        for (int e = 0; e < rows.size(); e++) {
            double[] r = rows.get(e);
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.4f,%.4f,%.4f%n", e, r[0], r[1], r[2], r[1] - r[2]));
        }
        Files.writeString(dir.resolve("metrics.csv"), csv);
        double[] last = rows.isEmpty() ? new double[3] : rows.get(rows.size() - 1);
        String json = String.format(Locale.ROOT, """
                {"id":"%s","name":"%s","family":"%s","seed":%d,
                 "config":{"loss":"%s","regularizer":"%s","strength":%s,"layers":[784,128,128,128,10],
                   "activation":"relu","init":"uniform(+-1/sqrt(fan_in))","learningRate":0.01,"batchSize":128,
                   "epochs":%d,"seed":%d,"pixelScaling":"UNIT"},
                 "dataset":{"name":"mnist","split":"seed","trainSize":1000,"testSize":2000,
                   "testImagesMd5":"2646ac647ad5339dbf082846283269ea"},
                 "epochsDone":%d,"finished":%s,"msPerEpoch":41.7,"trainingMillis":%d,
                 "final":{"epoch":%d,"trainLoss":%.4f,"trainAcc":%.2f,"testAcc":%.2f,"gap":%.2f}}
                """, id, name, setting.family(), seed, setting.loss(), setting.regularizer(),
                ReferenceStudy.formatStrength(setting.strength()), plannedEpochs, seed, rows.size(), finished,
                Math.round(rows.size() * 41.7), rows.size() - 1, last[0], last[1], last[2], last[1] - last[2]);
        Files.writeString(dir.resolve("run.json"), json);
        return dir;
    }

    /** A finished run whose last epoch has exactly the given accuracies. */
    static Path writeRunEndingAt(Path experiment, String name, int seed, int epochs, double finalTest,
            double finalTrain) throws IOException {
        List<double[]> rows = curve(epochs, finalTest, finalTrain, seed);
        rows.set(epochs - 1, new double[] {0.05, finalTrain, finalTest});
        return writeRun(experiment, name, seed, rows, epochs, true);
    }

    /** The study's whole grid, {@code seeds} seeds each, plateaus near the study's printed numbers. */
    static void writeGrid(Path experiment, int seeds, int epochs) throws IOException {
        for (ReferenceStudy.Setting s : ReferenceStudy.GRID) {
            for (int seed = 0; seed < seeds; seed++) {
                long noise = s.name().hashCode() * 31L + seed;
                double jitter = new Random(noise).nextGaussian() * 0.6;
                writeRun(experiment, s.name(), seed,
                        curve(epochs, s.printedTestPercent() + jitter, s.printedTrainPercent(), noise), epochs, true);
            }
        }
        Files.writeString(experiment.resolve("experiment.json"), String.format(Locale.ROOT,
                "{\"name\":\"reference\",\"seeds\":%d,\"epochs\":%d,\"wallMillis\":7384000,"
                        + "\"command\":\"./digit-lab experiment reference --seeds %d\"}", seeds, epochs, seeds));
    }
}
