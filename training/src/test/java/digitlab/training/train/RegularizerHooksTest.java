package digitlab.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.data.PixelScaling;
import digitlab.core.data.Split;
import digitlab.core.model.ModelContract;
import digitlab.training.TestData;
import digitlab.training.model.ActivationKind;
import digitlab.training.model.LossKind;
import digitlab.training.model.StackedMlpGraph;
import digitlab.training.model.TrainConfig;
import digitlab.training.regularizer.BatchTransform;
import digitlab.training.regularizer.EpochRule;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regularizer hooks the ported regularizers do not exercise (the loss term and the graph change
 * are L1's, L2's and dropout's, checked against the recorded figures by StudyReproductionTest): a rule over epochs and
 * a change to the data, each through a regularizer defined here.
 */
class RegularizerHooksTest {
    private static final TrainingData DATA = TestData.trainingData(300, 300);
    private static final int EPOCHS = 6;

    private static TrainConfig config(Regularizer reg) {
        return new TrainConfig(LossKind.CE, reg, 0, new int[] {784, 32, 10}, ActivationKind.RELU, 0.1, 50, EPOCHS, 4,
                "mnist", new Split("seed", 300, 300), PixelScaling.UNIT);
    }

    /** A regularizer that only adds the given rule over epochs or the given data change. */
    private record Hooked(String id, Function<TrainConfig, EpochRule> rule, Function<TrainConfig, BatchTransform> data)
            implements Regularizer {
        @Override
        public String familyTitle() {
            return id;
        }

        @Override
        public String familyShortName() {
            return id;
        }

        @Override
        public EpochRule epochRule(TrainConfig run) {
            return rule == null ? EpochRule.EVERY_EPOCH : rule.apply(run);
        }

        @Override
        public BatchTransform dataChange(TrainConfig run, digitlab.training.checkpoint.RandomStreams streams) {
            return data == null ? null : data.apply(run);
        }
    }

    @Test
    void an_epoch_rule_stops_its_run_and_keeps_the_epoch_it_named_while_the_stack_trains_on(@TempDir Path dir)
            throws IOException {
        // keeps epoch 1, stops after epoch 2
        Regularizer stopper = new Hooked("stop-test", run -> m -> new EpochRule.Decision(m.epoch() == 1, m.epoch() == 2), null);
        TrainConfig stopping = config(stopper);
        TrainConfig plain = config(Regularizers.NONE);
        List<Trainer.TrainedRun> trained = new Trainer(List.of(stopping, plain), DATA)
                .run(c -> dir.resolve(c.id()), "md5", TrainingListener.NONE);

        RunRecord stopped = trained.get(0).record();
        assertEquals(3, MetricsCsv.read(dir.resolve(stopping.id())).rows().size(), "no rows after the stop");
        assertEquals(3, stopped.epochsDone());
        assertEquals(1, stopped.last().epoch(), "the record's figures are the kept epoch's");
        RunFile written = RunFile.read(dir.resolve(stopping.id()));
        assertTrue(written.isFinished());
        assertEquals(3, written.epochsDone());
        assertEquals(EPOCHS, trained.get(1).record().epochsDone(), "the other run of the stack trained on");
        assertEquals(EPOCHS, MetricsCsv.read(dir.resolve(plain.id())).rows().size());

        // The same stack trained two epochs by hand: the kept weights are those, bit for bit.
        Trainer twoEpochs = new Trainer(List.of(plain, plain), DATA);
        twoEpochs.trainEpoch();
        twoEpochs.trainEpoch();
        assertEquals(twoEpochs.trainedNetwork(0).parameters(), trained.get(0).network().parameters());
    }

    @Test
    void a_data_change_sees_every_training_batch_changes_what_is_learned_and_keeps_its_run_out_of_plain_stacks() {
        AtomicLong pixels = new AtomicLong();
        BatchTransform invert = rows -> {
            pixels.addAndGet(rows.length);
            for (int i = 0; i < rows.length; i++) {
                rows[i] = 1f - rows[i];
            }
        };
        TrainConfig changed = config(new Hooked("invert-test", null, run -> invert));
        TrainConfig plain = config(Regularizers.NONE);
        assertFalse(StackedMlpGraph.stackable(changed, plain), "different data, different batches");
        assertFalse(StackedMlpGraph.stackable(plain, changed));
        assertTrue(StackedMlpGraph.stackable(changed, changed));

        Trainer inverted = new Trainer(List.of(changed), DATA);
        Trainer asIs = new Trainer(List.of(plain), DATA);
        for (int e = 0; e < 2; e++) {
            inverted.trainEpoch();
            asIs.trainEpoch();
        }
        assertEquals(2L * DATA.trainSize() * ModelContract.FEATURES, pixels.get(), "every image of both epochs, once");
        assertNotEquals(asIs.trainedNetwork(0).parameters(), inverted.trainedNetwork(0).parameters());
        assertTrue(asIs.evaluate(1).get(0).testAccuracy() > inverted.evaluate(1).get(0).testAccuracy(),
                "trained on inverted digits, tested on plain ones");
    }
}
