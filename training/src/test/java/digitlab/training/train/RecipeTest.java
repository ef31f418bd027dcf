package digitlab.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.core.data.PixelScaling;
import digitlab.core.data.Split;
import digitlab.training.TestData;
import digitlab.training.model.ActivationKind;
import digitlab.training.model.Augmentation;
import digitlab.training.model.LossKind;
import digitlab.training.model.OptimizerKind;
import digitlab.training.model.Recipe;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.training.model.TrainConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The full-data recipe's parts: the update rule, the decaying learning rate and the distorted images. */
class RecipeTest {
    private static final TrainingData DATA = TestData.trainingData(512, 200);

    private static TrainConfig config(Recipe recipe, int epochs) {
        return new TrainConfig(LossKind.CE, Regularizers.NONE, 0, new int[] {784, 32, 10}, ActivationKind.RELU, 0.05, 64,
                epochs, 0, "mnist", new Split("seed", 512, 200), PixelScaling.UNIT, recipe);
    }

    /** The first weight matrix after training {@code config} alone. */
    private static INDArray trainedWeights(TrainConfig config) {
        Trainer trainer = new Trainer(List.of(config), DATA);
        for (int e = 0; e < config.epochs(); e++) {
            trainer.trainEpoch();
        }
        return trainer.trainedNetwork(0).parameters().get(0).dup();
    }

    @Test
    void a_learning_rate_that_decays_to_nothing_in_the_first_epoch_freezes_the_weights_after_it() {
        Recipe vanishing = new Recipe(OptimizerKind.SGD, 1e-12, false);
        INDArray afterOne = trainedWeights(config(vanishing, 1));
        INDArray afterThree = trainedWeights(config(vanishing, 3));
        assertTrue(afterOne.equalsWithEps(afterThree, 1e-6), "no step after the first epoch moves a weight");
        // ...while a constant rate keeps learning, so the check above is not vacuous
        assertTrue(!trainedWeights(config(Recipe.STUDY, 1)).equalsWithEps(trainedWeights(config(Recipe.STUDY, 3)), 1e-3));
    }

    @Test
    void the_schedule_multiplies_the_rate_by_the_decay_once_per_epoch_of_steps() {
        TrainConfig c = config(new Recipe(OptimizerKind.SGD, 0.5, false), 1);
        int steps = 512 / 64;
        assertEquals(0.05, Trainer.learningRate(c, 512).valueAt(0, 0), 1e-12);
        assertEquals(0.025, Trainer.learningRate(c, 512).valueAt(steps, 0), 1e-9);
        assertEquals(0.0125, Trainer.learningRate(c, 512).valueAt(2 * steps, 0), 1e-9);
    }

    @Test
    void each_optimizer_trains_to_different_weights_from_the_same_start() {
        INDArray sgd = trainedWeights(config(Recipe.STUDY, 1));
        INDArray momentum = trainedWeights(config(new Recipe(OptimizerKind.MOMENTUM, 1, false), 1));
        INDArray adam = trainedWeights(config(new Recipe(OptimizerKind.ADAM, 1, false), 1));
        assertNotEquals(sgd, momentum);
        assertNotEquals(sgd, adam);
        assertNotEquals(momentum, adam);
    }

    @Test
    void augmentation_changes_the_images_but_keeps_their_ink_near_the_centre_and_is_seeded() {
        float[] original = DATA.pixelRowsOf(new int[] {0, 1, 2, 3}, 0, 4);
        float[] a = original.clone();
        float[] b = original.clone();
        new ImageAugmenter(new Random(7)).apply(a);
        new ImageAugmenter(new Random(7)).apply(b);
        assertTrue(java.util.Arrays.equals(a, b), "the same seed distorts the same way");
        assertTrue(!java.util.Arrays.equals(a, original), "the images changed");
        for (int i = 0; i < 4; i++) {
            double[] before = massAndCentre(original, i);
            double[] after = massAndCentre(a, i);
            // scaling by 0.9-1.1 changes the ink's area by at most about 20%, interpolation blurs a little
            assertEquals(before[0], after[0], 0.3 * before[0], "ink mass of image " + i);
            // a shift of at most 2 pixels plus a rotation and scaling about the centre
            assertEquals(before[1], after[1], 4.0, "centre x of image " + i);
            assertEquals(before[2], after[2], 4.0, "centre y of image " + i);
        }
    }

