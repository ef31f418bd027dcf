package digitlab.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.data.PixelScaling;
import digitlab.core.data.Split;
import digitlab.core.model.ModelContract;
import digitlab.training.TestData;
import digitlab.training.model.ActivationKind;
import digitlab.training.model.LossKind;
import digitlab.training.model.GraphNames;
import digitlab.training.model.SingleRunOracle;
import digitlab.training.model.TrainedNetwork;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.training.model.TrainConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * A run trained in a stack computes what it computes alone. "Alone" here is the plain recipe on
 * the single-run {@link SingleRunOracle} (SameDiff's fused softmax cross-entropy, its own penalty ops),
 * with the same seeded streams: an independent check of the stacked graph's objective, gradients,
 * batch sharing and mask layout.
 */
class StackParityTest {
    private static final TrainingData DATA = TestData.trainingData(1000, 1000);
    private static final int EPOCHS = 3;

    private static TrainConfig config(LossKind loss, Regularizer reg, double strength) {
        return new TrainConfig(loss, reg, strength, new int[] {784, 64, 48, 10}, ActivationKind.RELU, 0.1, 32,
                EPOCHS, 5, "mnist", new Split("seed", 1000, 1000), PixelScaling.UNIT);
    }

    @Test
    void every_run_of_a_stack_trains_as_it_would_alone() {
        assertStackTrainsAsAlone(List.of(
                config(LossKind.CE, Regularizers.NONE, 0),
                config(LossKind.MSE, Regularizers.NONE, 0),
                config(LossKind.CE, Regularizers.L1, 0.5),
                config(LossKind.CE, Regularizers.L2, 50),
                config(LossKind.CE, Regularizers.DROPOUT, 0.3),
                config(LossKind.MSE, Regularizers.DROPOUT, 0.6)));
    }

    @Test
    void a_stack_of_one_trains_as_alone_too() {
        // A lone run takes the fused cross-entropy op, not the spelled-out per-run form.
        assertStackTrainsAsAlone(List.of(config(LossKind.CE, Regularizers.L2, 50)));
    }

    private static void assertStackTrainsAsAlone(List<TrainConfig> runs) {
        Trainer stack = new Trainer(runs, DATA);
        List<EpochMetrics> together = List.of();
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            stack.trainEpoch();
            together = stack.evaluate(epoch);
        }
        for (int i = 0; i < runs.size(); i++) {
            SingleRunOracle alone = trainAlone(runs.get(i));
            TrainedNetwork extracted = stack.trainedNetwork(i);
            String run = runs.get(i).id();
            TrainConfig c = runs.get(i);
            // L1 pushes weights onto zero, where rounding picks the sign of the next step (lr*lambda/n each way)
            double tolerance = 1e-4 + (c.regularizer() == Regularizers.L1 ? 4 * c.learningRate() * c.strength() / DATA.trainSize() : 0);
            for (int p = 0; p < extracted.parameters().size(); p++) {
                String w = p % 2 == 0 ? GraphNames.weight(p / 2) : GraphNames.bias(p / 2);
                INDArray expected = alone.sameDiff().getArrForVarName(w);
                INDArray actual = extracted.parameters().get(p);
                double maxDiff = expected.sub(actual).amaxNumber().doubleValue();
                assertTrue(maxDiff < tolerance, run + " " + w + " differs by " + maxDiff);
            }
            double accuracy = accuracy(alone.probabilities(DATA.testX()), DATA.testLabels());
            assertEquals(accuracy, together.get(i).testAccuracy(), 0.21, run);
            assertTrue(accuracy > 30, run + " learned something: " + accuracy);
        }
    }

    /** The single-run recipe: shuffled batches, masks from the run's own stream, SGD via sd.fit. */
    private static SingleRunOracle trainAlone(TrainConfig c) {
        SingleRunOracle g = SingleRunOracle.build(c, new Random(c.seed()), DATA.trainSize());
        SameDiff sd = g.sameDiff();
        List<String> features = new ArrayList<>(List.of(ModelContract.INPUT));
        features.addAll(g.maskNames());
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Sgd(c.learningRate()))
                .dataSetFeatureMapping(features).dataSetLabelMapping(GraphNames.LABELS).build());
        Random order = SeedStreams.batchOrder(c.seed());
        DropoutMasks masks = new DropoutMasks(SeedStreams.dropoutMasks(c.seed()), c.strength());
        int n = DATA.trainSize();
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            int[] perm = SeedStreams.permutation(n, order);
            for (int from = 0; from < n; from += c.batchSize()) {
                int to = Math.min(n, from + c.batchSize());
                INDArray[] in = new INDArray[1 + g.maskNames().size()];
                in[0] = DATA.pixelsOf(perm, from, to);
                for (int l = 1; l < in.length; l++) {
                    int width = g.hiddenWidth(l - 1);
                    in[l] = Nd4j.create(masks.drawValues((to - from) * width), new long[] {to - from, width}, 'c');
                }
                sd.fit(new MultiDataSet(in, new INDArray[] {DATA.oneHotOf(perm, from, to)}));
            }
        }
        return g;
    }

    private static double accuracy(INDArray probabilities, int[] labels) {
        float[] p = probabilities.dup('c').data().asFloat();
        return digitlab.core.metrics.Predictions.accuracyPercent(
                digitlab.core.metrics.Predictions.argmaxRows(p, ModelContract.CLASSES), labels);
    }

    @Test
    void runs_that_share_seed_and_network_are_stacked_and_each_group_is_cut_for_the_cores() {
        TrainConfig ce = config(LossKind.CE, Regularizers.NONE, 0);
        List<TrainConfig> runs = new ArrayList<>();
        for (long seed = 0; seed < 2; seed++) {
            for (double lambda : new double[] {0.1, 1, 10, 100, 1000}) {
                runs.add(ce.withObjective(LossKind.CE, Regularizers.L2, lambda).withSeed(seed));
            }
        }
        runs.add(ce.withEpochs(1));
        List<List<TrainConfig>> stacks = TrainingJob.stacks(runs, 2);
        assertEquals(List.of(2, 3, 2, 3, 1), stacks.stream().map(List::size).toList());
        Map<Long, Integer> seen = new HashMap<>();
        for (List<TrainConfig> stack : stacks) {
            for (TrainConfig c : stack) {
                assertEquals(stack.get(0).seed(), c.seed());
                assertEquals(stack.get(0).epochs(), c.epochs());
                seen.merge(c.seed(), 1, Integer::sum);
            }
        }
        assertEquals(Map.of(0L, 5, 1L, 5, 5L, 1), seen);
        assertEquals(List.of(runs.subList(0, 5)), TrainingJob.stacks(runs.subList(0, 5), 1), "one core, one stack");
    }
}
