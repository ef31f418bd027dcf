package digitlab.training.model;

import java.util.List;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A fully connected layer, {@code h x w + b}: weight {@code [in, units]}, bias {@code [units]}. */
public record Dense(int units) implements LayerSpec {
    public Dense {
        if (units <= 0) {
            throw new digitlab.core.cli.UsageException("Every layer needs at least one unit.");
        }
    }

    @Override
    public long[] outputShape(long[] input) {
        if (input.length != 1) {
            throw new IllegalArgumentException("A dense layer takes a vector; flatten the image first.");
        }
        return new long[] {units};
    }

    @Override
    public List<INDArray> initialParameters(long[] input, Random rng) {
        int fanIn = (int) input[0];
        return List.of(InitialWeights.uniform(rng, fanIn, fanIn, units), InitialWeights.uniform(rng, fanIn, units));
    }

    @Override
    public SDVariable apply(SameDiff sd, SDVariable h, long[] input, List<SDVariable> parameters) {
        return h.mmul(parameters.get(0)).add(parameters.get(1));
    }

    @Override
    public int parameterCount() {
        return 2;
    }

    @Override
    public int inputRank() {
        return 1;
    }

    @Override
    public String id() {
        return "dense" + units;
    }
}
