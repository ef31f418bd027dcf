package digitlab.training.cli;

import digitlab.core.cli.UsageException;
import digitlab.core.data.DigitDataset;
import digitlab.core.data.PixelScaling;
import digitlab.core.data.Split;
import digitlab.training.model.ActivationKind;
import digitlab.training.model.Choices;
import digitlab.training.model.LossKind;
import digitlab.training.model.Network;
import digitlab.training.model.OptimizerKind;
import digitlab.training.model.Recipe;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.training.model.TrainConfig;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** The network, optimiser and data flags shared by {@code train} and {@code experiment}. */
public final class NetworkOptions {
    @Option(names = "--layers", split = ",", paramLabel = "N",
            description = "Layer sizes, input to output (default: 784,128,128,128,10).")
    int[] layers = TrainConfig.DEFAULT_LAYERS;

    @Option(names = "--network", paramLabel = "LAYERS",
            description = "The whole network instead of --layers/--activation: 'cnn' (two 5x5 convolutions, pooled, then 128 dense units), "
                    + "'mlp' (the study's), or comma-separated layers, e.g. conv5x5x16,relu,pool2,flatten,dense64,relu,dense10.")
    String network;

    @Option(names = "--activation", defaultValue = "relu", description = "relu, sigmoid or tanh (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--lr", defaultValue = "0.01", description = "Learning rate (default: ${DEFAULT-VALUE}; about 0.001 suits adam).")
    double learningRate;

    @Option(names = "--optimizer", defaultValue = "sgd",
            description = "sgd (the study's), momentum (Nesterov, 0.9) or adam (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr-decay", defaultValue = "1", paramLabel = "F",
            description = "Multiply the learning rate by F every epoch, smoothly over its steps (default: ${DEFAULT-VALUE}, constant).")
    double lrDecay;

    @Option(names = "--augment",
            description = "Distort every training image afresh each epoch: rotation up to 12 degrees, scale 0.9-1.1, shift up to 2 pixels (default: off).")
    boolean augment;

    @Option(names = "--batch", defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--epochs", defaultValue = "1000", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--split", defaultValue = "study",
            description = "study (first 1000 train / 2000 test images, the reference study's; 'seed', its old name, works too) "
                    + "or full (60000/10000) (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--train-size", description = "Override the split's number of training images.")
    Integer trainSize;

    @Option(names = "--test-size", description = "Override the split's number of test images.")
    Integer testSize;

    @Option(names = "--scaling", defaultValue = "unit",
            description = "Pixel scaling: unit ([0,1], the ONNX contract's) or raw (0-255, as the study's notebook) (default: ${DEFAULT-VALUE}).")
    String scaling;

    @Option(names = "--dataset", defaultValue = DigitDataset.DEFAULT,
            description = "Dataset folder name under data/ (default: ${DEFAULT-VALUE}).")
    String dataset;

    TrainConfig config(LossKind loss, Regularizer regularizer, double strength, long seed) {
        if (epochs <= 0) {
            throw new UsageException("--epochs must be positive, not " + epochs + ".");
        }
        if (network != null && (layers != TrainConfig.DEFAULT_LAYERS || !"relu".equals(activation))) {
            throw new UsageException("--network names the whole network: give it without --layers and --activation.");
        }
        Network net = network != null ? Network.parse(network)
                : Network.mlp(Arrays.copyOf(layers, layers.length), ActivationKind.parse(activation));
        return new TrainConfig(loss, regularizer, strength, net, learningRate, batch, epochs, seed, dataset,
                Split.named(split).withSizes(trainSize, testSize), Choices.parse(PixelScaling.class, scaling, "scaling"),
                new Recipe(OptimizerKind.parse(optimizer), lrDecay, augment));
    }
}