    /** Ink mass and centre of mass (x, y) of image {@code i}. */
    private static double[] massAndCentre(float[] rows, int i) {
        double mass = 0;
        double x = 0;
        double y = 0;
        for (int p = 0; p < 784; p++) {
            float v = rows[i * 784 + p];
            mass += v;
            x += v * (p % 28);
            y += v * (p / 28);
        }
        return new double[] {mass, x / mass, y / mass};
    }

    @Test
    void the_recipe_is_part_of_the_run_id_and_survives_run_json(@TempDir Path dir) throws IOException {
        TrainConfig c = config(new Recipe(OptimizerKind.ADAM, 0.9, true), 1);
        assertTrue(c.id().endsWith("-adam-decay0.9-aug-s0"), c.id());
        Map<String, Object> m = c.toMap();
        assertEquals("adam", m.get("optimizer"));
        assertEquals(Recipe.AUGMENTATION, m.get("augmentation"));
        assertEquals(c, TrainConfig.fromMap(m));
        new RunRecord(c, "md5", 0, false, 0, null).write(dir);
        assertEquals(c, RunRecord.read(dir).config());
    }

    @Test
    void the_convolutional_recipe_names_its_distortions_and_training_measure_and_survives_run_json() {
        TrainConfig c = TrainConfig.fullCnn(0);
        assertEquals("ce-cnn-full-adam-decay0.8-augreal-s0", c.id());
        Map<String, Object> m = c.toMap();
        assertEquals(Augmentation.REAL_INPUTS.description(), m.get("augmentation"));
        assertEquals(TrainConfig.CNN_TRAIN_EVAL_SIZE, m.get("trainEvaluationSize"));
        assertEquals(c, TrainConfig.fromMap(m));
        assertEquals(c.recipe(), TrainConfig.fromMap(m).recipe());
        // the MLP's recipe writes no such key: its run.json and ONNX metadata stay as they were
        assertTrue(!TrainConfig.fullData(0).toMap().containsKey("trainEvaluationSize"));
    }

    @Test
    void training_figures_on_a_subset_are_those_of_its_images() {
        Recipe all = new Recipe(OptimizerKind.ADAM, 1, Augmentation.NONE, 0);
        Recipe first100 = new Recipe(OptimizerKind.ADAM, 1, Augmentation.NONE, 100);
        EpochMetrics onAll = new Trainer(List.of(config(all, 1)), DATA).evaluate(0).get(0);
        EpochMetrics onSubset = new Trainer(List.of(config(first100, 1)), DATA).evaluate(0).get(0);
        EpochMetrics onSubsetData = new Trainer(List.of(config(all, 1)), TestData.trainingData(100, 200)).evaluate(0).get(0);
        assertEquals(onAll.testAccuracy(), onSubset.testAccuracy(), 1e-9, "the test set is whole either way");
        assertEquals(onSubsetData.trainAccuracy(), onSubset.trainAccuracy(), 1e-9);
        assertEquals(onSubsetData.trainLoss(), onSubset.trainLoss(), 1e-5);
        assertNotEquals(onAll.trainLoss(), onSubset.trainLoss());
    }

    @Test
    void a_run_folder_written_before_recipes_reads_as_the_study_recipe() {
        Map<String, Object> old = new java.util.LinkedHashMap<>(config(Recipe.STUDY, 1).toMap());
        old.remove("optimizerDetails");
        old.remove("learningRateDecayPerEpoch");
        old.remove("augmentation");
        old.put("optimizer", "SGD");
        assertEquals(Recipe.STUDY, TrainConfig.fromMap(old).recipe());
    }
}
