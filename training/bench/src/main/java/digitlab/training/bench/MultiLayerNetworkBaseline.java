package digitlab.training.bench;

import digitlab.core.model.ModelContract;
import digitlab.training.model.LossKind;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.training.model.TrainConfig;
import digitlab.training.train.SeedStreams;
import digitlab.training.train.TrainingData;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The same protocol in Deeplearning4j's own {@link MultiLayerNetwork}, on the same ND4J backend:
 * the peer a Java user would pick besides SameDiff. Same layers, ReLU, SGD, batch, batch order
 * drawn per epoch, and the full train and test evaluation every epoch. Its own definitions where
 * they differ in detail (weight init, dropout as DL4J applies it to each layer's input, L2 as
 * {@code l2(lambda/n)} for the same lambda/(2n) sum w^2), which changes no op count.
 */
public final class MultiLayerNetworkBaseline implements EpochTimer {
    private final MultiLayerNetwork network;
    private final TrainingData data;
    private final int batchSize;
    private final Random orderRng;

    public MultiLayerNetworkBaseline(TrainConfig config, TrainingData data, int warmup) {
        this.data = data;
        this.batchSize = config.batchSize();
        this.orderRng = new Random(config.seed());
        int[] layers = config.layers();
        var builder = new NeuralNetConfiguration.Builder().seed(config.seed()).dataType(DataType.FLOAT)
                .updater(new Sgd(config.learningRate()));
        if (config.regularizer() == Regularizers.L2) {
            builder.l2(config.strength() / data.trainSize());
        }
        if (config.regularizer() == Regularizers.L1) {
            builder.l1(config.strength() / data.trainSize());
        }
        var list = builder.list();
        for (int l = 0; l + 2 < layers.length; l++) {
            DenseLayer.Builder dense = new DenseLayer.Builder().nIn(layers[l]).nOut(layers[l + 1]).activation(Activation.RELU);
            list.layer(dropoutOnInput(dense, config, l).build());
        }
        boolean ce = config.loss() == LossKind.CE;
        OutputLayer.Builder output = new OutputLayer.Builder(ce ? LossFunctions.LossFunction.MCXENT : LossFunctions.LossFunction.MSE)
                .nIn(layers[layers.length - 2]).nOut(ModelContract.CLASSES)
                .activation(ce ? Activation.SOFTMAX : Activation.IDENTITY);
        list.layer(dropoutOnInput(output, config, layers.length - 2).build());
        network = new MultiLayerNetwork(list.build());
        network.init();
        for (int e = 0; e < warmup; e++) {
            epoch();
        }
    }

    /** DL4J drops a layer's inputs (and takes the keep probability): every layer after the first hidden one. */
    private static <B extends org.deeplearning4j.nn.conf.layers.BaseLayer.Builder<B>> B dropoutOnInput(B layer,
            TrainConfig config, int index) {
        return config.regularizer() == Regularizers.DROPOUT && index > 0 ? layer.dropOut(1 - config.strength()) : layer;
    }

    @Override
    public double millisPerEpoch(int epochs) {
        long start = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            epoch();
        }
        return (System.nanoTime() - start) / 1e6 / epochs;
    }

    /** The network being timed, for checking it trains what it should. */
    MultiLayerNetwork network() {
        return network;
    }

    private void epoch() {
        int n = data.trainSize();
        int[] order = SeedStreams.permutation(n, orderRng);
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            network.fit(new DataSet(data.pixelsOf(order, from, to), data.oneHotOf(order, from, to)));
        }
        // evaluation as the trainer does it: one forward pass over each whole set, the train loss and both accuracies
        INDArray train = network.output(data.trainX(), false);
        Transforms.log(train, true).muli(data.trainY()).sumNumber();
        train.argMax(1);
        network.output(data.testX(), false).argMax(1);
    }

}
