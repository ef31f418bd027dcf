package digitlab.training.model;

import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.core.cli.UsageException;
import digitlab.core.data.PixelScaling;
import digitlab.core.data.Split;
import digitlab.core.model.ModelContract;
import digitlab.core.reference.ReferenceStudy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Everything that decides what one training run computes. Same config, same numbers. */
public record TrainConfig(
        LossKind loss,
        Regularizer regularizer,
        double strength,
        Network network,
        double learningRate,
        int batchSize,
        int epochs,
        long seed,
        String dataset,
        Split split,
        PixelScaling scaling,
        Recipe recipe) {

    public static final int[] DEFAULT_LAYERS = {ModelContract.FEATURES, 128, 128, 128, ModelContract.CLASSES};
    public static final String INIT = "uniform(+-1/sqrt(fan_in)) for weights and biases";

    /** A dense network's run with the study's recipe: plain SGD at a constant rate on the images as they are. */
    public TrainConfig(LossKind loss, Regularizer regularizer, double strength, int[] layers,
            ActivationKind activation, double learningRate, int batchSize, int epochs, long seed, String dataset,
            Split split, PixelScaling scaling) {
        this(loss, regularizer, strength, layers, activation, learningRate, batchSize, epochs, seed, dataset, split,
                scaling, Recipe.STUDY);
    }

    /** A run of the dense network of {@code layers} sizes with {@code activation} after each hidden layer. */
    public TrainConfig(LossKind loss, Regularizer regularizer, double strength, int[] layers,
            ActivationKind activation, double learningRate, int batchSize, int epochs, long seed, String dataset,
            Split split, PixelScaling scaling, Recipe recipe) {
        this(loss, regularizer, strength, Network.mlp(layers, activation), learningRate, batchSize, epochs, seed,
                dataset, split, scaling, recipe);
    }

    public TrainConfig {
        strength = regularizer.checkStrength(strength);
        if (!(learningRate > 0) || batchSize <= 0 || epochs <= 0) {
            throw new UsageException("--lr, --batch and --epochs must all be positive.");
        }
    }

    /** The reference study's protocol for one of its settings. */
    public static TrainConfig reference(LossKind loss, Regularizer regularizer, double strength, long seed) {
        return new TrainConfig(loss, regularizer, strength, DEFAULT_LAYERS, ActivationKind.RELU, 0.01, 128, 1000,
                seed, "mnist", Split.STUDY, PixelScaling.UNIT);
    }

    /**
     * The model worth serving: the default network trained on all 60000 training images with Adam,
     * a learning rate that decays every epoch and distorted images (measured in docs/results.md).
     */
    public static TrainConfig fullData(long seed) {
        return new TrainConfig(LossKind.CE, Regularizers.NONE, 0, DEFAULT_LAYERS, ActivationKind.RELU, 0.001, 128, 40,
                seed, "mnist", Split.FULL, PixelScaling.UNIT, new Recipe(OptimizerKind.ADAM, 0.93, true));
    }

    /**
     * The convolutional model worth serving, the default one: {@link Network#CNN} on all 60000
     * training images with Adam, a decaying rate and the distortions real inputs have; its training
     * figures measured on the first {@link #CNN_TRAIN_EVAL_SIZE} training images (measured in docs/results.md).
     */
    public static TrainConfig fullCnn(long seed) {
        return new TrainConfig(LossKind.CE, Regularizers.NONE, 0, Network.parse(Network.CNN), 0.001, 128, CNN_EPOCHS,
                seed, "mnist", Split.FULL, PixelScaling.UNIT,
                new Recipe(OptimizerKind.ADAM, CNN_LR_DECAY, Augmentation.REAL_INPUTS, CNN_TRAIN_EVAL_SIZE));
    }

    static final int CNN_EPOCHS = 15;
    static final double CNN_LR_DECAY = 0.8;
    /** A fixed sixth of the training set: the whole set's pass would cost the CNN a quarter of its epoch. */
    public static final int CNN_TRAIN_EVAL_SIZE = 10000;

    public TrainConfig withEpochs(int newEpochs) {
        return copy(f -> f.epochs = newEpochs);
    }

    /** The same run with another loss, regularizer and strength. */
    public TrainConfig withObjective(LossKind newLoss, Regularizer newRegularizer, double newStrength) {
        return copy(f -> {
            f.loss = newLoss;
            f.regularizer = newRegularizer;
            f.strength = newStrength;
        });
    }

    public TrainConfig withSplit(Split newSplit) {
        return copy(f -> f.split = newSplit);
    }

    public TrainConfig withSeed(long newSeed) {
        return copy(f -> f.seed = newSeed);
    }

    /** The same run optimised another way. */
    public TrainConfig withRecipe(Recipe newRecipe) {
        return copy(f -> f.recipe = newRecipe);
    }

    /** This config with what {@code change} sets changed, checked again by the constructor. */
    private TrainConfig copy(java.util.function.Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return new TrainConfig(f.loss, f.regularizer, f.strength, network, learningRate, batchSize, f.epochs, f.seed,
                dataset, f.split, scaling, f.recipe);
    }

    /** The fields a {@code with...} method may change. */
    private static final class Fields {
        LossKind loss;
        Regularizer regularizer;
        double strength;
        int epochs;
        long seed;
        Split split;
        Recipe recipe;

        Fields(TrainConfig c) {
            loss = c.loss;
            regularizer = c.regularizer;
            strength = c.strength;
            epochs = c.epochs;
            seed = c.seed;
            split = c.split;
            recipe = c.recipe;
        }
    }

    /** A dense network's sizes, input to output (see {@link Network#denseSizes}). */
    public int[] layers() {
        return network.denseSizes();
    }

    /** The hidden layers' activation (see {@link Network#activation}). */
    public ActivationKind activation() {
        return network.activation();
    }

    /** The setting's name, shared by its seeds: e.g. {@code ce-l2-0.01}, plus what differs from the default net. */
    public String name() {
        StringBuilder name = new StringBuilder(ReferenceStudy.runName(loss.id(), regularizer.id(), strength));
        if (!network.denseOnly()) {
            // the layer string, safe in file names; the preset's short name for the preset
            name.append('-').append(network.id().equals(Network.CNN) ? "cnn" : network.id().replace(',', '_'));
        } else {
            int[] layers = layers();
            if (activation() != ActivationKind.RELU) {
                name.append('-').append(activation().id());
            }
            if (!Arrays.equals(layers, DEFAULT_LAYERS)) {
                name.append("-h").append(Arrays.stream(layers, 1, layers.length - 1)
                        .mapToObj(Integer::toString).collect(Collectors.joining("x")));
            }
        }
        if (!"mnist".equals(dataset)) {
            name.append('-').append(dataset);
        }
        if (!Split.STUDY.equals(split)) {
            // "-full" for the full split; sizes only when they differ from the named split's
            name.append('-').append(split.name());
            if (!split.equals(Split.named(split.name()))) {
                name.append(split.trainSize()).append('x').append(split.testSize());
            }
        }
        if (scaling != PixelScaling.UNIT) {
            name.append("-raw");
        }
        if (recipe.optimizer() != OptimizerKind.SGD) {
            name.append('-').append(recipe.optimizer().id());
        }
        if (recipe.lrDecay() != 1) {
            name.append("-decay").append(ReferenceStudy.formatStrength(recipe.lrDecay()));
        }
        name.append(recipe.augmentation().nameSuffix());
        return name.toString();
    }

    /** The run's id, unique per setting and seed: the run folder's and the ONNX file's name. */
    public String id() {
        return name() + "-s" + seed;
    }

    /** The regularizer family a report or leaderboard groups by. */
    public String family() {
        return regularizer.family();
    }

    /** A plain map for JSON: run.json and the ONNX metadata. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", loss.id());
        m.put("regularizer", regularizer.id());
        m.put("strength", strength);
        if (network.denseOnly()) {
            m.put("layers", Arrays.stream(layers()).boxed().toList());
        } else {
            m.put("network", network.id()); // read back by Network.parse
        }
        m.put("activation", activation().id());
        m.put("init", INIT);
        m.put("optimizer", recipe.optimizer().id());
        m.put("optimizerDetails", recipe.optimizer().description());
        m.put("learningRate", learningRate);
        m.put("learningRateDecayPerEpoch", recipe.lrDecay());
        m.put("augmentation", recipe.augmentation().description());
        if (recipe.trainEvalSize() > 0) {
            m.put("trainEvaluationSize", recipe.trainEvalSize()); // the training figures' images: the first this many
        }
        m.put("batchSize", batchSize);
        m.put("epochs", epochs);
        m.put("seed", seed);
        m.put("dataset", dataset);
        m.put("split", split.name());
        m.put("trainSize", split.trainSize());
        m.put("testSize", split.testSize());
        m.put("pixelScaling", scaling.name());
        if (regularizer.validationImages() > 0) { // only then, so every other run's config stays as it was
            m.put("validation", "the last " + regularizer.validationImages() + " training images, never trained on");
        }
        return m;
    }

    /** The inverse of {@link #toMap()}, for reading a run.json back; fails naming a field that is missing. */
    public static TrainConfig fromMap(Map<String, ?> m) {
        ConfigFields f = new ConfigFields(m);
        Network network = f.has("network") ? Network.parse(f.requiredText("network"))
                : Network.mlp(f.requiredWholes("layers").stream().mapToInt(Integer::intValue).toArray(),
                        ActivationKind.parse(f.requiredText("activation")));
        return new TrainConfig(
                LossKind.parse(f.requiredText("loss")),
                Regularizers.parse(f.requiredText("regularizer")),
                f.requiredNumber("strength").doubleValue(),
                network,
                f.requiredNumber("learningRate").doubleValue(),
                f.requiredNumber("batchSize").intValue(),
                f.requiredNumber("epochs").intValue(),
                f.requiredNumber("seed").longValue(),
                f.requiredText("dataset"),
                new Split(f.requiredText("split"), f.requiredNumber("trainSize").intValue(),
                        f.requiredNumber("testSize").intValue()),
                PixelScaling.valueOf(f.requiredText("pixelScaling")),
                recipeOf(f));
    }

    /** Run folders written before recipes existed name no optimizer ("SGD" at most): the study's recipe. */
    private static Recipe recipeOf(ConfigFields f) {
        String optimizer = f.text("optimizer");
        Double decay = f.number("learningRateDecayPerEpoch");
        Integer trainEvalSize = f.whole("trainEvaluationSize");
        return new Recipe(optimizer == null ? OptimizerKind.SGD : OptimizerKind.parse(optimizer),
                decay == null ? 1.0 : decay, Augmentation.ofDescription(f.text("augmentation")),
                trainEvalSize == null ? 0 : trainEvalSize);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainConfig c && toMap().toString().equals(c.toMap().toString());
    }

    @Override
    public int hashCode() {
        return toMap().toString().hashCode();
    }

    @Override
    public String toString() {
        return id();
    }
}
